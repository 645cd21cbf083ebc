// The real madoguchi-server process on loopback with mutual TLS, on SQLite and on PostgreSQL.
#include <doctest/doctest.h>
#include <httplib.h>

#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "server/block_store.hpp"
#include "server/signing.hpp"
#include "support.hpp"

using namespace madoguchi::server;
using namespace madoguchi::server::test;
using nlohmann::json;

namespace {

std::string query_parameter(const std::string& url, const std::string& name) {
    std::size_t start = url.find("?" + name + "=");
    if (start == std::string::npos) {
        start = url.find("&" + name + "=");
    }
    REQUIRE(start != std::string::npos);
    const std::size_t value = start + name.size() + 2;
    return url.substr(value, url.find('&', value) - value);
}

}  // namespace

TEST_CASE("a terminal with a city certificate reaches health, keys and metrics") {
    on_each_server([](ServerProcess& server) {
        auto display = server.client("display", "chuo", "chuo-display");
        auto health = display->Get("/healthz");
        REQUIRE(health);
        CHECK(health->status == 200);
        CHECK(body_of(health)["status"] == "ok");
        const json keys = body_of(display->Get("/api/v1/keys"));
        CHECK(keys["keys"].size() == 8);
        auto metrics = display->Get("/metrics");
        REQUIRE(metrics);
        CHECK(metrics->body.find("madoguchi_tickets_issued_total 0") != std::string::npos);
    });
}

TEST_CASE("without a client certificate there is no TLS session") {
    on_each_server([](ServerProcess& server) {
        auto anonymous = server.anonymous_client();
        const auto result = anonymous->Get("/healthz");
        CHECK_FALSE(result);
    });
}

TEST_CASE("a wrong role or another site's terminal gets 403") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        auto display = server.client("display", "chuo", "chuo-display");
        auto kita_kiosk = server.client("kiosk", "kita", "kita-kiosk");
        const auto kiosk_calls = counter_post(*kiosk, "c1", "call-next");
        REQUIRE(kiosk_calls);
        CHECK(kiosk_calls->status == 403);
        CHECK(body_of(kiosk_calls)["error"] == "forbidden");
        const auto display_issues = issue(*display, "k1", R"({"service": "tax"})");
        REQUIRE(display_issues);
        CHECK(display_issues->status == 403);
        const auto other_site = issue(*kita_kiosk, "k1", R"({"service": "tax"})");
        REQUIRE(other_site);
        CHECK(other_site->status == 403);
        const auto own_site = issue(*kita_kiosk, "k1", R"({"service": "tax"})", "kita");
        REQUIRE(own_site);
        CHECK(own_site->status == 201);
    });
}

TEST_CASE("an Idempotency-Key replays the first answer and refuses another body") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        const auto missing = issue(*kiosk, "", R"({"service": "tax"})");
        REQUIRE(missing);
        CHECK(missing->status == 400);
        CHECK(body_of(missing)["error"] == "idempotency_key_required");

        const auto first = issue(*kiosk, "key-1", R"({"service": "tax"})");
        REQUIRE(first);
        CHECK(first->status == 201);
        const auto again = issue(*kiosk, "key-1", R"({"service": "tax"})");
        REQUIRE(again);
        CHECK(again->status == 201);
        CHECK(again->body == first->body);
        const auto other = issue(*kiosk, "key-1", R"({"service": "moving"})");
        REQUIRE(other);
        CHECK(other->status == 422);
        const auto next = issue(*kiosk, "key-2", R"({"service": "tax"})");
        CHECK(body_of(next)["number"] == "G-002");
        // The same key from another terminal is another request.
        auto kiosk2 = server.client("kiosk", "chuo", "chuo-kiosk-2");
        CHECK(body_of(issue(*kiosk2, "key-1", R"({"service": "tax"})"))["number"] == "G-003");
        const json queue = body_of(kiosk->Get("/api/v1/sites/chuo/queue"));
        CHECK(queue["waiting"].size() == 3);
        auto metrics = kiosk->Get("/metrics");
        REQUIRE(metrics);
        CHECK(metrics->body.find("madoguchi_idempotent_replays_total 1") != std::string::npos);
    });
}

