// POST /api/v1/batch on the real server process, on SQLite and on PostgreSQL: a kiosk's queued
// requests in one, each through its own route and Idempotency-Key, in order, stopping at the
// first one not accepted.
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support.hpp"

using namespace madoguchi::server::test;
using nlohmann::json;

namespace {

json issue_item(const std::string& key, const std::string& service) {
    return json{{"method", "POST"},
                {"path", "/api/v1/sites/chuo/tickets"},
                {"idempotency_key", key},
                {"body", json{{"service", service}}.dump()}};
}

httplib::Result post_batch(httplib::SSLClient& client, const json& requests) {
    return client.Post("/api/v1/batch", json{{"requests", requests}}.dump(), "application/json");
}

std::size_t waiting(httplib::SSLClient& client) {
    return body_of(client.Get("/api/v1/sites/chuo/queue"))["waiting"].size();
}

}  // namespace

TEST_CASE("a batch runs its requests in order and stops after the first one not accepted") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        const auto first = post_batch(*kiosk, json::array({issue_item("a", "tax"), issue_item("b", "no-such-service"),
                                                           issue_item("c", "tax")}));
        REQUIRE(first);
        REQUIRE(first->status == 200);
        const json answers = body_of(first)["responses"];
        REQUIRE(answers.size() == 2);
        CHECK(answers[0]["status"] == 201);
        CHECK(answers[0]["body"]["number"] == "G-001");
        CHECK(answers[1]["status"] == 422);
        CHECK(answers[1]["body"]["error"] == "unknown_service");
        CHECK(waiting(*kiosk) == 1);

        // Sent again (the kiosk never read the answer): the first is replayed, not issued twice.
        const auto again = post_batch(*kiosk, json::array({issue_item("a", "tax"), issue_item("c", "tax")}));
        const json replayed = body_of(again)["responses"];
        REQUIRE(replayed.size() == 2);
        CHECK(replayed[0]["body"] == answers[0]["body"]);
        CHECK(replayed[1]["body"]["number"] == "G-002");
        CHECK(waiting(*kiosk) == 2);
        // The same key, alone, is the same request: one request either way.
        const auto alone = issue(*kiosk, "c", R"({"service":"tax"})");
        CHECK(body_of(alone)["number"] == "G-002");

        const std::string ticket = answers[0]["body"]["id"].get<std::string>();
        auto display = server.client("display", "chuo", "chuo-display", false);
        // From the first event on, so that a stream the server reaches late misses nothing; the
        // cancel is the only cancelled state in it.
        EventCollector events(*display, "/api/v1/sites/chuo/events", {{"Last-Event-ID", "0"}});
        const json cancel{{"method", "POST"}, {"path", "/api/v1/tickets/" + ticket + "/cancel"}, {"body", "{}"}};
        const auto cancelled = post_batch(*kiosk, json::array({cancel}));
        CHECK(body_of(cancelled)["responses"][0]["body"]["ticket"]["state"] == "cancelled");
        CHECK(events.wait_for(R"("state":"cancelled")", std::chrono::seconds(10)));
        CHECK(waiting(*kiosk) == 1);
    });
}

TEST_CASE("a batch carries only a kiosk's JSON requests, within its limits") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        // A route no kiosk may use, and a batch inside a batch, are no routes for a batch.
        const json call_next{{"method", "POST"}, {"path", "/api/v1/sites/chuo/counters/c1/call-next"}, {"body", ""}};
        const json nested{{"method", "POST"}, {"path", "/api/v1/batch"}, {"body", R"({"requests": []})"}};
        for (const json& item : {call_next, nested}) {
            const json answer = body_of(post_batch(*kiosk, json::array({item})))["responses"];
            REQUIRE(answer.size() == 1);
            CHECK(answer[0]["status"] == 404);
        }
        // Another site's path is refused by that route's own guard.
        const json elsewhere{{"method", "POST"},
                             {"path", "/api/v1/sites/kita/tickets"},
                             {"idempotency_key", "k"},
                             {"body", R"({"service":"tax"})"}};
        CHECK(body_of(post_batch(*kiosk, json::array({elsewhere})))["responses"][0]["status"] == 403);

        json too_many = json::array();
        for (int i = 0; i < 101; ++i) {
            too_many.push_back(issue_item("k" + std::to_string(i), "tax"));
        }
        for (const json& bad : {json::array(), too_many, json::array({json{{"method", "GET"}, {"path", "/healthz"}, {"body", ""}}}),
                                json::array({json{{"path", "/api/v1/sites/chuo/tickets"}}})}) {
            const auto refused = post_batch(*kiosk, bad);
            REQUIRE(refused);
            CHECK(refused->status == 400);
            CHECK(body_of(refused)["error"] == "bad_request");
        }
        const auto not_json = kiosk->Post("/api/v1/batch", "[", "application/json");
        REQUIRE(not_json);
        CHECK(not_json->status == 400);
        CHECK(waiting(*kiosk) == 0);

        auto display = server.client("display", "chuo", "chuo-display", false);
        const auto forbidden = post_batch(*display, json::array({issue_item("d", "tax")}));
        REQUIRE(forbidden);
        CHECK(forbidden->status == 403);
    });
}
