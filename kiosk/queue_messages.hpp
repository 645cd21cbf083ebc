#pragma once
// The queue as the server describes it (GET …/queue and the `ticket` events of …/events), read
// into plain values. No personal data travels here: numbers, services, states and counters.
#include <map>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"

namespace madoguchi {

enum class TicketState { waiting, called, serving, done, no_show, transferred, cancelled };

struct QueueTicket {
    std::string id;
    std::string number;  // "A-012"
    std::string service;
    bool priority = false;
    TicketState state = TicketState::waiting;
    std::optional<std::string> counter;
    // The server's time of the ticket's last transition: a call seen both in a queue read and on
    // the stream carries the same value, a recall a new one.
    std::int64_t updated_at_ms = 0;
    bool assisted = false;  // issued in an assisted session on a staff tablet
};

struct QueueSnapshot {
    std::vector<QueueTicket> waiting;
    std::vector<QueueTicket> at_counters;
};

enum class QueueMessageError { malformed };

Result<QueueSnapshot, QueueMessageError> parse_queue_snapshot(std::string_view json);
// The data of one `ticket` event.
Result<QueueTicket, QueueMessageError> parse_ticket_event(std::string_view json);

// The answer to a counter action ({"ticket": … or null}): nullopt when no ticket came back.
Result<std::optional<QueueTicket>, QueueMessageError> parse_ticket_envelope(std::string_view json);

}  // namespace madoguchi