TEST_CASE("bad input gets a 4xx with a JSON error body") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        for (const std::string& body :
             {std::string("{not json"), std::string(R"({"service": 7})"), std::string(R"(["tax"])"),
              std::string(R"({"service": "tax", "priority": "yes"})"),
              std::string(R"({"service": "tax", "assisted": 1})")}) {
            const auto result = issue(*kiosk, "bad-" + body, body);
            REQUIRE(result);
            CHECK(result->status == 400);
            CHECK(body_of(result)["error"] == "bad_request");
        }
        const auto unknown = issue(*kiosk, "k-unknown", R"({"service": "fishing"})");
        REQUIRE(unknown);
        CHECK(unknown->status == 422);
        const auto oversized =
            issue(*kiosk, "k-big", R"({"service": "tax", "pad": ")" + std::string(8000, 'x') + "\"}");
        REQUIRE(oversized);
        CHECK(oversized->status == 413);
        CHECK(body_of(oversized).contains("error"));
        const auto cancel_unknown = kiosk->Post("/api/v1/tickets/nope/cancel", "", "application/json");
        REQUIRE(cancel_unknown);
        CHECK(cancel_unknown->status == 404);
        CHECK(body_of(cancel_unknown)["error"] == "not_found");
        const json queue = body_of(kiosk->Get("/api/v1/sites/chuo/queue"));
        CHECK(queue["waiting"].empty());
    });
}

TEST_CASE("the ticket QR carries a signature that verifies with the published site key") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        const json ticket = body_of(issue(*kiosk, "qr-1", R"({"service": "certificates"})"));
        const std::string url = ticket["qr_url"];
        const std::string id = ticket["id"];
        CHECK(url.starts_with("https://status.madoguchi.test/t/" + id + "?"));
        CHECK(query_parameter(url, "site") == "chuo");
        const auto signature = base64url_decode(query_parameter(url, "s"));
        REQUIRE(signature.has_value());
        std::string public_key;
        const json keys = body_of(kiosk->Get("/api/v1/keys"));
        for (const json& key : keys["keys"]) {
            if (key["site"] == "chuo") {
                CHECK(key["key_id"] == query_parameter(url, "kid"));
                public_key = *base64url_decode(key["public_key"].get<std::string>());
            }
        }
        CHECK(verify_signature(public_key, ticket_signing_message("chuo", id), *signature));
        CHECK_FALSE(verify_signature(public_key, ticket_signing_message("kita", id), *signature));
    });
}

TEST_CASE("a counter calls, recalls, serves, finishes, marks no-shows and transfers") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        auto counter = server.client("counter", "chuo", "chuo-counter-1");
        const json first = body_of(issue(*kiosk, "f-1", R"({"service": "certificates"})"));
        const json second = body_of(issue(*kiosk, "f-2", R"({"service": "certificates"})"));
        const json third = body_of(issue(*kiosk, "f-3", R"({"service": "tax"})"));
        const json fourth = body_of(issue(*kiosk, "f-4", R"({"service": "tax"})"));

        const json called = body_of(counter_post(*counter, "c1", "call-next"));
        CHECK(called["ticket"]["id"] == first["id"]);
        CHECK(called["ticket"]["counter"] == "c1");
        const auto busy = counter_post(*counter, "c1", "call-next");
        REQUIRE(busy);
        CHECK(busy->status == 409);
        CHECK(body_of(counter_post(*counter, "c1", "recall"))["ticket"]["state"] == "called");
        CHECK(body_of(counter_post(*counter, "c1", "start"))["ticket"]["state"] == "serving");
        CHECK(body_of(counter_post(*counter, "c1", "finish"))["ticket"]["state"] == "done");

        CHECK(body_of(counter_post(*counter, "c1", "call-next"))["ticket"]["id"] == second["id"]);
        CHECK(body_of(counter_post(*counter, "c1", "no-show"))["ticket"]["state"] == "no_show");

        CHECK(body_of(counter_post(*counter, "c1", "call-next"))["ticket"]["id"] == third["id"]);
        const json moved = body_of(counter_post(*counter, "c1", "transfer", R"({"service": "my_number"})"));
        CHECK(moved["ticket"]["number"] == "C-001");
        CHECK(moved["ticket"]["transferred_from"] == third["id"]);
        const auto nothing_held = counter_post(*counter, "c1", "finish");
        REQUIRE(nothing_held);
        CHECK(nothing_held->status == 404);

        const std::string cancel_path = "/api/v1/tickets/" + fourth["id"].get<std::string>() + "/cancel";
        CHECK(body_of(kiosk->Post(cancel_path.c_str(), "", "application/json"))["ticket"]["state"] == "cancelled");
        const auto twice = kiosk->Post(cancel_path.c_str(), "", "application/json");
        REQUIRE(twice);
        CHECK(twice->status == 200);
        CHECK(body_of(twice)["ticket"]["state"] == "cancelled");

        const json queue = body_of(counter->Get("/api/v1/sites/chuo/queue"));
        REQUIRE(queue["waiting"].size() == 1);
        CHECK(queue["waiting"][0]["id"] == moved["ticket"]["id"]);
        CHECK(queue["waiting_by_service"]["my_number"] == 1);
        CHECK(body_of(counter_post(*counter, "c1", "call-next", R"({"services": ["tax"]})"))["ticket"].is_null());
    });
}

