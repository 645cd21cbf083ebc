#pragma once
// What the floor console's Tickets page draws from: today's waiting and called tickets, who is
// logged in, the cancel awaiting confirmation and what the last cancel or reprint came to.
// Copied for one frame like the rest of the View.
#include <optional>
#include <string>
#include <vector>

#include "queue_messages.hpp"

namespace madoguchi {

enum class FloorTicketAction { cancel, reprint };

// What a cancel or a reprint came to, for the screen to say plainly.
enum class FloorTicketResult {
    done,
    server_away,      // no answer: network or server down
    not_allowed,      // 403: this terminal may not (not a floor certificate of this site)
    login_expired,    // 401: the staff session ended; log in again
    not_found,        // 404: no such ticket at this site
    already_over,     // 409: served, finished or cancelled meanwhile
    server_fault,     // 5xx or an answer that cannot be read
    no_printer,       // no receipt printer answers where [printer] says, or none is set up
    paper_out,
    cover_open,
    printer_offline,
    printer_failed,
};

struct FloorTicketOutcome {
    FloorTicketAction action = FloorTicketAction::cancel;
    std::string number;  // "A-012"
    FloorTicketResult result = FloorTicketResult::done;
};

struct FloorTicketsPicture {
    std::string staff_id;
    bool connected = false;  // the server's event stream: the list shown is current
    bool busy = false;       // a cancel or reprint is on its way
    std::vector<QueueTicket> tickets;        // waiting in issue order, then those called
    std::optional<QueueTicket> confirming;   // Cancel pressed: asks before it goes
    std::optional<FloorTicketOutcome> outcome;
};

}  // namespace madoguchi
