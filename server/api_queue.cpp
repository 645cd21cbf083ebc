#include "api_internal.hpp"

#include <algorithm>
#include <cmath>

#include "kiosk/log.hpp"
#include "server/event_stream.hpp"
#include "drivers/card/my_number_data.hpp"
#include "server/status_page.hpp"
#include "server/transfer_note.hpp"

namespace madoguchi::server::api_detail {
namespace {

// Midnight in Tokyo (UTC+9, no summer time) at the start of `now`'s business day.
TimePoint tokyo_day_start(TimePoint now) {
    using namespace std::chrono;
    constexpr hours k_tokyo_offset{9};
    return time_point_cast<days>(now + k_tokyo_offset) - k_tokyo_offset;
}

}  // namespace

void Api::issue(const httplib::Request& request, httplib::Response& response, const Identity& identity) {
    if (!has_idempotency_key(request, response)) {
        return;
    }
    const json body = json::parse(request.body, nullptr, false);
    if (!body.is_object() || !body.contains("service") || !body["service"].is_string() ||
        (body.contains("priority") && !body["priority"].is_boolean()) ||
        (body.contains("assisted") && !body["assisted"].is_boolean())) {
        send_error(response, 400, "bad_request",
                   "the body must be {\"service\": string, \"priority\": boolean (optional), \"assisted\": boolean "
                   "(optional)}");
        return;
    }
    const std::string site_id = request.matches[1].str();
    const Site* site = m_context.catalog.site(site_id);
    if (site == nullptr) {
        send_error(response, 404, "not_found", "unknown site");
        return;
    }
    const std::string service_id = body["service"].get<std::string>();
    const Service* service = m_context.catalog.service(service_id);
    if (service == nullptr || !m_context.catalog.offers(*site, service_id)) {
        send_error(response, 422, "unknown_service", "this site does not offer that service");
        return;
    }
    // Signed here, not in the transaction: on SQLite that runs on the one writer all wait for.
    const std::string ticket_id = new_ticket_id();
    const std::optional<std::string> qr_url = signed_qr_url(site_id, ticket_id);
    const IssueRequest issue_request{site_id,          service_id, service->band, body.value("priority", false),
                                     identity.actor(), assisted_ticket(body, identity), ticket_id};
    // What the kiosk prints under the number: the people ahead and the wait they mean, stored
    // with the answer so that a replay for the same key prints the same. The site's capacity is
    // read before the transaction, which must not wait for other reads.
    const auto capacity = m_context.waits.capacity(site_id, m_context.clock());
    std::string answer;
    const auto respond = [&](const Issued& issued) {
        const auto wait = capacity ? estimate_wait_minutes(issued.ahead, service_id, *capacity) : std::nullopt;
        json issued_json = ticket_json(issued.ticket, qr_url);
        issued_json.update(
            json{{"ahead", issued.ahead}, {"estimated_wait_minutes", wait ? json(*wait) : json(nullptr)}});
        answer = issued_json.dump();
        return StoredResponse{201, answer};
    };
    auto outcome = m_context.repository.issue(issue_request, m_context.clock(), key_claim(request, identity), respond);
    if (answered_already(outcome, response)) {
        return;
    }
    m_context.metrics.count_issued();
    publish(std::get<Issued>(*outcome).ticket);
    response.status = 201;
    response.set_content(answer, "application/json");
}

void Api::queue(const httplib::Request& request, httplib::Response& response) {
    const std::string site = request.matches[1].str();
    auto tickets = m_context.repository.queue(site, tokyo_day(m_context.clock()));
    if (!tickets) {
        send_storage_error(response, tickets.error());
        return;
    }
    json waiting = json::array();
    json at_counters = json::array();
    json per_service = json::object();
    for (const Ticket& ticket : *tickets) {
        json entry{{"id", ticket.id},
                   {"number", ticket.number},
                   {"service", ticket.service},
                   {"priority", ticket.priority},
                   {"assisted", ticket.assisted},
                   {"state", state_name(ticket.state)},
                   {"issued_at_ms", ticket.issued_at_ms}};
        if (ticket.state == TicketState::waiting) {
            waiting.push_back(entry);
            per_service[ticket.service] = per_service.value(ticket.service, 0) + 1;
        } else {
            entry["counter"] = ticket.counter.value_or("");
            entry["updated_at_ms"] = ticket.updated_at_ms;
            at_counters.push_back(entry);
        }
    }
    send_json(
        response, 200,
        json{{"site", site}, {"waiting", waiting}, {"at_counters", at_counters}, {"waiting_by_service", per_service}});
}

void Api::overview(const httplib::Request& request, httplib::Response& response) {
    const std::string site_id = request.matches[1].str();
    const Site* site = m_context.catalog.site(site_id);
    const TimePoint now = m_context.clock();
    if (!site) {
        send_error(response, 404, "not_found", "no such site");
        return;
    }
    auto tickets = m_context.repository.queue(site_id, tokyo_day(now));
    if (!tickets) {
        send_storage_error(response, tickets.error());
        return;
    }
    const auto capacity = m_context.waits.capacity(site_id, now);
    const std::int64_t now_ms = to_millis(now);
    json services = json::array();
    for (const std::string& service_id : site->services) {
        std::int64_t waiting = 0;
        std::int64_t priority = 0;
        std::int64_t longest_ms = 0;
        for (const Ticket& ticket : *tickets) {
            if (ticket.state == TicketState::waiting && ticket.service == service_id) {
                ++waiting;
                priority += ticket.priority ? 1 : 0;
                longest_ms = std::max(longest_ms, now_ms - ticket.issued_at_ms);
            }
        }
        const ServiceCapacity seen = [&] {
            if (!capacity) {
                return ServiceCapacity{};
            }
            const auto entry = capacity->find(service_id);
            return entry == capacity->end() ? ServiceCapacity{} : entry->second;
        }();
        const auto estimate = capacity ? estimate_wait_minutes(waiting, seen) : std::nullopt;
        const Service* service = m_context.catalog.service(service_id);
        services.push_back(json{{"service", service_id},
                                {"name_ja", service ? service->name_ja : service_id},
                                {"name_en", service ? service->name_en : service_id},
                                {"waiting", waiting},
                                {"priority_waiting", priority},
                                {"longest_wait_ms", longest_ms},
                                {"estimated_wait_minutes", estimate ? json(*estimate) : json(nullptr)},
                                {"counters_open", std::round(seen.counters * 10) / 10},
                                {"counters_free", seen.free_counters},
                                {"visit_ms", seen.visit_ms}});
    }
    auto counters = m_context.repository.active_counters(site_id, tokyo_day_start(now));
    if (!counters) {
        send_storage_error(response, counters.error());
        return;
    }
    send_json(response, 200,
              json{{"site", site_id}, {"at_ms", now_ms}, {"services", services}, {"counters", *counters}});
}

void Api::call_next(const httplib::Request& request, httplib::Response& response, const Identity& identity) {
    CounterRequest counter = counter_request(request, identity);
    if (!request.body.empty()) {
        const json body = json::parse(request.body, nullptr, false);
        const bool valid = body.is_object() && (!body.contains("services") || body["services"].is_array());
        if (!valid) {
            send_error(response, 400, "bad_request", "the body must be {\"services\": [string, …]} or empty");
            return;
        }
        for (const json& service : body.value("services", json::array())) {
            if (!service.is_string() || m_context.catalog.service(service.get<std::string>()) == nullptr) {
                send_error(response, 422, "unknown_service", "services must name known services");
                return;
            }
            counter.services.push_back(service.get<std::string>());
        }
    }
    auto ticket = m_context.repository.call_next(counter, m_context.config.policy, m_context.clock());
    if (!ticket) {
        send_storage_error(response, ticket.error());
        return;
    }
    if (!*ticket) {
        send_json(response, 200, json{{"ticket", nullptr}});
        return;
    }
    m_context.metrics.count_called();
    publish(**ticket);
    log::info("ticket_called", {{"site", counter.site}, {"counter", counter.counter}, {"number", (*ticket)->number}});
    json answer{{"ticket", ticket_json(**ticket)}};
    // The note is for the staff of this site only: it goes in this answer and nowhere else.
    const SecretKey* note_key = m_context.keys.note_key(counter.site);
    if (const auto& sealed = (*ticket)->sealed_note; sealed && note_key != nullptr) {
        if (auto note = open_note(*note_key, counter.site, (*ticket)->id, *sealed)) {
            answer["note"] = *note;
            card::wipe_string(*note);
        }
    }
    send_json(response, 200, answer);
}

void Api::counter_opening(const httplib::Request& request, httplib::Response& response, const Identity& identity,
                          bool open) {
    const CounterRequest counter = counter_request(request, identity);
    const auto stored =
        m_context.repository.set_counter_open(counter.site, counter.counter, counter.actor, m_context.clock(), open);
    if (!stored) {
        send_storage_error(response, stored.error());
        return;
    }
    send_json(response, 200, json{{"site", counter.site}, {"counter", counter.counter}, {"open", open}});
}

void Api::counter_action(const httplib::Request& request, httplib::Response& response, const Identity& identity,
                         Action action) {
    auto ticket = m_context.repository.act(counter_request(request, identity), action, m_context.clock());
    if (!ticket) {
        send_storage_error(response, ticket.error());
        return;
    }
    publish(*ticket);
    send_json(response, 200, json{{"ticket", ticket_json(*ticket)}});
}

void Api::transfer(const httplib::Request& request, httplib::Response& response, const Identity& identity) {
    // The note is the only free text here: a body that is not UTF-8 is a note that is not.
    if (!valid_utf8(request.body)) {
        send_error(response, 422, "bad_note", "the note is not valid UTF-8");
        return;
    }
    const json body = json::parse(request.body, nullptr, false);
    const auto optional_string = [&](const char* key) { return !body.contains(key) || body[key].is_string(); };
    if (!body.is_object() || !optional_string("service") || !optional_string("counter") || !optional_string("note") ||
        (!body.contains("service") && !body.contains("counter"))) {
        send_error(response, 400, "bad_request",
                   "the body must be {\"service\": string, \"counter\": string, \"note\": string}, with a service, "
                   "a counter or both");
        return;
    }
    const CounterRequest counter = counter_request(request, identity);
    const TimePoint now = m_context.clock();
    TransferTarget target;
    if (body.contains("service")) {
        target.service = body["service"].get<std::string>();
        const Site* site = m_context.catalog.site(counter.site);
        const Service* service = m_context.catalog.service(target.service);
        if (site == nullptr || service == nullptr || !m_context.catalog.offers(*site, target.service)) {
            send_error(response, 422, "unknown_service", "this site does not offer that service");
            return;
        }
        target.band = service->band;
    }
    if (body.contains("counter")) {
        target.counter = body["counter"].get<std::string>();
        auto known = m_context.repository.active_counters(counter.site, tokyo_day_start(now));
        if (!known) {
            send_storage_error(response, known.error());
            return;
        }
        if (std::ranges::find(*known, *target.counter) == known->end()) {
            send_error(response, 422, "unknown_counter", "no counter of that name has opened or worked at this site today");
            return;
        }
    }
    const std::string note = body.value("note", std::string());
    if (const auto problem = note_problem(note)) {
        send_error(response, 422, "bad_note", *problem);
        return;
    }
    const SecretKey* note_key = m_context.keys.note_key(counter.site);
    if (!note.empty() && note_key == nullptr) {
        send_error(response, 500, "no_note_key", "this site has no key to keep notes with");
        return;
    }
    const auto seal = [&](const Ticket& moved) { return seal_note(*note_key, moved.site, moved.id, note); };
    auto ticket = note.empty() ? m_context.repository.transfer(counter, target, now)
                               : m_context.repository.transfer(counter, target, now, seal);
    if (!ticket) {
        send_storage_error(response, ticket.error());
        return;
    }
    if (auto previous = m_context.repository.find(ticket->transferred_from.value_or("")); previous) {
        publish(*previous);
    }
    publish(*ticket);
    send_json(response, 200, json{{"ticket", ticket_json(*ticket)}});
}

void Api::cancel(const httplib::Request& request, httplib::Response& response, const Identity& identity) {
    // A floor terminal without a staff login: only what it issued itself, as a kiosk withdraws.
    if (identity.role == TerminalRole::floor && identity.staff_id.empty()) {
        auto events = m_context.repository.events(request.matches[1].str());
        if (!events) {
            send_storage_error(response, events.error());
            return;
        }
        const bool issued_here = std::ranges::any_of(*events, [&](const TicketEvent& event) {
            return event.kind == "issued" && event.actor == identity.name;
        });
        if (!issued_here) {
            send_error(response, 401, "login_required", "a staff member must log in on this terminal first");
            return;
        }
    }
    auto ticket =
        m_context.repository.cancel(request.matches[1].str(), identity.site, identity.actor(), m_context.clock());
    if (!ticket) {
        send_storage_error(response, ticket.error());
        return;
    }
    publish(*ticket);
    send_json(response, 200, json{{"ticket", ticket_json(*ticket)}});
}

void Api::reprint(const httplib::Request& request, httplib::Response& response, const Identity& identity) {
    auto ticket =
        m_context.repository.reprint(request.matches[1].str(), identity.site, identity.actor(), m_context.clock());
    if (!ticket) {
        send_storage_error(response, ticket.error());
        return;
    }
    log::info("ticket_reprinted", {{"terminal", identity.name}, {"number", ticket->number}});
    // The same fields as the issue's answer, so the terminal prints it with the same layout.
    json answer = ticket_json(*ticket);
    if (ticket->state == TicketState::waiting) {
        if (const auto ahead = m_context.repository.people_ahead(*ticket)) {
            const auto wait = m_context.waits.minutes(ticket->site, ticket->service, *ahead, m_context.clock());
            answer.update(json{{"ahead", *ahead}, {"estimated_wait_minutes", wait ? json(*wait) : json(nullptr)}});
        }
    }
    send_json(response, 200, answer);
}

void Api::events(const httplib::Request& request, httplib::Response& response) {
    stream_site_events(request, response, m_context.events, request.matches[1].str());
}

}  // namespace madoguchi::server::api_detail