TEST_CASE("two counters calling at the same time never get the same ticket") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        constexpr int k_tickets = 30;
        std::set<std::string> issued;
        for (int i = 0; i < k_tickets; ++i) {
            const json ticket = body_of(issue(*kiosk, "c-" + std::to_string(i), R"({"service": "certificates"})"));
            issued.insert(ticket["id"].get<std::string>());
        }
        std::vector<std::unique_ptr<httplib::SSLClient>> clients;
        clients.push_back(server.client("counter", "chuo", "chuo-counter-1"));
        clients.push_back(server.client("counter", "chuo", "chuo-counter-2"));
        std::vector<std::vector<std::string>> taken(clients.size());
        std::vector<int> failures(clients.size(), 0);
        std::vector<std::thread> threads;
        for (std::size_t c = 0; c < clients.size(); ++c) {
            threads.emplace_back([&, c] {
                const std::string counter = "c" + std::to_string(c + 1);
                for (;;) {
                    auto called = clients[c]->Post(("/api/v1/sites/chuo/counters/" + counter + "/call-next").c_str(),
                                                   "", "application/json");
                    if (!called || called->status != 200) {
                        ++failures[c];
                        return;
                    }
                    const json body = json::parse(called->body);
                    if (body["ticket"].is_null()) {
                        return;
                    }
                    taken[c].push_back(body["ticket"]["id"].get<std::string>());
                    auto finished = clients[c]->Post(("/api/v1/sites/chuo/counters/" + counter + "/finish").c_str(), "",
                                                     "application/json");
                    if (!finished || finished->status != 200) {
                        ++failures[c];
                        return;
                    }
                }
            });
        }
        for (std::thread& thread : threads) {
            thread.join();
        }
        CHECK(failures == std::vector<int>{0, 0});
        std::set<std::string> unique;
        std::size_t total = 0;
        for (const auto& list : taken) {
            total += list.size();
            unique.insert(list.begin(), list.end());
        }
        CHECK(total == k_tickets);
        CHECK(unique == issued);
        // Both counters really competed.
        CHECK_FALSE(taken[0].empty());
        CHECK_FALSE(taken[1].empty());
    });
}

TEST_CASE("a kiosk files an application and only a counter reads it, audited") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        auto counter = server.client("counter", "chuo", "chuo-counter-1");
        const json ticket = body_of(issue(*kiosk, "a-1", R"({"service": "moving"})"));
        const json application{{"ticket_id", ticket["id"]},
                               {"form", "moving_in"},
                               {"payload", "ZW5jcnlwdGVkIGJ5IHRoZSBraW9zaw"},
                               {"metadata", {{"language", "ja"}}}};
        httplib::Headers headers{{"Idempotency-Key", "app-1"}};
        const auto filed = kiosk->Post("/api/v1/applications", headers, application.dump(), "application/json");
        REQUIRE(filed);
        CHECK(filed->status == 201);
        const auto again = kiosk->Post("/api/v1/applications", headers, application.dump(), "application/json");
        REQUIRE(again);
        CHECK(again->body == filed->body);
        const auto no_key = kiosk->Post("/api/v1/applications", application.dump(), "application/json");
        REQUIRE(no_key);
        CHECK(no_key->status == 400);
        json bad = application;
        bad["payload"] = "not base64url!";
        const auto bad_payload =
            kiosk->Post("/api/v1/applications", {{"Idempotency-Key", "app-2"}}, bad.dump(), "application/json");
        REQUIRE(bad_payload);
        CHECK(bad_payload->status == 400);

        const std::string path = "/api/v1/tickets/" + ticket["id"].get<std::string>() + "/application";
        const auto by_kiosk = kiosk->Get(path.c_str());
        REQUIRE(by_kiosk);
        CHECK(by_kiosk->status == 403);
        const json read = body_of(counter->Get(path.c_str()));
        CHECK(read["id"] == body_of(filed)["id"]);
        CHECK(read["payload"] == application["payload"]);
        CHECK(read["metadata"]["language"] == "ja");

        const std::string verify = "audit verify --config " + server.config_path().string();
        CHECK(run_server_binary(verify) == 0);
    });
}

