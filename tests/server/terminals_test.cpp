// Kiosks' health reports through the real server, for the floor console, on both back ends.
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "server/terminal_health.hpp"
#include "support.hpp"

using namespace madoguchi::server;
using namespace madoguchi::server::test;
using nlohmann::json;

namespace {

httplib::Result report(httplib::SSLClient& client, const std::string& body) {
    return client.Post("/api/v1/terminals/self/health", body, "application/json");
}

}  // namespace

TEST_CASE("a kiosk's health report reaches the floor's terminal list and its event stream") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "kiosk-7");
        auto floor = server.client("floor", "chuo", "floor-1");
        // From the first event on: the stream's cursor is taken when the server gets to the request,
        // which may be after the warm-up ticket on a busy machine.
        EventCollector events(*floor, "/api/v1/sites/chuo/events", {{"Last-Event-ID", "0"}});
        // The stream is open once a first event reaches it; a ticket is the simplest one.
        REQUIRE(issue(*kiosk, "warm-up", R"({"service": "certificates"})"));
        REQUIRE(events.wait_for("event: ticket", std::chrono::seconds(10)));

        const auto reported = report(*kiosk, R"({"printer": "paper_near_end", "card_reader": "present",
                                                "outbox_pending": 2, "last_delivery_at_ms": 1700000000000})");
        REQUIRE(reported);
        CHECK(reported->status == 200);
        CHECK(events.wait_for("event: terminal\ndata: {", std::chrono::seconds(10)));
        CHECK(events.wait_for(R"("printer":"paper_near_end")", std::chrono::seconds(10)));

        const json list = body_of(floor->Get("/api/v1/sites/chuo/terminals"));
        CHECK(list["site"] == "chuo");
        CHECK(list["stale_after_seconds"] == 180);
        REQUIRE(list["terminals"].size() == 1);
        const json& terminal = list["terminals"][0];
        CHECK(terminal["terminal"] == "kiosk-7");
        CHECK(terminal["printer"] == "paper_near_end");
        CHECK(terminal["card_reader"] == "present");
        CHECK(terminal["outbox_pending"] == 2);
        CHECK(terminal["last_delivery_at_ms"] == 1700000000000);
        CHECK(terminal["reported_at_ms"].get<std::int64_t>() > 0);
        CHECK(terminal["stale"] == false);

        REQUIRE(report(*kiosk, R"({"printer": "ready", "card_reader": "present", "outbox_pending": 0})"));
        auto counter = server.client("counter", "chuo", "counter-1");
        const json after = body_of(counter->Get("/api/v1/sites/chuo/terminals"));
        REQUIRE(after["terminals"].size() == 1);
        CHECK(after["terminals"][0]["printer"] == "ready");
        CHECK(after["terminals"][0]["last_delivery_at_ms"].is_null());
    });
}

TEST_CASE("a bad health report gets 400 and leaves nothing behind") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "kiosk-7");
        auto floor = server.client("floor", "chuo", "floor-1");
        const std::string valid = R"({"printer": "ready", "card_reader": "present", "outbox_pending": 0})";
        for (const auto& [body, message] :
             {std::pair<std::string, std::string>{"{\"printer\": ", "the body must be a JSON object"},
              {R"({"printer": "on_fire", "card_reader": "present", "outbox_pending": 0})",
               "printer must be one of ready, paper_near_end, paper_out, cover_open, offline, error, no_printer"},
              {R"({"printer": "ready", "card_reader": "present", "outbox_pending": 0, "terminal": "kiosk-1"})",
               "unknown key \"terminal\": a report has printer, card_reader, outbox_pending and last_delivery_at_ms "
               "only"},
              {valid + std::string(2000, ' '), "a health report must be at most 1024 bytes"}}) {
            CAPTURE(body);
            const auto refused = report(*kiosk, body);
            REQUIRE(refused);
            CHECK(refused->status == 400);
            CHECK(body_of(refused)["error"] == "bad_request");
            CHECK(body_of(refused)["message"] == message);
        }
        CHECK(body_of(floor->Get("/api/v1/sites/chuo/terminals"))["terminals"].empty());
    });
}

TEST_CASE("only kiosks report, and only the site's counter and floor terminals read the list") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "kiosk-7");
        auto floor = server.client("floor", "chuo", "floor-1");
        auto display = server.client("display", "chuo", "chuo-display");
        auto kita_floor = server.client("floor", "kita", "kita-floor");
        const std::string body = R"({"printer": "ready", "card_reader": "absent", "outbox_pending": 0})";
        const auto floor_reports = report(*floor, body);
        REQUIRE(floor_reports);
        CHECK(floor_reports->status == 403);
        REQUIRE(report(*kiosk, body));
        for (auto* reader : {kiosk.get(), display.get()}) {
            const auto refused = reader->Get("/api/v1/sites/chuo/terminals");
            REQUIRE(refused);
            CHECK(refused->status == 403);
        }
        const auto other_site = kita_floor->Get("/api/v1/sites/chuo/terminals");
        REQUIRE(other_site);
        CHECK(other_site->status == 403);
        // A kiosk of another site never shows up here: its site comes from its certificate.
        auto kita_kiosk = server.client("kiosk", "kita", "kita-kiosk");
        REQUIRE(report(*kita_kiosk, body));
        CHECK(body_of(kita_floor->Get("/api/v1/sites/kita/terminals"))["terminals"].size() == 1);
        const json chuo = body_of(floor->Get("/api/v1/sites/chuo/terminals"));
        REQUIRE(chuo["terminals"].size() == 1);
        CHECK(chuo["terminals"][0]["terminal"] == "kiosk-7");
    });
}
