#include "ticket.hpp"

#include <nlohmann/json.hpp>

namespace madoguchi {

std::string_view ticket_error_name(TicketError code) {
    switch (code) {
        case TicketError::no_printer: return "no_printer";
        case TicketError::paper_out: return "paper_out";
        case TicketError::cover_open: return "cover_open";
        case TicketError::printer_offline: return "printer_offline";
        case TicketError::printer_failed: return "printer_failed";
        case TicketError::server_unreachable: return "server_unreachable";
        case TicketError::server_busy: return "server_busy";
        case TicketError::server_refused: return "server_refused";
        case TicketError::bad_reply: return "bad_reply";
        case TicketError::terminal_fault: return "terminal_fault";
    }
    return "unknown";
}

Result<IssuedTicket, TicketError> parse_issued_ticket(std::string_view json_body) {
    using nlohmann::json;
    const json body = json::parse(json_body, nullptr, false);
    const auto text = [&](const char* key) { return body.contains(key) && body[key].is_string(); };
    if (!body.is_object() || !text("id") || !text("site") || !text("service") || !text("number") ||
        !text("qr_url") || !body.contains("issued_at_ms") || !body["issued_at_ms"].is_number_integer()) {
        return fail(TicketError::bad_reply, "the server's answer lacks the ticket's id, number or QR URL");
    }
    IssuedTicket ticket;
    ticket.id = body["id"].get<std::string>();
    ticket.site = body["site"].get<std::string>();
    ticket.service = body["service"].get<std::string>();
    ticket.number = body["number"].get<std::string>();
    ticket.qr_url = body["qr_url"].get<std::string>();
    ticket.issued_at_ms = body["issued_at_ms"].get<std::int64_t>();
    ticket.priority = body.contains("priority") && body["priority"].is_boolean() && body["priority"].get<bool>();
    if (body.contains("ahead") && body["ahead"].is_number_integer()) {
        ticket.ahead = body["ahead"].get<std::int64_t>();
    }
    if (body.contains("estimated_wait_minutes") && body["estimated_wait_minutes"].is_number_integer()) {
        ticket.wait_minutes = body["estimated_wait_minutes"].get<std::int64_t>();
    }
    if (ticket.number.empty() || ticket.qr_url.empty() || ticket.id.empty()) {
        return fail(TicketError::bad_reply, "the server's answer has an empty ticket id, number or QR URL");
    }
    return ticket;
}

}  // namespace madoguchi