TEST_CASE("the day's statistics are served to staff and displays, not kiosks") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        auto counter = server.client("counter", "chuo", "chuo-counter-1");
        const json ticket = body_of(issue(*kiosk, "s-1", R"({"service": "tax"})"));
        body_of(counter_post(*counter, "c1", "call-next"));
        body_of(counter_post(*counter, "c1", "finish"));
        const std::string path = "/api/v1/sites/chuo/stats?date=" + ticket["day"].get<std::string>();
        const json stats = body_of(counter->Get(path.c_str()));
        CHECK(stats["services"]["tax"]["events"]["issued"] == 1);
        CHECK(stats["services"]["tax"]["events"]["called"] == 1);
        CHECK(stats["services"]["tax"]["visit_ms"]["count"] == 1);
        CHECK(stats["counters"]["c1"]["events"]["done"] == 1);
        CHECK(stats["total"]["wait_until_call_ms"]["count"] == 1);
        const auto csv = counter->Get((path + "&format=csv").c_str());
        REQUIRE(csv);
        CHECK(csv->status == 200);
        CHECK(csv->get_header_value("Content-Type").starts_with("text/csv"));
        CHECK(csv->body.find("\r\nservice,tax,1,1,1,0,0,0,1,") != std::string::npos);
        CHECK(csv->body.find("\r\ncounter,c1,0,1,1,0,0,0,1,") != std::string::npos);
        const auto bad_format = counter->Get((path + "&format=xlsx").c_str());
        REQUIRE(bad_format);
        CHECK(bad_format->status == 400);
        const json today = body_of(counter->Get("/api/v1/sites/chuo/stats"));
        CHECK(today["date"] == ticket["day"]);
        const auto bad_date = counter->Get("/api/v1/sites/chuo/stats?date=2026-02-30");
        REQUIRE(bad_date);
        CHECK(bad_date->status == 400);
        const auto by_kiosk = kiosk->Get("/api/v1/sites/chuo/stats");
        REQUIRE(by_kiosk);
        CHECK(by_kiosk->status == 403);
    });
}

TEST_CASE("the floor's overview: per service the waiting, the longest wait, the estimate and the counters open") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        auto counter = server.client("counter", "chuo", "chuo-counter-1");
        auto floor = server.client("floor", "chuo", "chuo-floor-1");
        body_of(issue(*kiosk, "o-1", R"({"service": "tax"})"));
        body_of(counter_post(*counter, "c1", "call-next"));
        body_of(counter_post(*counter, "c1", "finish"));
        body_of(issue(*kiosk, "o-2", R"({"service": "tax"})"));
        body_of(issue(*kiosk, "o-3", R"({"service": "tax", "priority": true})"));
        const json overview = body_of(floor->Get("/api/v1/sites/chuo/overview"));
        CHECK(overview["site"] == "chuo");
        REQUIRE(overview["services"].is_array());
        CHECK(overview["services"].size() == 7);  // every service the site offers, waiting or not
        json tax;
        for (const json& entry : overview["services"]) {
            if (entry["service"] == "tax") {
                tax = entry;
            }
        }
        REQUIRE(tax.is_object());
        CHECK(tax["waiting"] == 2);
        CHECK(tax["priority_waiting"] == 1);
        CHECK(tax["longest_wait_ms"].get<std::int64_t>() >= 0);
        CHECK(tax["counters_open"] == 1.0);  // c1 finished a moment ago and is free
        CHECK(tax["counters_free"] == 1);
        CHECK(tax["estimated_wait_minutes"].is_number_integer());
        CHECK_FALSE(tax["name_ja"].get<std::string>().empty());

        const auto by_kiosk = kiosk->Get("/api/v1/sites/chuo/overview");
        REQUIRE(by_kiosk);
        CHECK(by_kiosk->status == 403);
        const auto other_site = floor->Get("/api/v1/sites/kita/overview");
        REQUIRE(other_site);
        CHECK(other_site->status == 403);
    });
}

