// POST /api/v1/batch: many of a kiosk's queued requests in one (issue 5). The outbox drains at
// the speed of one commit per request when it sends them one by one; here each item still goes
// through its own route, guard, Idempotency-Key and handler, but all of them share one commit
// (on SQLite and on PostgreSQL alike: an item that fails is rolled back to its savepoint and the
// ones before it stand). The answer lists each item's
// status and body in order, and stops after the first item not answered 2xx, exactly where a
// kiosk sending one by one would stop: an item never runs after one before it failed, so a
// ticket's requests keep their order.
#include <algorithm>

#include "api_internal.hpp"
#include "kiosk/log.hpp"

namespace madoguchi::server::api_detail {
namespace {

constexpr std::size_t k_max_batch_items = 100;
constexpr std::size_t k_max_idempotency_key = 128;

// Tickets whose events wait for the batch's commit: a display must not show what may still be
// rolled back. Set only while a batch runs on this thread.
thread_local std::vector<Ticket>* t_deferred_events = nullptr;

class DeferredEvents {
public:
    explicit DeferredEvents(std::vector<Ticket>& into) { t_deferred_events = &into; }
    ~DeferredEvents() { t_deferred_events = nullptr; }
    DeferredEvents(const DeferredEvents&) = delete;
    DeferredEvents& operator=(const DeferredEvents&) = delete;
};

bool valid_item(const json& item) {
    return item.is_object() && item.contains("method") && item["method"] == "POST" && item.contains("path") &&
           item["path"].is_string() && item.contains("body") && item["body"].is_string() &&
           (!item.contains("idempotency_key") ||
            (item["idempotency_key"].is_string() &&
             item["idempotency_key"].get<std::string>().size() <= k_max_idempotency_key));
}

}  // namespace

bool Api::defer_event(const Ticket& ticket) {
    if (t_deferred_events == nullptr) {
        return false;
    }
    t_deferred_events->push_back(ticket);
    return true;
}

void Api::batch(const httplib::Request& request, httplib::Response& response) {
    const json body = json::parse(request.body, nullptr, false);
    const bool valid = body.is_object() && body.contains("requests") && body["requests"].is_array() &&
                       !body["requests"].empty() && body["requests"].size() <= k_max_batch_items &&
                       std::ranges::all_of(body["requests"], valid_item);
    if (!valid) {
        send_error(response, 400, "bad_request",
                   "the body must be {\"requests\": [1..100 of {\"method\": \"POST\", \"path\": string, "
                   "\"body\": JSON text, \"idempotency_key\": string (optional)}]}");
        return;
    }
    json answers = json::array();
    std::vector<Ticket> events;
    auto ran = m_context.repository.database().batch([&] {
        const DeferredEvents deferred(events);
        for (const json& item : body["requests"]) {
            httplib::Request one;
            one.method = "POST";
            one.path = item["path"].get<std::string>();
            one.body = item["body"].get<std::string>();
            one.ssl = request.ssl;
            if (!one.body.empty()) {
                one.set_header("Content-Type", "application/json");
            }
            if (item.contains("idempotency_key")) {
                one.set_header("Idempotency-Key", item["idempotency_key"].get<std::string>());
            }
            httplib::Response answer;
            const BatchRoute* target = nullptr;
            for (const BatchRoute& candidate : m_batch_routes) {
                if (std::regex_match(one.path, one.matches, candidate.pattern)) {
                    target = &candidate;
                    break;
                }
            }
            if (target == nullptr) {
                send_error(answer, 404, "no_route", "no route a batch may carry: " + one.path);
            } else {
                target->handler(one, answer);
            }
            const json parsed = json::parse(answer.body, nullptr, false);
            answers.push_back(json{{"status", answer.status}, {"body", parsed.is_discarded() ? json(answer.body) : parsed}});
            if (answer.status < 200 || answer.status >= 300) {
                return;
            }
        }
    });
    if (!ran) {
        // Nothing of the batch was committed: the kiosk sends it all again later.
        send_storage_error(response, ran.error());
        return;
    }
    for (const Ticket& ticket : events) {
        publish(ticket);
    }
    send_json(response, 200, json{{"responses", answers}});
}

}  // namespace madoguchi::server::api_detail
