#pragma once
// A queue ticket as the kiosk knows it once the server has issued it, and the ways issuing and
// printing one can fail. Screens map each TicketError to plain, translated words.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "error.hpp"

namespace madoguchi {

enum class TicketError {
    no_printer,          // no printer answers where the configuration says
    paper_out,
    cover_open,
    printer_offline,
    printer_failed,      // the job broke off, a jam, a cutter or hardware fault
    server_unreachable,  // no answer: the ticket cannot be issued online
    server_busy,         // 409, 429, 5xx
    server_refused,      // 4xx: the service is unknown here, the certificate is not a kiosk's…
    bad_reply,           // the server's answer is not a ticket
    terminal_fault,      // this terminal's key, outbox or certificates are unusable
};

std::string_view ticket_error_name(TicketError code);

struct IssuedTicket {
    std::string id;
    std::string site;
    std::string service;
    std::string number;  // "A-001"
    bool priority = false;
    std::int64_t issued_at_ms = 0;
    std::string qr_url;  // the status page, signed; no personal data
    bool offline = false;  // issued from a leased number block while the server was away
    std::optional<std::int64_t> ahead;
    std::optional<std::int64_t> wait_minutes;  // none when nobody was called lately
};

// The server's 201 answer to POST /api/v1/sites/{site}/tickets.
Result<IssuedTicket, TicketError> parse_issued_ticket(std::string_view json_body);

}  // namespace madoguchi