TEST_CASE("a display follows the queue live through server-sent events") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        auto display = server.client("display", "chuo", "chuo-display");
        const json first = body_of(issue(*kiosk, "e-1", R"({"service": "tax"})"));

        std::mutex mutex;
        std::condition_variable changed;
        std::string received;
        bool finished = false;
        std::thread listener([&] {
            // Last-Event-ID 0: replay the backlog, so the first ticket cannot be missed.
            display->Get("/api/v1/sites/chuo/events", {{"Last-Event-ID", "0"}},
                         [&](const char* data, std::size_t size) {
                             const std::lock_guard lock(mutex);
                             received.append(data, size);
                             changed.notify_all();
                             return received.find("\"G-002\"") == std::string::npos;
                         });
            const std::lock_guard lock(mutex);
            finished = true;
            changed.notify_all();
        });
        {
            std::unique_lock lock(mutex);
            CHECK(changed.wait_for(lock, std::chrono::seconds(10),
                                   [&] { return received.find("\"G-001\"") != std::string::npos; }));
        }
        body_of(issue(*kiosk, "e-2", R"({"service": "tax"})"));
        {
            std::unique_lock lock(mutex);
            CHECK(changed.wait_for(lock, std::chrono::seconds(10), [&] { return finished; }));
        }
        listener.join();
        CHECK(received.find("event: ticket") != std::string::npos);
        CHECK(received.find(first["id"].get<std::string>()) != std::string::npos);
        CHECK(received.find("\"G-002\"") != std::string::npos);
        // A stream from another site's terminal is refused.
        auto kita = server.client("display", "kita", "kita-display");
        const auto other = kita->Get("/api/v1/sites/chuo/events");
        REQUIRE(other);
        CHECK(other->status == 403);
    });
}

TEST_CASE("a kiosk leases a block, issues offline and reconciles each number once") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        auto counter = server.client("counter", "chuo", "chuo-counter-1");
        const TempDir keys;
        const auto block_key = SigningKey::load_or_create(keys.path() / "block.pem");
        REQUIRE(block_key.has_value());
        const json request{{"service", "tax"}, {"size", 20}, {"public_key", base64url_encode(block_key->public_key())}};
        const auto leased = kiosk->Post("/api/v1/sites/chuo/blocks", {{"Idempotency-Key", "lease-1"}}, request.dump(),
                                        "application/json");
        REQUIRE(leased);
        CHECK(leased->status == 201);
        const json lease = body_of(leased);
        REQUIRE(lease.contains("first"));
        CHECK(lease["first"] == 1);
        CHECK(lease["last"] == 20);
        // What the kiosk needs to print a QR a phone can open while the server is away.
        CHECK(lease["status_base_url"] == "https://status.madoguchi.test/t/");

        // The lease is signed by the site key, so a counter can trust the block key offline.
        const Block block{lease["id"], "chuo", "tax", "G", lease["day"], 1, 20, block_key->public_key(), ""};
        const json keys_body = body_of(kiosk->Get("/api/v1/keys"));
        std::string site_key;
        for (const json& key : keys_body["keys"]) {
            if (key["site"] == "chuo") {
                site_key = *base64url_decode(key["public_key"].get<std::string>());
            }
        }
        CHECK(verify_signature(site_key, block_lease_message(block),
                               *base64url_decode(lease["lease_signature"].get<std::string>())));

        OfflineTicket offline{"offline-ticket-0001", 7, true, 1, ""};
        offline.signature = block_key->sign(offline_ticket_message(block, offline));
        const json body{{"id", offline.id},
                        {"sequence", offline.sequence},
                        {"priority", offline.priority},
                        {"issued_at_ms", offline.issued_at_ms},
                        {"signature", base64url_encode(offline.signature)}};
        const std::string path = "/api/v1/sites/chuo/blocks/" + lease["id"].get<std::string>() + "/tickets";
        const json accepted = body_of(kiosk->Post(path.c_str(), body.dump(), "application/json"));
        REQUIRE_MESSAGE(accepted.contains("number"), accepted.dump());
        CHECK(accepted["number"] == "G-007");
        CHECK(accepted["priority"] == true);
        // Its QR, signed by the block key, opens the status page on the status listener.
        const std::string status_path =
            "/t/" + offline.id + "?site=chuo&block=" + block.id +
            "&n=7&s=" + base64url_encode(block_key->sign(offline_status_message("chuo", block.id, offline.id, 7)));
        CHECK(body_of(server.anonymous_client(true)->Get(status_path.c_str(),
                                                         {{"Accept", "application/json"}}))["number"] == "G-007");
        CHECK(body_of(kiosk->Post(path.c_str(), body.dump(), "application/json"))["id"] == offline.id);

        json forged = body;
        forged["sequence"] = 8;
        const auto refused = kiosk->Post(path.c_str(), forged.dump(), "application/json");
        REQUIRE(refused);
        CHECK(refused->status == 422);
        CHECK(body_of(refused)["error"] == "rejected");

        const json online = body_of(issue(*kiosk, "after-lease", R"({"service": "tax"})"));
        CHECK(online["number"] == "G-021");
        CHECK(body_of(counter_post(*counter, "c1", "call-next"))["ticket"]["id"] == offline.id);
    });
}

