#include "ticket_issuer.hpp"

#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "drivers/printer/printer.hpp"
#include "log.hpp"
#include "number_blocks.hpp"
#include "outbox.hpp"
#include "server_client.hpp"
#include "ticket_layout.hpp"
#include "ticket_parts.hpp"

namespace madoguchi {
namespace {

std::span<const std::uint8_t> bytes_of(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::string fresh_idempotency_key() {
    std::array<unsigned char, 16> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
        throw std::runtime_error("the system's random generator failed");
    }
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string key;
    for (const unsigned char byte : random) {
        key += k_hex[byte >> 4];
        key += k_hex[byte & 0x0F];
    }
    return key;
}

TicketError ticket_error_for(SyncError code) {
    switch (code) {
        case SyncError::unreachable: return TicketError::server_unreachable;
        case SyncError::busy: return TicketError::server_busy;
        case SyncError::bad_endpoint:
        case SyncError::rejected: return TicketError::server_refused;
    }
    return TicketError::server_refused;
}

// The ticket is in the queue but on no paper: take it out now, or as soon as the server is back.
void withdraw(const TicketDesk& desk, const IssuedTicket& ticket) {
    const std::string path = "/api/v1/tickets/" + ticket.id + "/cancel";
    auto cancelled = desk.server.send("POST", path, {}, "");
    if (cancelled) {
        log::info("ticket_withdrawn", {{"number", ticket.number}, {"service", ticket.service}});
        return;
    }
    if (cancelled.error().code == SyncError::rejected) {
        log::error("ticket_withdraw_refused", {{"number", ticket.number}, {"detail", cancelled.error().message}});
        return;
    }
    auto queued = desk.outbox.enqueue("POST", path, bytes_of("{}"), std::chrono::system_clock::now());
    if (queued) {
        log::warn("ticket_withdraw_queued", {{"number", ticket.number}, {"detail", cancelled.error().message}});
    } else {
        log::error("ticket_withdraw_lost", {{"number", ticket.number}, {"detail", queued.error().message}});
    }
}

// A ticket from a block that never reached paper: its number is used all the same, so the
// server is told it was not printed (through the outbox, like the ticket itself) and keeps it as
// a cancelled ticket. The block then has no gap, and nobody waits for that number.
void withdraw_offline(const TicketDesk& desk, const OfflineIssue& issued) {
    auto reported = desk.blocks->report_unprinted(issued, std::chrono::system_clock::now());
    if (reported) {
        log::info("offline_ticket_withdrawn", {{"number", issued.ticket.number}, {"service", issued.ticket.service}});
        return;
    }
    // Its reconcile request stays queued: the server gets a ticket nobody holds, which the floor
    // can cancel, rather than a hole in the block.
    log::error("offline_ticket_withdraw_failed", {{"number", issued.ticket.number}, {"detail", reported.error().message}});
}

// The server did not answer: the number comes from the service's leased block, durable and
// queued for reconciling before anything is printed.
Result<OfflineIssue, TicketError> issue_offline(const TicketDesk& desk, const TicketRequest& request,
                                                const Error<SyncError>& unreachable) {
    if (desk.blocks == nullptr) {
        return fail(TicketError::server_unreachable, unreachable.message);
    }
    auto issued = desk.blocks->issue(request.service, request.priority, request.assisted,
                                     std::chrono::system_clock::now());
    if (!issued) {
        log::warn("offline_ticket_unavailable", {{"service", request.service}, {"detail", issued.error().message}});
        const TicketError code =
            issued.error().code == BlockError::no_block ? TicketError::server_unreachable : TicketError::terminal_fault;
        return fail(code, unreachable.message + "; " + issued.error().message);
    }
    log::info("offline_ticket_taken", {{"number", issued->ticket.number}, {"service", issued->ticket.service}});
    return std::move(*issued);
}

}  // namespace

TicketError ticket_error_for(printer::PrinterError code) {
    using printer::PrinterError;
    switch (code) {
        case PrinterError::no_printer:
        case PrinterError::not_allowed: return TicketError::no_printer;
        case PrinterError::paper_out: return TicketError::paper_out;
        case PrinterError::cover_open: return TicketError::cover_open;
        case PrinterError::offline: return TicketError::printer_offline;
        case PrinterError::cutter:
        case PrinterError::hardware:
        case PrinterError::transport:
        case PrinterError::timeout:
        case PrinterError::bad_reply:
        case PrinterError::too_large: return TicketError::printer_failed;
    }
    return TicketError::printer_failed;
}

namespace {

// A printer that answers status requests must say it can print; one that cannot answer is tried.
Result<void, TicketError> printer_ready(ReceiptPrinter& receipt_printer, printer::Printer& device) {
    if (!receipt_printer.transport->answers()) {
        return {};
    }
    auto status = device.status();
    auto ready = status ? printer::ready_to_print(*status) : printer::PrinterResult<void>(std::unexpected(status.error()));
    if (!ready) {
        log::warn("ticket_printer_not_ready", {{"error", std::string(printer::printer_error_name(ready.error().code))},
                                               {"detail", ready.error().message}});
        return fail(madoguchi::ticket_error_for(ready.error().code), ready.error().message);
    }
    return {};
}

}  // namespace

Result<IssuedTicket, TicketError> issue_ticket(const TicketDesk& desk, ReceiptPrinter& receipt_printer,
                                               const TicketRequest& request) {
    printer::Printer device(*receipt_printer.transport);
    // Before the server hands out a number: a ticket that cannot be printed is never issued.
    if (auto ready = printer_ready(receipt_printer, device); !ready) {
        return std::unexpected(ready.error());
    }
    nlohmann::json issue{{"service", request.service}, {"priority", request.priority}};
    if (request.assisted) {
        issue["assisted"] = true;
    }
    const std::string body = issue.dump();
    auto reply = desk.server.send("POST", "/api/v1/sites/" + desk.site + "/tickets", bytes_of(body),
                                  fresh_idempotency_key());
    std::optional<OfflineIssue> offline;
    if (!reply && reply.error().code == SyncError::unreachable) {
        auto issued = issue_offline(desk, request, reply.error());
        if (!issued) {
            return std::unexpected(issued.error());
        }
        offline = std::move(*issued);
    } else if (!reply) {
        return fail(ticket_error_for(reply.error().code), reply.error().message);
    }
    auto ticket = offline ? Result<IssuedTicket, TicketError>(offline->ticket) : parse_issued_ticket(reply->body);
    if (!ticket) {
        return ticket;
    }
    const TicketContent content = ticket_content(*ticket, desk.catalog, desk.translator, request.language);
    auto job = ticket_job(content, receipt_printer.profile, desk.rasterizer);
    auto printed = job ? device.print(*job) : printer::PrinterResult<void>(std::unexpected(job.error()));
    if (!printed) {
        log::warn("ticket_print_failed", {{"number", ticket->number},
                                          {"error", std::string(printer::printer_error_name(printed.error().code))},
                                          {"detail", printed.error().message}});
        if (offline) {
            withdraw_offline(desk, *offline);
        } else {
            withdraw(desk, *ticket);
        }
        return fail(ticket_error_for(printed.error().code), printed.error().message);
    }
    log::info("ticket_issued",
              {{"number", ticket->number}, {"service", ticket->service}, {"offline", ticket->offline ? "yes" : "no"}});
    return ticket;
}

Result<void, TicketError> print_ticket_again(ReceiptPrinter& receipt_printer, const IssuedTicket& ticket,
                                             const TicketParts& parts, const Translator& translator,
                                             std::string_view language) {
    printer::Printer device(*receipt_printer.transport);
    if (auto ready = printer_ready(receipt_printer, device); !ready) {
        return ready;
    }
    const TicketContent content = ticket_content(ticket, parts.catalog, translator, language);
    auto job = ticket_job(content, receipt_printer.profile, parts.rasterizer);
    auto printed = job ? device.print(*job) : printer::PrinterResult<void>(std::unexpected(job.error()));
    if (!printed) {
        log::warn("ticket_reprint_failed", {{"number", ticket.number},
                                            {"error", std::string(printer::printer_error_name(printed.error().code))},
                                            {"detail", printed.error().message}});
        return fail(ticket_error_for(printed.error().code), printed.error().message);
    }
    log::info("ticket_reprinted", {{"number", ticket.number}, {"service", ticket.service}});
    return {};
}

Result<IssuedTicket, TicketError> issue_ticket(const TerminalConfig& config, const TicketParts& parts,
                                               const Translator& translator, ReceiptPrinter& printer,
                                               const TicketRequest& request) {
    auto key = load_terminal_key(config.terminal_key);
    auto outbox = key ? Outbox::open(config.outbox, *key) : OutboxResult<Outbox>(std::unexpected(key.error()));
    if (!outbox) {
        return fail(TicketError::terminal_fault, "outbox: " + outbox.error().message);
    }
    auto server = ServerClient::create(
        {config.server_url, config.server_ca, config.terminal_certificate, config.terminal_certificate_key});
    if (!server) {
        return fail(TicketError::terminal_fault, server.error().message);
    }
    std::optional<NumberBlocks> blocks;
    if (config.offline_block_size > 0) {
        auto opened = NumberBlocks::open(*outbox, *key);
        if (!opened) {
            return fail(TicketError::terminal_fault, "number blocks: " + opened.error().message);
        }
        blocks = std::move(*opened);
    }
    // What earlier tickets left for the server (a withdrawal that could not reach it, tickets
    // issued offline) goes first, so the queue is right before the next number is handed out.
    deliver_due(*outbox, *server, std::chrono::system_clock::now());
    const TicketDesk desk{config.site,        *server, *outbox, parts.catalog, translator, parts.rasterizer,
                          blocks ? &*blocks : nullptr};
    return issue_ticket(desk, printer, request);
}

}  // namespace madoguchi
