#include "ticket_service.hpp"

#include "log.hpp"
#include "paths.hpp"
#include "receipt_printer.hpp"

namespace madoguchi {

struct TicketService::Desk {
    TerminalConfig config;
    TicketParts parts;
    const Translator& translator;

    Result<IssuedTicket, TicketError> issue(const TicketRequest& request) {
        auto receipt_printer = open_receipt_printer(config.printer, parts.profile, printer_profiles_dir(data_dir()));
        if (!receipt_printer) {
            return fail(ticket_error_for(receipt_printer.error().code), receipt_printer.error().message);
        }
        return issue_ticket(config, parts, translator, *receipt_printer, request);
    }
};

TicketService::TicketService(MainQueue& queue, TerminalConfig config, TicketParts parts, const Translator& translator,
                             Deliver deliver)
    : m_desk(std::make_shared<Desk>(Desk{std::move(config), std::move(parts), translator})),
      m_deliver(std::move(deliver)),
      m_worker(queue) {}

void TicketService::issue(TicketRequest request) {
    m_worker.submit([desk = m_desk, deliver = m_deliver, request = std::move(request)]() -> MainQueue::Task {
        auto issued = desk->issue(request);
        if (!issued) {
            log::warn("ticket_failed", {{"error", std::string(ticket_error_name(issued.error().code))},
                                        {"detail", issued.error().message}});
            return [deliver, error = issued.error().code] { deliver(ticket_update::Failed{error}); };
        }
        return [deliver, ticket = std::move(*issued)] { deliver(ticket_update::Printed{ticket}); };
    });
}

}  // namespace madoguchi