TEST_CASE("a floor tablet issues, leases, reconciles and files as a kiosk does, every ticket assisted") {
    on_each_server([](ServerProcess& server) {
        // No staff login: the tablet's ticket worker and outbox carry none.
        auto floor = server.client("floor", "chuo", "chuo-floor-1", false);
        auto counter = server.client("counter", "chuo", "chuo-counter-1");
        auto display = server.client("display", "chuo", "chuo-display");
        const json online = body_of(issue(*floor, "fa-1", R"({"service": "tax", "assisted": false})"));
        CHECK(online["assisted"] == true);

        const TempDir keys;
        const auto block_key = SigningKey::load_or_create(keys.path() / "block.pem");
        REQUIRE(block_key.has_value());
        const json request{{"service", "tax"}, {"size", 5}, {"public_key", base64url_encode(block_key->public_key())}};
        const auto leased = floor->Post("/api/v1/sites/chuo/blocks", {{"Idempotency-Key", "fa-lease"}},
                                        request.dump(), "application/json");
        REQUIRE(leased);
        CHECK(leased->status == 201);
        const json lease = body_of(leased);
        const Block block{lease["id"], "chuo", "tax", "G", lease["day"], lease["first"], lease["last"],
                          block_key->public_key(), ""};
        OfflineTicket offline{"offline-floor-0001", lease["first"].get<std::int64_t>(), false, 1, ""};
        offline.signature = block_key->sign(offline_ticket_message(block, offline));
        const json body{{"id", offline.id},
                        {"sequence", offline.sequence},
                        {"issued_at_ms", offline.issued_at_ms},
                        {"signature", base64url_encode(offline.signature)}};
        const std::string path = "/api/v1/sites/chuo/blocks/" + block.id + "/tickets";
        const json reconciled = body_of(floor->Post(path.c_str(), body.dump(), "application/json"));
        CHECK(reconciled["assisted"] == true);
        json not_a_flag = body;
        not_a_flag["assisted"] = "yes";
        const auto bad = floor->Post(path.c_str(), not_a_flag.dump(), "application/json");
        REQUIRE(bad);
        CHECK(bad->status == 400);

        const json application{{"ticket_id", online["id"]}, {"form", "my_number_card"}, {"payload", "ZW5j"}};
        const auto filed = floor->Post("/api/v1/applications", {{"Idempotency-Key", "fa-app"}}, application.dump(),
                                       "application/json");
        REQUIRE(filed);
        CHECK(filed->status == 201);

        const json queue = body_of(display->Get("/api/v1/sites/chuo/queue"));
        REQUIRE(queue["waiting"].size() == 2);
        for (const json& waiting : queue["waiting"]) {
            CHECK(waiting["assisted"] == true);
        }

        // Without a login it withdraws only what it issued itself (a ticket whose print failed).
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        const json from_kiosk = body_of(issue(*kiosk, "fa-kiosk", R"({"service": "tax"})"));
        const auto not_its_own =
            floor->Post(("/api/v1/tickets/" + from_kiosk["id"].get<std::string>() + "/cancel").c_str(), "{}",
                        "application/json");
        REQUIRE(not_its_own);
        CHECK(not_its_own->status == 401);
        const json withdrawn = body_of(floor->Post(
            ("/api/v1/tickets/" + online["id"].get<std::string>() + "/cancel").c_str(), "{}", "application/json"));
        CHECK(withdrawn["ticket"]["state"] == "cancelled");

        // The other staff roles keep their 403s.
        for (auto* other : {counter.get(), display.get()}) {
            const auto refused = issue(*other, "fa-refused", R"({"service": "tax"})");
            REQUIRE(refused);
            CHECK(refused->status == 403);
            const auto no_lease = other->Post("/api/v1/sites/chuo/blocks", {{"Idempotency-Key", "fa-no-lease"}},
                                              request.dump(), "application/json");
            REQUIRE(no_lease);
            CHECK(no_lease->status == 403);
            const auto no_application = other->Post("/api/v1/applications", {{"Idempotency-Key", "fa-no-app"}},
                                                    application.dump(), "application/json");
            REQUIRE(no_application);
            CHECK(no_application->status == 403);
        }
    });
}

