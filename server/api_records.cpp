#include <algorithm>
#include <cctype>

#include "api_internal.hpp"
#include "kiosk/log.hpp"

namespace madoguchi::server::api_detail {
namespace {

constexpr std::int64_t k_max_block_size = 500;
constexpr std::size_t k_ed25519_key_size = 32;

}  // namespace

void Api::healthz(httplib::Response& response) {
    if (auto checked = m_context.repository.ping(); !checked) {
        send_storage_error(response, checked.error());
        return;
    }
    send_json(response, 200, json{{"status", "ok"}});
}

void Api::keys(httplib::Response& response) {
    json list = json::array();
    for (const auto& [site, key] : m_context.keys.all()) {
        list.push_back(json{{"site", site},
                            {"key_id", key.key_id()},
                            {"algorithm", "Ed25519"},
                            {"public_key", base64url_encode(key.public_key())}});
    }
    send_json(response, 200, json{{"keys", list}});
}

void Api::add_application(const httplib::Request& request, httplib::Response& response, const Identity& identity) {
    if (!has_idempotency_key(request, response)) {
        return;
    }
    const json body = json::parse(request.body, nullptr, false);
    const bool valid = body.is_object() && body.contains("ticket_id") && body["ticket_id"].is_string() &&
                       body.contains("form") && body["form"].is_string() && body.contains("payload") &&
                       body["payload"].is_string() && (!body.contains("metadata") || body["metadata"].is_object());
    if (!valid) {
        send_error(response, 400, "bad_request",
                   "the body must be {\"ticket_id\": string, \"form\": string, \"payload\": base64url string, "
                   "\"metadata\": object (optional)}");
        return;
    }
    const std::string payload = body["payload"].get<std::string>();
    if (payload.empty() || !base64url_decode(payload)) {
        send_error(response, 400, "bad_request", "payload must be non-empty base64url (the encrypted application)");
        return;
    }
    const Application application{"",
                                  body["ticket_id"].get<std::string>(),
                                  identity.site,
                                  body["form"].get<std::string>(),
                                  payload,
                                  body.value("metadata", json::object()).dump(),
                                  0};
    const auto answer = [](const Application& stored) {
        return json{{"id", stored.id}, {"ticket_id", stored.ticket_id}, {"created_at_ms", stored.created_at_ms}};
    };
    auto stored = m_context.applications.add(application, m_context.clock(), key_claim(request, identity),
                                             [&answer](const Application& added) {
                                                 return StoredResponse{201, answer(added).dump()};
                                             });
    if (answered_already(stored, response)) {
        return;
    }
    send_json(response, 201, answer(std::get<Application>(*stored)));
}

void Api::read_application(const httplib::Request& request, httplib::Response& response, const Identity& identity) {
    auto application = m_context.applications.read_for_counter(request.matches[1].str(), identity.site,
                                                               identity.actor(), m_context.clock());
    if (!application) {
        send_storage_error(response, application.error());
        return;
    }
    log::info("application_read", {{"terminal", identity.name}, {"application", application->id}});
    send_json(response, 200,
              json{{"id", application->id},
                   {"ticket_id", application->ticket_id},
                   {"form", application->form},
                   {"payload", application->payload},
                   {"metadata", json::parse(application->metadata, nullptr, false)},
                   {"created_at_ms", application->created_at_ms}});
}

void Api::stats(const httplib::Request& request, httplib::Response& response) {
    const std::string site = request.matches[1].str();
    const std::string day = request.has_param("date") ? request.get_param_value("date") : tokyo_day(m_context.clock());
    if (!is_valid_day(day)) {
        send_error(response, 400, "bad_request", "date must be YYYY-MM-DD");
        return;
    }
    auto events = m_context.repository.day_events(site, day);
    if (!events) {
        send_storage_error(response, events.error());
        return;
    }
    const DayStats stats = summarize_day(*events);
    const std::string format = request.has_param("format") ? request.get_param_value("format") : "json";
    if (format == "csv") {
        response.status = 200;
        response.set_header("Content-Disposition", "attachment; filename=\"madoguchi-" + site + "-" + day + ".csv\"");
        response.set_content(day_stats_csv(stats), "text/csv; charset=utf-8");
        return;
    }
    if (format != "json") {
        send_error(response, 400, "bad_request", "format must be json or csv");
        return;
    }
    const auto summary = [](const WaitSummary& times) {
        return json{{"count", times.count}, {"mean", times.mean_ms}, {"p50", times.p50_ms}, {"p90", times.p90_ms}};
    };
    const auto encode = [&summary](const std::map<std::string, ServiceStats>& groups) {
        json encoded = json::object();
        for (const auto& [id, figures] : groups) {
            encoded[id] = json{{"events", figures.counts},
                               {"wait_until_call_ms", summary(figures.wait)},
                               {"visit_ms", summary(figures.visit)}};
        }
        return encoded;
    };
    json total = encode({{"", stats.total}})[""];
    send_json(response, 200,
              json{{"site", site},
                   {"date", day},
                   {"services", encode(stats.services)},
                   {"counters", encode(stats.counters)},
                   {"total", total}});
}

void Api::lease_block(const httplib::Request& request, httplib::Response& response, const Identity& identity) {
    if (!has_idempotency_key(request, response)) {
        return;
    }
    const json body = json::parse(request.body, nullptr, false);
    const bool valid = body.is_object() && body.contains("service") && body["service"].is_string() &&
                       body.contains("size") && body["size"].is_number_integer() && body.contains("public_key") &&
                       body["public_key"].is_string();
    if (!valid) {
        send_error(response, 400, "bad_request",
                   "the body must be {\"service\": string, \"size\": 1..500, \"public_key\": base64url Ed25519}");
        return;
    }
    const std::int64_t size = body["size"].get<std::int64_t>();
    const auto public_key = base64url_decode(body["public_key"].get<std::string>());
    if (size < 1 || size > k_max_block_size || !public_key || public_key->size() != k_ed25519_key_size) {
        send_error(response, 400, "bad_request", "size must be 1..500 and public_key a raw Ed25519 key (32 bytes)");
        return;
    }
    const std::string site_id = request.matches[1].str();
    const Site* site = m_context.catalog.site(site_id);
    const std::string service_id = body["service"].get<std::string>();
    const Service* service = m_context.catalog.service(service_id);
    if (site == nullptr || service == nullptr || !m_context.catalog.offers(*site, service_id)) {
        send_error(response, 422, "unknown_service", "this site does not offer that service");
        return;
    }
    const SigningKey* site_key = m_context.keys.find(site_id);
    if (site_key == nullptr) {
        log::error("site_key_missing", {{"site", site_id}});
        send_error(response, 503, "site_key_missing", "the site's signing key is not loaded");
        return;
    }
    const auto answer = [site_key, &status_base_url = m_context.config.status_base_url](const Block& block) {
        return json{{"id", block.id},
                    {"site", block.site},
                    {"service", block.service},
                    {"band", block.band},
                    {"day", block.day},
                    {"first", block.first_sequence},
                    {"last", block.last_sequence},
                    {"public_key", base64url_encode(block.public_key)},
                    {"key_id", site_key->key_id()},
                    {"lease_signature", base64url_encode(site_key->sign(block_lease_message(block)))},
                    {"status_base_url", status_base_url}};
    };
    const Block block{"", site_id, service_id, service->band, "", 0, 0, *public_key, identity.name};
    auto outcome = m_context.blocks.lease(block, size, m_context.clock(), key_claim(request, identity),
                                          [&answer](const Block& stored) {
                                              return StoredResponse{201, answer(stored).dump()};
                                          });
    if (answered_already(outcome, response)) {
        return;
    }
    const Block& leased = std::get<Block>(*outcome);
    log::info(
        "block_leased",
        {{"site", site_id}, {"service", service_id}, {"terminal", identity.name}, {"size", std::to_string(size)}});
    send_json(response, 201, answer(leased));
}

void Api::reconcile_block(const httplib::Request& request, httplib::Response& response, const Identity& identity) {
    const json body = json::parse(request.body, nullptr, false);
    const bool valid = body.is_object() && body.contains("id") && body["id"].is_string() && body.contains("sequence") &&
                       body["sequence"].is_number_integer() && body.contains("issued_at_ms") &&
                       body["issued_at_ms"].is_number_integer() && body.contains("signature") &&
                       body["signature"].is_string() && (!body.contains("priority") || body["priority"].is_boolean()) &&
                       (!body.contains("printed") || body["printed"].is_boolean()) &&
                       (!body.contains("assisted") || body["assisted"].is_boolean());
    const std::string id = valid ? body["id"].get<std::string>() : "";
    const auto signature = base64url_decode(valid ? body["signature"].get<std::string>() : "!");
    const bool id_ok = id.size() >= 16 && id.size() <= 64 && std::ranges::all_of(id, [](char c) {
                           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
                       });
    if (!valid || !id_ok || !signature) {
        send_error(response, 400, "bad_request",
                   "the body must be {\"id\": 16..64 of [A-Za-z0-9_-], \"sequence\": int, \"priority\": bool, "
                   "\"issued_at_ms\": int, \"signature\": base64url, \"printed\": bool (optional), "
                   "\"assisted\": bool (optional)}");
        return;
    }
    const OfflineTicket offline{id, body["sequence"].get<std::int64_t>(), body.value("priority", false),
                                body["issued_at_ms"].get<std::int64_t>(), *signature, body.value("printed", true),
                                assisted_ticket(body, identity)};
    auto ticket = m_context.blocks.reconcile(request.matches[2].str(), request.matches[1].str(), offline, identity.name,
                                             m_context.clock());
    if (!ticket) {
        send_storage_error(response, ticket.error());
        return;
    }
    publish(*ticket);
    send_json(response, 200, ticket_json(*ticket));
}

void Api::add_photo(const httplib::Request& request, httplib::Response& response, const Identity& identity) {
    const std::string application_id = request.get_param_value("application_id");
    if (application_id.empty()) {
        send_error(response, 400, "bad_request", "the application_id query parameter is required");
        return;
    }
    const std::string& jpeg = request.body;
    // SOI at the start and EOI at the end: enough to refuse what is plainly not a JPEG.
    const bool looks_like_jpeg = jpeg.size() >= 4 && static_cast<unsigned char>(jpeg[0]) == 0xff &&
                                 static_cast<unsigned char>(jpeg[1]) == 0xd8 &&
                                 static_cast<unsigned char>(jpeg[2]) == 0xff &&
                                 static_cast<unsigned char>(jpeg[jpeg.size() - 2]) == 0xff &&
                                 static_cast<unsigned char>(jpeg[jpeg.size() - 1]) == 0xd9;
    if (request.get_header_value("Content-Type") != "image/jpeg" || !looks_like_jpeg) {
        send_error(response, 415, "not_jpeg", "the body must be a JPEG sent as image/jpeg");
        return;
    }
    auto stored = m_context.applications.attach_photo(application_id, identity.site, jpeg, m_context.clock());
    if (!stored) {
        send_storage_error(response, stored.error());
        return;
    }
    send_json(response, 201, json{{"application_id", application_id}, {"bytes", jpeg.size()}});
}

void Api::read_photo(const httplib::Request& request, httplib::Response& response, const Identity& identity) {
    auto jpeg = m_context.applications.read_photo_for_counter(request.matches[1].str(), identity.site, identity.actor(),
                                                              m_context.clock());
    if (!jpeg) {
        send_storage_error(response, jpeg.error());
        return;
    }
    log::info("photo_read", {{"terminal", identity.name}, {"application", request.matches[1].str()}});
    response.status = 200;
    response.set_content(*jpeg, "image/jpeg");
}

void Api::login(const httplib::Request& request, httplib::Response& response, const Identity& identity) {
    const json body = json::parse(request.body, nullptr, false);
    if (!body.is_object() || !body.contains("staff_id") || !body["staff_id"].is_string() ||
        !body.contains("password") || !body["password"].is_string()) {
        send_error(response, 400, "bad_request", "the body must be {\"staff_id\": string, \"password\": string}");
        return;
    }
    const std::string staff_id = body["staff_id"].get<std::string>();
    const TimePoint now = m_context.clock();
    auto session =
        m_context.staff.login(staff_id, identity.site, body["password"].get<std::string>(), identity.name, now);
    if (!session) {
        if (session.error().code == StorageError::rejected) {
            log::warn("staff_login_refused", {{"terminal", identity.name}});
            send_error(response, 401, "login_failed", session.error().message);
            return;
        }
        if (session.error().code == StorageError::busy) {
            const auto left = m_context.staff.locked_for(staff_id, now);
            log::warn("staff_login_locked_out", {{"terminal", identity.name}, {"staff", staff_id}});
            // At least a second: the lock may have ended between the two reads.
            response.set_header("Retry-After",
                                std::to_string(std::max<std::int64_t>(1, left ? left->count() : 1)));
            send_error(response, 429, "login_locked_out", session.error().message);
            return;
        }
        send_storage_error(response, session.error());
        return;
    }
    log::info("staff_login", {{"terminal", identity.name}, {"staff", staff_id}});
    send_json(response, 200, json{{"token", session->token}, {"expires_at_ms", session->expires_at_ms}});
}

}  // namespace madoguchi::server::api_detail
