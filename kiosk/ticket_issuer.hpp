#pragma once
// Issuing a ticket end to end: the printer must be ready, the server issues, the kiosk prints.
// A ticket counts as issued only once printed (DESIGN.md §6): when the print fails the ticket is
// cancelled on the server, through the outbox if the server cannot be reached at that moment,
// so no ghost stays in the queue. When the server does not answer at all, the ticket comes from a
// leased number block instead (number_blocks): same number format, same QR to the status page,
// its reconcile request queued in the outbox before the print, and replaced by a "not printed"
// one when the print fails (cancelled on the server: no gap in the block). Blocking: the kiosk
// calls it on a worker thread.
#include <string>
#include <string_view>

#include "receipt_printer.hpp"
#include "ticket.hpp"

namespace madoguchi {

class NumberBlocks;
class Outbox;
class ServerClient;
class ServiceCatalog;
class Translator;
namespace text {
class TextRasterizer;
}

struct TicketRequest {
    std::string service;
    bool priority = false;
    std::string language = "ja";  // the citizen's; Japanese is always printed too
    bool assisted = false;        // the session was an assisted one, on a staff tablet
};

// What issuing needs besides the printer; all of it outlives the call.
struct TicketDesk {
    std::string site;
    ServerClient& server;
    Outbox& outbox;
    const ServiceCatalog& catalog;
    const Translator& translator;
    const text::TextRasterizer& rasterizer;
    NumberBlocks* blocks = nullptr;  // none: no offline issuing
};

Result<IssuedTicket, TicketError> issue_ticket(const TicketDesk& desk, ReceiptPrinter& printer,
                                               const TicketRequest& request);

struct TicketParts;

// The same with the terminal's own outbox and server certificate, opened for this ticket;
// terminal_fault when they are unusable.
Result<IssuedTicket, TicketError> issue_ticket(const TerminalConfig& config, const TicketParts& parts,
                                               const Translator& translator, ReceiptPrinter& printer,
                                               const TicketRequest& request);

// A ticket the server issued earlier, printed again as it was (the floor console's reprint):
// the printer must be ready; the layout and the signed QR are those of the issue, the second
// language `language`. Nothing goes to the server: it has already audited the reprint.
Result<void, TicketError> print_ticket_again(ReceiptPrinter& printer, const IssuedTicket& ticket,
                                             const TicketParts& parts, const Translator& translator,
                                             std::string_view language);

// The printer's own failures in the ticket's terms.
TicketError ticket_error_for(printer::PrinterError code);

}  // namespace madoguchi