TEST_CASE("a kiosk uploads an application photo that only a counter can fetch") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        auto counter = server.client("counter", "chuo", "chuo-counter-1");
        const json ticket = body_of(issue(*kiosk, "p-1", R"({"service": "my_number"})"));
        const json application{{"ticket_id", ticket["id"]}, {"form", "my_number_card"}, {"payload", "ZW5j"}};
        const json filed = body_of(kiosk->Post("/api/v1/applications", {{"Idempotency-Key", "p-app"}},
                                               application.dump(), "application/json"));
        const std::string id = filed["id"];
        // Larger than the JSON limit of the test server (4 KiB), smaller than the photo limit.
        std::string jpeg = "\xff\xd8\xff\xe0" + std::string(6000, 'p') + "\xff\xd9";
        const std::string upload = "/api/v1/photo-applications?application_id=" + id;
        const auto stored = kiosk->Post(upload.c_str(), jpeg, "image/jpeg");
        REQUIRE(stored);
        CHECK(stored->status == 201);
        const auto not_jpeg = kiosk->Post(upload.c_str(), "GIF89a", "image/jpeg");
        REQUIRE(not_jpeg);
        CHECK(not_jpeg->status == 415);
        const auto unknown = kiosk->Post("/api/v1/photo-applications?application_id=nope", jpeg, "image/jpeg");
        REQUIRE(unknown);
        CHECK(unknown->status == 404);
        const auto json_too_big = kiosk->Post("/api/v1/applications", {{"Idempotency-Key", "big"}},
                                              std::string(6000, ' '), "application/json");
        REQUIRE(json_too_big);
        CHECK(json_too_big->status == 413);

        const std::string path = "/api/v1/applications/" + id + "/photo";
        const auto by_kiosk = kiosk->Get(path.c_str());
        REQUIRE(by_kiosk);
        CHECK(by_kiosk->status == 403);
        const auto photo = counter->Get(path.c_str());
        REQUIRE(photo);
        CHECK(photo->status == 200);
        CHECK(photo->get_header_value("Content-Type") == "image/jpeg");
        CHECK(photo->body == jpeg);
    });
}

