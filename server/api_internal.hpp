#pragma once
// Inside the HTTP layer: the handlers the routes call and the helpers that shape responses.
// api.cpp holds routing, the role guard and idempotency; api_queue.cpp the queue handlers;
// api_records.cpp keys, statistics, applications and offline blocks; api_terminals.cpp the
// kiosks' health reports; api_batch.cpp a kiosk's queued requests sent together.
#include <httplib.h>

#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "server/api.hpp"
#include "server/identity.hpp"
#include "server/signing.hpp"

namespace madoguchi::server::api_detail {

using nlohmann::json;
using Handler = std::function<void(const httplib::Request&, httplib::Response&, const Identity&)>;

void send_json(httplib::Response& response, int status, const json& body);
void send_error(httplib::Response& response, int status, std::string_view code, std::string_view message);
void send_storage_error(httplib::Response& response, const Error<StorageError>& error);
// A ticket from a floor terminal (its tablet's assisted session, issue 7) is always assisted; a
// kiosk's is when its body says so. `body` is already checked.
bool assisted_ticket(const json& body, const Identity& identity);

// What a route demands beyond the caller's role.
struct Scope {
    bool site_in_path = false;  // the path's first group names a site the terminal must belong to
    bool staff_login = false;   // counter and floor terminals need a logged-in staff member
    bool photo = false;         // the body may be as large as a photo
    bool batch = false;         // POST /api/v1/batch itself: a larger body, never inside a batch
    // A floor terminal without a staff login reaches the handler, which allows it only for the
    // tickets it issued itself (its tablet withdrawing a ticket whose print failed).
    bool own_tickets_without_login = false;
};

// A route a batch may carry: a kiosk's JSON POST, with its guard.
struct BatchRoute {
    std::regex pattern;
    std::function<void(const httplib::Request&, httplib::Response&)> handler;
};

class Api {
public:
    explicit Api(ApiContext& context) : m_context(context) {}

    json ticket_json(const Ticket& ticket) const;
    // With the QR URL signed beforehand (signed_qr_url), for answers built inside a transaction.
    json ticket_json(const Ticket& ticket, const std::optional<std::string>& qr_url) const;
    std::optional<std::string> signed_qr_url(const std::string& site, const std::string& ticket_id) const;
    // Tells the site's live subscribers (displays, counters, floor) what changed.
    void publish(const Ticket& ticket);
    void route(httplib::Server& server, const std::string& method, const std::string& pattern,
               std::initializer_list<TerminalRole> roles, Scope scope, Handler handler);
    // Checks the staff session of a counter or floor terminal and fills in identity.staff_id;
    // otherwise answers 401 and returns false.
    bool logged_in(const httplib::Request& request, httplib::Response& response, Identity& identity);
    void login(const httplib::Request& request, httplib::Response& response, const Identity& identity);
    void healthz(httplib::Response& response);
    void keys(httplib::Response& response);
    // The request's Idempotency-Key (see has_idempotency_key), for a keyed_transaction.
    static KeyClaim key_claim(const httplib::Request& request, const Identity& identity);
    // Sends again the answer stored for a key that was used before.
    void send_replay(const StoredResponse& replay, httplib::Response& response);
    // Sends the error, or the first answer of a key used before; false when `outcome` is this
    // request's own result, for the caller to answer.
    template <typename T>
    bool answered_already(const Stored<Keyed<T>>& outcome, httplib::Response& response) {
        if (!outcome) {
            send_storage_error(response, outcome.error());
            return true;
        }
        if (const auto* replay = std::get_if<StoredResponse>(&*outcome)) {
            send_replay(*replay, response);
            return true;
        }
        return false;
    }
    static bool has_idempotency_key(const httplib::Request& request, httplib::Response& response);
    void issue(const httplib::Request& request, httplib::Response& response, const Identity& identity);
    void queue(const httplib::Request& request, httplib::Response& response);
    CounterRequest counter_request(const httplib::Request& request, const Identity& identity) const;
    void call_next(const httplib::Request& request, httplib::Response& response, const Identity& identity);
    void counter_action(const httplib::Request& request, httplib::Response& response, const Identity& identity,
                        Action action);
    void counter_opening(const httplib::Request& request, httplib::Response& response, const Identity& identity,
                         bool open);
    void transfer(const httplib::Request& request, httplib::Response& response, const Identity& identity);
    void cancel(const httplib::Request& request, httplib::Response& response, const Identity& identity);
    void reprint(const httplib::Request& request, httplib::Response& response, const Identity& identity);
    void add_application(const httplib::Request& request, httplib::Response& response, const Identity& identity);
    void read_application(const httplib::Request& request, httplib::Response& response, const Identity& identity);
    void stats(const httplib::Request& request, httplib::Response& response);
    void overview(const httplib::Request& request, httplib::Response& response);
    void events(const httplib::Request& request, httplib::Response& response);
    void lease_block(const httplib::Request& request, httplib::Response& response, const Identity& identity);
    void reconcile_block(const httplib::Request& request, httplib::Response& response, const Identity& identity);
    void add_photo(const httplib::Request& request, httplib::Response& response, const Identity& identity);
    void read_photo(const httplib::Request& request, httplib::Response& response, const Identity& identity);
    void report_health(const httplib::Request& request, httplib::Response& response, const Identity& identity);
    void terminals(const httplib::Request& request, httplib::Response& response);
    void batch(const httplib::Request& request, httplib::Response& response);

private:
    // Inside a batch, a ticket's event waits for the batch's commit; true when it was kept.
    static bool defer_event(const Ticket& ticket);

    ApiContext& m_context;
    std::vector<BatchRoute> m_batch_routes;
};

}  // namespace madoguchi::server::api_detail
