#pragma once
// What the session asks of the ticket printer and the server, and what comes back. The session
// only asks; the ticket service (ticket_service.hpp) issues and prints on a worker thread and
// delivers a TicketUpdate on the UI thread.
#include <string>
#include <variant>

#include "ticket.hpp"
#include "ticket_issuer.hpp"

namespace madoguchi {

// One service on the kiosk's "choose a service" screen.
struct ServiceChoice {
    std::string id;
    std::string name_ja;
    std::string name_en;
    bool open = false;
    std::string hours_today;  // "08:30-17:15", or empty when the site is closed all day
};

class TicketPort {
public:
    virtual ~TicketPort() = default;
    virtual void issue(TicketRequest request) = 0;
};

namespace ticket_update {
struct Printed { IssuedTicket ticket; };
struct Failed { TicketError error = TicketError::printer_failed; };
}  // namespace ticket_update

using TicketUpdate = std::variant<ticket_update::Printed, ticket_update::Failed>;

}  // namespace madoguchi