TEST_CASE("a phone without a certificate sees the ticket's status page once its signature verifies") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        auto counter = server.client("counter", "chuo", "chuo-counter-1");
        const json first = body_of(issue(*kiosk, "t-1", R"({"service": "certificates"})"));
        const json second = body_of(issue(*kiosk, "t-2", R"({"service": "certificates"})"));
        CHECK(first["ahead"] == 0);
        CHECK(second["ahead"] == 1);
        const auto path_of = [](const json& ticket) {
            const std::string url = ticket["qr_url"];
            return url.substr(std::string("https://status.madoguchi.test").size());
        };
        auto phone = server.anonymous_client(true);

        const auto page = phone->Get(path_of(second).c_str());
        REQUIRE(page);
        CHECK(page->status == 200);
        CHECK(page->get_header_value("Content-Type").starts_with("text/html"));
        CHECK(page->body.find("A-002") != std::string::npos);
        CHECK(page->body.find("お待ちの方 1 人") != std::string::npos);
        const auto as_json = phone->Get(path_of(second).c_str(), {{"Accept", "application/json"}});
        REQUIRE(as_json);
        CHECK(body_of(as_json)["ahead"] == 1);

        std::string forged = path_of(second);
        forged[forged.size() - 3] = forged[forged.size() - 3] == 'A' ? 'B' : 'A';
        const auto refused = phone->Get(forged.c_str());
        REQUIRE(refused);
        CHECK(refused->status == 404);
        const std::string other_ticket =
            "/t/" + first["id"].get<std::string>() + path_of(second).substr(path_of(second).find('?'));
        const auto swapped = phone->Get(other_ticket.c_str());
        REQUIRE(swapped);
        CHECK(swapped->status == 404);

        // The office's own news (a kiosk's printer) never reaches a citizen's phone.
        REQUIRE(kiosk->Post("/api/v1/terminals/self/health",
                            R"({"printer": "paper_near_end", "card_reader": "present", "outbox_pending": 0})",
                            "application/json"));
        body_of(counter_post(*counter, "c7", "call-next"));
        const auto called = phone->Get(path_of(first).c_str());
        REQUIRE(called);
        CHECK(called->body.find("Please go to counter c7") != std::string::npos);
        const json second_now = body_of(phone->Get(path_of(second).c_str(), {{"Accept", "application/json"}}));
        CHECK(second_now["ahead"] == 0);
        CHECK(second_now["estimated_wait_minutes"] == 0);
        // Only those still waiting are ahead of a new ticket, not the one at the counter.
        CHECK(body_of(issue(*kiosk, "t-3", R"({"service": "certificates"})"))["ahead"] == 1);

        // The page's live feed: the same verified URL with /events, replaying from the start.
        const std::string path = path_of(second);
        const std::string events = path.substr(0, path.find('?')) + "/events" + path.substr(path.find('?'));
        std::string streamed;
        phone->Get(events.c_str(), {{"Last-Event-ID", "0"}}, [&](const char* data, std::size_t size) {
            streamed.append(data, size);
            return streamed.find("\"called\"") == std::string::npos;
        });
        CHECK(streamed.find("event: ticket") != std::string::npos);
        CHECK(streamed.find("\"c7\"") != std::string::npos);
        CHECK(streamed.find("paper_near_end") == std::string::npos);

        // The API port still refuses a client without a certificate.
        CHECK_FALSE(server.anonymous_client(false)->Get("/healthz"));
    });
}

TEST_CASE("counter work needs a staff member logged in on that terminal") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        body_of(issue(*kiosk, "l-1", R"({"service": "tax"})"));
        auto counter = server.client("counter", "chuo", "chuo-counter-9", false);
        const auto anonymous = counter_post(*counter, "c9", "call-next");
        REQUIRE(anonymous);
        CHECK(anonymous->status == 401);
        CHECK(body_of(anonymous)["error"] == "login_required");
        // What a display shows needs no login.
        CHECK(body_of(counter->Get("/api/v1/sites/chuo/queue"))["waiting"].size() == 1);
        const auto refused =
            counter->Post("/api/v1/staff/login", R"({"staff_id": "nobody", "password": "x"})", "application/json");
        REQUIRE(refused);
        CHECK(refused->status == 401);
        counter->set_bearer_token_auth("made-up-token");
        const auto made_up = counter_post(*counter, "c9", "call-next");
        REQUIRE(made_up);
        CHECK(made_up->status == 401);

        auto logged_in = server.client("counter", "chuo", "chuo-counter-9");
        CHECK(body_of(counter_post(*logged_in, "c9", "call-next"))["ticket"]["number"] == "G-001");
        // A kiosk may not log staff in.
        const auto kiosk_login =
            kiosk->Post("/api/v1/staff/login", R"({"staff_id": "a", "password": "b"})", "application/json");
        REQUIRE(kiosk_login);
        CHECK(kiosk_login->status == 403);
    });
}

TEST_CASE("a ticket from an assisted session says so in the queue and to the counter that calls it") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        auto counter = server.client("counter", "chuo", "chuo-counter-1");
        const json plain = body_of(issue(*kiosk, "a-1", R"({"service": "tax"})"));
        CHECK_FALSE(plain.contains("assisted"));
        const json assisted = body_of(issue(*kiosk, "a-2", R"({"service": "tax", "assisted": true})"));
        CHECK(assisted["assisted"] == true);
        const json queue = body_of(kiosk->Get("/api/v1/sites/chuo/queue"));
        REQUIRE(queue["waiting"].size() == 2);
        CHECK(queue["waiting"][0]["assisted"] == false);
        CHECK(queue["waiting"][1]["assisted"] == true);

        body_of(counter_post(*counter, "c1", "call-next"));
        body_of(counter_post(*counter, "c1", "finish"));
        const json called = body_of(counter_post(*counter, "c1", "call-next"));
        CHECK(called["ticket"]["id"] == assisted["id"]);
        CHECK(called["ticket"]["assisted"] == true);
    });
}
