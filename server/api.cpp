#include "api_internal.hpp"
#include "kiosk/log.hpp"

namespace madoguchi::server {
namespace api_detail {
namespace {

constexpr std::string_view k_site = R"(([a-z0-9_]{1,32}))";
constexpr std::string_view k_counter = R"(([a-z0-9_]{1,32}))";
constexpr std::string_view k_ticket = R"(([A-Za-z0-9_-]{1,64}))";
constexpr std::string_view k_block = R"(([A-Za-z0-9_-]{1,64}))";
constexpr std::size_t k_max_idempotency_key = 128;
// A batch carries up to this many requests' worth of body.
constexpr std::int64_t k_batch_body_factor = 16;

}  // namespace

bool assisted_ticket(const json& body, const Identity& identity) {
    return identity.role == TerminalRole::floor || body.value("assisted", false);
}

void send_json(httplib::Response& response, int status, const json& body) {
    response.status = status;
    response.set_content(body.dump(), "application/json");
}

void send_error(httplib::Response& response, int status, std::string_view code, std::string_view message) {
    send_json(response, status, json{{"error", code}, {"message", message}});
}

void send_storage_error(httplib::Response& response, const Error<StorageError>& error) {
    switch (error.code) {
        case StorageError::not_found:
            send_error(response, 404, "not_found", error.message);
            return;
        case StorageError::wrong_state:
            send_error(response, 409, "wrong_state", error.message);
            return;
        case StorageError::busy:
            send_error(response, 409, "busy", error.message);
            return;
        case StorageError::mismatch:
            send_error(response, 422, "idempotency_mismatch", error.message);
            return;
        case StorageError::rejected:
            send_error(response, 422, "rejected", error.message);
            return;
        case StorageError::constraint:
            send_error(response, 409, "conflict", error.message);
            return;
        case StorageError::unavailable:
            log::error("storage_unavailable", {{"reason", error.message}});
            send_error(response, 503, "storage_unavailable", "the database cannot be reached");
            return;
        case StorageError::failed:
            break;
    }
    log::error("storage_failed", {{"reason", error.message}});
    send_error(response, 500, "storage_failed", "the database refused the request");
}

json Api::ticket_json(const Ticket& ticket) const {
    return ticket_json(ticket, signed_qr_url(ticket.site, ticket.id));
}

json Api::ticket_json(const Ticket& ticket, const std::optional<std::string>& qr_url) const {
    json body{{"id", ticket.id},
              {"site", ticket.site},
              {"service", ticket.service},
              {"number", ticket.number},
              {"day", ticket.day},
              {"priority", ticket.priority},
              {"state", state_name(ticket.state)},
              {"issued_at_ms", ticket.issued_at_ms},
              {"updated_at_ms", ticket.updated_at_ms},
              {"counter", ticket.counter ? json(*ticket.counter) : json(nullptr)}};
    if (ticket.transferred_from) {
        body["transferred_from"] = *ticket.transferred_from;
    }
    if (ticket.assisted) {
        body["assisted"] = true;
    }
    if (ticket.reserved_for) {
        body["reserved_for"] = *ticket.reserved_for;
    }
    if (qr_url) {
        body["qr_url"] = *qr_url;
    }
    return body;
}

std::optional<std::string> Api::signed_qr_url(const std::string& site, const std::string& ticket_id) const {
    const SigningKey* key = m_context.keys.find(site);
    return key == nullptr ? std::nullopt
                          : std::optional(ticket_qr_url(m_context.config.status_base_url, *key, site, ticket_id));
}

void Api::publish(const Ticket& ticket) {
    if (defer_event(ticket)) {
        return;
    }
    if (ticket.state != TicketState::waiting) {
        m_context.waits.changed(ticket.site);
    }
    m_context.events.publish(ticket.site, json{{"id", ticket.id},
                                               {"number", ticket.number},
                                               {"service", ticket.service},
                                               {"priority", ticket.priority},
                                               {"state", state_name(ticket.state)},
                                               {"updated_at_ms", ticket.updated_at_ms},
                                               {"counter", ticket.counter ? json(*ticket.counter) : json(nullptr)}}
                                              .dump());
}

void Api::route(httplib::Server& server, const std::string& method, const std::string& pattern,
                std::initializer_list<TerminalRole> roles, Scope scope, Handler handler) {
    const bool site_in_path = scope.site_in_path;
    const bool photo = scope.photo;
    const bool staff_only = scope.staff_login;
    // httplib enforces the photo limit for every route; JSON routes get the smaller one here.
    const auto body_limit = static_cast<std::size_t>(
        photo ? m_context.config.max_photo_bytes
              : m_context.config.max_body_bytes * (scope.batch ? k_batch_body_factor : 1));
    const bool own_tickets = scope.own_tickets_without_login;
    auto guarded = [this, roles = std::vector<TerminalRole>(roles), site_in_path, staff_only, own_tickets, body_limit,
                    handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
        if (request.body.size() > body_limit) {
            send_error(response, 413, "http_413", "the request body is too large");
            return;
        }
        auto identity =
            identity_from_certificate(request.ssl == nullptr ? nullptr : SSL_get0_peer_certificate(request.ssl));
        if (!identity) {
            send_error(response, 403, "forbidden", identity.error().message);
            return;
        }
        if (std::ranges::find(roles, identity->role) == roles.end()) {
            send_error(response, 403, "forbidden",
                       "role " + std::string(terminal_role_name(identity->role)) + " may not do this");
            return;
        }
        if (site_in_path && request.matches[1].str() != identity->site) {
            send_error(response, 403, "forbidden", "this terminal belongs to another site");
            return;
        }
        const bool staff_terminal = identity->role == TerminalRole::counter || identity->role == TerminalRole::floor;
        const bool floor_for_itself = own_tickets && identity->role == TerminalRole::floor &&
                                      request.get_header_value("Authorization").empty();
        if (staff_only && staff_terminal && !floor_for_itself && !logged_in(request, response, *identity)) {
            return;
        }
        handler(request, response, *identity);
    };
    const bool kiosk_may = std::ranges::find(roles, TerminalRole::kiosk) != roles.end();
    if (method == "POST" && kiosk_may && !photo && !scope.batch) {
        m_batch_routes.push_back(BatchRoute{std::regex(pattern), [guarded](const httplib::Request& request,
                                                                           httplib::Response& response) {
                                                guarded(request, response);
                                            }});
    }
    if (method == "GET") {
        server.Get(pattern, guarded);
    } else {
        server.Post(pattern, guarded);
    }
}

bool Api::logged_in(const httplib::Request& request, httplib::Response& response, Identity& identity) {
    const std::string header = request.get_header_value("Authorization");
    constexpr std::string_view k_bearer = "Bearer ";
    if (!header.starts_with(k_bearer)) {
        send_error(response, 401, "login_required", "a staff member must log in on this terminal first");
        return false;
    }
    auto staff = m_context.staff.authenticate(std::string_view(header).substr(k_bearer.size()), identity.name,
                                              m_context.clock());
    if (!staff) {
        send_error(response, 401, "login_required", staff.error().message);
        return false;
    }
    identity.staff_id = std::move(*staff);
    return true;
}

KeyClaim Api::key_claim(const httplib::Request& request, const Identity& identity) {
    // Keys are per terminal: two kiosks that happen to pick the same key stay apart.
    return KeyClaim{identity.name + "\n" + request.get_header_value("Idempotency-Key"),
                    sha256_hex(request.method + " " + request.path + "\n" + request.body)};
}

void Api::send_replay(const StoredResponse& replay, httplib::Response& response) {
    m_context.metrics.count_replay();
    response.status = replay.status;
    response.set_content(replay.body, "application/json");
}

bool Api::has_idempotency_key(const httplib::Request& request, httplib::Response& response) {
    const std::string key = request.get_header_value("Idempotency-Key");
    if (key.empty() || key.size() > k_max_idempotency_key) {
        send_error(response, 400, "idempotency_key_required",
                   "an Idempotency-Key header of 1 to 128 characters is required");
        return false;
    }
    return true;
}

CounterRequest Api::counter_request(const httplib::Request& request, const Identity& identity) const {
    return CounterRequest{request.matches[1].str(), request.matches[2].str(), identity.actor(), {}};
}

}  // namespace api_detail

using namespace api_detail;

std::string ticket_qr_url(const std::string& base_url, const SigningKey& key, const std::string& site,
                          const std::string& ticket_id) {
    const std::string signature = base64url_encode(key.sign(ticket_signing_message(site, ticket_id)));
    return base_url + ticket_id + "?site=" + site + "&kid=" + key.key_id() + "&s=" + signature;
}

void register_routes(httplib::Server& server, ApiContext& context) {
    auto api = std::make_shared<Api>(context);
    using enum TerminalRole;
    const std::string sites = "/api/v1/sites/" + std::string(k_site);
    const std::string counters = sites + "/counters/" + std::string(k_counter);
    const std::string tickets = "/api/v1/tickets/" + std::string(k_ticket);
    // Reading what a display also shows needs no staff login; changing anything or reading an
    // application does.
    constexpr Scope k_anywhere{.site_in_path = false, .staff_login = false};
    constexpr Scope k_site_view{.site_in_path = true, .staff_login = false};
    constexpr Scope k_site_staff{.site_in_path = true, .staff_login = true};
    constexpr Scope k_staff{.site_in_path = false, .staff_login = true};
    constexpr Scope k_photo{.site_in_path = false, .staff_login = true, .photo = true};
    const auto all = {kiosk, counter, floor, display};

    api->route(server, "GET", "/healthz", all, k_anywhere,
               [api](const auto&, auto& response, const auto&) { api->healthz(response); });
    api->route(server, "GET", "/metrics", all, k_anywhere, [&context](const auto&, auto& response, const auto&) {
        response.set_content(context.metrics.render(), "text/plain; version=0.0.4");
    });
    api->route(server, "GET", "/api/v1/keys", all, k_anywhere,
               [api](const auto&, auto& response, const auto&) { api->keys(response); });
    api->route(
        server, "POST", "/api/v1/staff/login", {counter, floor}, k_anywhere,
        [api](const auto& request, auto& response, const auto& identity) { api->login(request, response, identity); });
    // A floor terminal issues as a kiosk does, for the assisted session on its tablet: the session's
    // ticket worker and outbox carry no staff login, and its tickets are stored assisted.
    api->route(
        server, "POST", sites + "/tickets", {kiosk, floor}, k_site_view,
        [api](const auto& request, auto& response, const auto& identity) { api->issue(request, response, identity); });
    api->route(server, "GET", sites + "/queue", all, k_site_view,
               [api](const auto& request, auto& response, const auto&) { api->queue(request, response); });
    api->route(server, "GET", sites + "/events", all, k_site_view,
               [api](const auto& request, auto& response, const auto&) { api->events(request, response); });
    api->route(server, "GET", sites + "/stats", {counter, floor, display}, k_site_view,
               [api](const auto& request, auto& response, const auto&) { api->stats(request, response); });
    api->route(server, "GET", sites + "/overview", {counter, floor}, k_site_view,
               [api](const auto& request, auto& response, const auto&) { api->overview(request, response); });
    api->route(server, "POST", counters + "/call-next", {counter}, k_site_staff,
               [api](const auto& request, auto& response, const auto& identity) {
                   api->call_next(request, response, identity);
               });
    for (const auto& [name, action] : {std::pair{"recall", Action::recall}, std::pair{"start", Action::start},
                                       std::pair{"finish", Action::finish}, std::pair{"no-show", Action::no_show}}) {
        api->route(server, "POST", counters + "/" + name, {counter}, k_site_staff,
                   [api, action](const auto& request, auto& response, const auto& identity) {
                       api->counter_action(request, response, identity, action);
                   });
    }
    // A counter says when staff open and close it, so that it can receive transfers before its
    // first call.
    for (const auto& [name, open] : {std::pair{"open", true}, std::pair{"close", false}}) {
        api->route(server, "POST", counters + "/" + name, {counter}, k_site_staff,
                   [api, open](const auto& request, auto& response, const auto& identity) {
                       api->counter_opening(request, response, identity, open);
                   });
    }
    api->route(server, "POST", counters + "/transfer", {counter}, k_site_staff,
               [api](const auto& request, auto& response, const auto& identity) {
                   api->transfer(request, response, identity);
               });
    api->route(
        server, "POST", tickets + "/cancel", {kiosk, counter, floor},
        Scope{.site_in_path = false, .staff_login = true, .own_tickets_without_login = true},
        [api](const auto& request, auto& response, const auto& identity) { api->cancel(request, response, identity); });
    // The floor prints a lost ticket again: the same signed QR, the staff member audited.
    api->route(
        server, "POST", tickets + "/reprint", {floor}, k_staff,
        [api](const auto& request, auto& response, const auto& identity) { api->reprint(request, response, identity); });
    api->route(server, "POST", sites + "/blocks", {kiosk, floor}, k_site_view,
               [api](const auto& request, auto& response, const auto& identity) {
                   api->lease_block(request, response, identity);
               });
    api->route(server, "POST", sites + "/blocks/" + std::string(k_block) + "/tickets", {kiosk, floor}, k_site_view,
               [api](const auto& request, auto& response, const auto& identity) {
                   api->reconcile_block(request, response, identity);
               });
    api->route(server, "POST", "/api/v1/batch", {kiosk, floor}, Scope{.batch = true},
               [api](const auto& request, auto& response, const auto&) { api->batch(request, response); });
    api->route(server, "POST", "/api/v1/applications", {kiosk, floor}, k_anywhere,
               [api](const auto& request, auto& response, const auto& identity) {
                   api->add_application(request, response, identity);
               });
    api->route(server, "GET", tickets + "/application", {counter}, k_staff,
               [api](const auto& request, auto& response, const auto& identity) {
                   api->read_application(request, response, identity);
               });
    api->route(server, "POST", "/api/v1/photo-applications", {kiosk}, k_photo,
               [api](const auto& request, auto& response, const auto& identity) {
                   api->add_photo(request, response, identity);
               });
    api->route(server, "GET", "/api/v1/applications/" + std::string(k_ticket) + "/photo", {counter}, k_staff,
               [api](const auto& request, auto& response, const auto& identity) {
                   api->read_photo(request, response, identity);
               });
    // A kiosk reports for itself only: the terminal and the site come from its certificate.
    api->route(server, "POST", "/api/v1/terminals/self/health", {kiosk}, k_anywhere,
               [api](const auto& request, auto& response, const auto& identity) {
                   api->report_health(request, response, identity);
               });
    api->route(server, "GET", sites + "/terminals", {counter, floor}, k_site_view,
               [api](const auto& request, auto& response, const auto&) { api->terminals(request, response); });

    server.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& response) {
            if (!response.body.empty()) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            const std::string reason = response.status == 413   ? "the request body is too large"
                                       : response.status == 404 ? "no such route"
                                                                : "the request was refused";
            send_error(response, response.status, "http_" + std::to_string(response.status), reason);
            return httplib::Server::HandlerResponse::Handled;
        }));
    server.set_exception_handler(
        [](const httplib::Request& request, httplib::Response& response, std::exception_ptr error) {
            std::string what = "unknown";
            try {
                std::rethrow_exception(error);
            } catch (const std::exception& exception) {
                what = exception.what();
            } catch (...) {
            }
            log::error("handler_exception", {{"path", request.path}, {"reason", what}});
            send_error(response, 500, "internal", "the server failed; the request was not applied");
        });
    server.set_logger([&context](const httplib::Request& request, const httplib::Response& response) {
        context.metrics.count_response(response.status);
        log::write(log::Level::debug, "http",
                   {{"method", request.method}, {"path", request.path}, {"status", std::to_string(response.status)}});
    });
}

}  // namespace madoguchi::server
