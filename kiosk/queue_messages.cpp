#include "queue_messages.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

namespace madoguchi {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<std::string_view, TicketState>, 7> k_states{{
    {"waiting", TicketState::waiting},
    {"called", TicketState::called},
    {"serving", TicketState::serving},
    {"done", TicketState::done},
    {"no_show", TicketState::no_show},
    {"transferred", TicketState::transferred},
    {"cancelled", TicketState::cancelled},
}};

bool is_text(const json& object, const char* key) {
    return object.contains(key) && object[key].is_string() && !object[key].get_ref<const std::string&>().empty();
}

Result<QueueTicket, QueueMessageError> read_ticket(const json& object) {
    if (!object.is_object() || !is_text(object, "id") || !is_text(object, "number") || !is_text(object, "service") ||
        !is_text(object, "state")) {
        return fail(QueueMessageError::malformed, "a ticket needs the strings id, number, service and state");
    }
    QueueTicket ticket;
    ticket.id = object["id"].get<std::string>();
    ticket.number = object["number"].get<std::string>();
    ticket.service = object["service"].get<std::string>();
    const std::string state = object["state"].get<std::string>();
    bool known = false;
    for (const auto& [name, value] : k_states) {
        if (name == state) {
            ticket.state = value;
            known = true;
        }
    }
    if (!known) {
        return fail(QueueMessageError::malformed, "unknown ticket state \"" + state + "\"");
    }
    for (const auto& [key, flag] : {std::pair{"priority", &ticket.priority}, std::pair{"assisted", &ticket.assisted}}) {
        if (object.contains(key)) {
            if (!object[key].is_boolean()) {
                return fail(QueueMessageError::malformed, std::string(key) + " must be a boolean");
            }
            *flag = object[key].get<bool>();
        }
    }
    if (object.contains("counter") && !object["counter"].is_null()) {
        if (!is_text(object, "counter")) {
            return fail(QueueMessageError::malformed, "counter must be a string or null");
        }
        ticket.counter = object["counter"].get<std::string>();
    }
    if (object.contains("updated_at_ms")) {
        if (!object["updated_at_ms"].is_number_integer()) {
            return fail(QueueMessageError::malformed, "updated_at_ms must be an integer");
        }
        ticket.updated_at_ms = object["updated_at_ms"].get<std::int64_t>();
    }
    if ((ticket.state == TicketState::called || ticket.state == TicketState::serving) && !ticket.counter) {
        return fail(QueueMessageError::malformed, "a called or serving ticket names its counter");
    }
    return ticket;
}

Result<std::vector<QueueTicket>, QueueMessageError> read_list(const json& body, const char* key) {
    if (!body.contains(key) || !body[key].is_array()) {
        return fail(QueueMessageError::malformed, std::string("the queue has no array \"") + key + "\"");
    }
    std::vector<QueueTicket> tickets;
    for (const json& entry : body[key]) {
        auto ticket = read_ticket(entry);
        if (!ticket) {
            return std::unexpected(ticket.error());
        }
        tickets.push_back(std::move(*ticket));
    }
    return tickets;
}

}  // namespace

Result<QueueSnapshot, QueueMessageError> parse_queue_snapshot(std::string_view text) {
    const json body = json::parse(text, nullptr, false);
    if (!body.is_object()) {
        return fail(QueueMessageError::malformed, "the queue is not a JSON object");
    }
    auto waiting = read_list(body, "waiting");
    if (!waiting) {
        return std::unexpected(waiting.error());
    }
    auto at_counters = read_list(body, "at_counters");
    if (!at_counters) {
        return std::unexpected(at_counters.error());
    }
    return QueueSnapshot{std::move(*waiting), std::move(*at_counters)};
}

Result<QueueTicket, QueueMessageError> parse_ticket_event(std::string_view text) {
    const json body = json::parse(text, nullptr, false);
    if (body.is_discarded()) {
        return fail(QueueMessageError::malformed, "the event is not JSON");
    }
    return read_ticket(body);
}

Result<std::optional<QueueTicket>, QueueMessageError> parse_ticket_envelope(std::string_view text) {
    const json body = json::parse(text, nullptr, false);
    if (!body.is_object() || !body.contains("ticket")) {
        return fail(QueueMessageError::malformed, "the answer has no \"ticket\"");
    }
    if (body["ticket"].is_null()) {
        return std::optional<QueueTicket>{};
    }
    auto ticket = read_ticket(body["ticket"]);
    if (!ticket) {
        return std::unexpected(ticket.error());
    }
    return std::optional<QueueTicket>(std::move(*ticket));
}

}  // namespace madoguchi
