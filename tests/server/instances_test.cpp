// Several madoguchi-server processes on one PostgreSQL database: the live event streams of each
// instance carry the changes made through any of them.
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace madoguchi::server::test;
using nlohmann::json;

namespace {

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++count;
    }
    return count;
}

}  // namespace

TEST_CASE("a call made through one instance reaches a display on another within a second") {
    ServerProcess first(Backend::postgresql);
    ServerProcess second(Backend::postgresql, first.storage_url());
    auto kiosk = first.client("kiosk", "chuo", "chuo-kiosk");
    auto counter = first.client("counter", "chuo", "chuo-c1");
    auto remote_display = second.client("display", "chuo", "chuo-display-b");
    auto local_display = first.client("display", "chuo", "chuo-display-a");
    auto kita_display = second.client("display", "kita", "kita-display-b");

    // Last-Event-ID 0 replays each instance's backlog, so a change racing the subscription
    // still shows.
    EventCollector remote(*remote_display, "/api/v1/sites/chuo/events", {{"Last-Event-ID", "0"}});
    EventCollector local(*local_display, "/api/v1/sites/chuo/events", {{"Last-Event-ID", "0"}});
    EventCollector kita(*kita_display, "/api/v1/sites/kita/events", {{"Last-Event-ID", "0"}});
    const json ticket = body_of(issue(*kiosk, "i-1", R"({"service": "tax"})"));
    REQUIRE(remote.wait_for("\"state\":\"waiting\"", std::chrono::seconds(5)));

    const auto called = counter_post(*counter, "c1", "call-next");
    REQUIRE(called);
    REQUIRE(called->status == 200);
    const auto after_call = std::chrono::steady_clock::now();
    CHECK(remote.wait_for("\"state\":\"called\"", std::chrono::seconds(1)));
    CHECK(std::chrono::steady_clock::now() - after_call < std::chrono::seconds(1));
    CHECK(remote.received().find(ticket["id"].get<std::string>()) != std::string::npos);

    // And back: a ticket issued through the second instance reaches the first one's display.
    auto kiosk_b = second.client("kiosk", "chuo", "chuo-kiosk-b");
    body_of(issue(*kiosk_b, "i-2", R"({"service": "tax"})"));
    CHECK(local.wait_for("\"G-002\"", std::chrono::seconds(1)));
    // An instance does not get its own changes a second time through the database.
    CHECK(local.wait_for("\"state\":\"called\"", std::chrono::seconds(1)));
    CHECK(occurrences(local.received(), "\"state\":\"called\"") == 1);
    CHECK(occurrences(remote.received(), "\"state\":\"called\"") == 1);
    // Another site's stream carries its own changes only.
    auto kita_kiosk = first.client("kiosk", "kita", "kita-kiosk");
    const json kita_ticket = body_of(issue(*kita_kiosk, "i-3", R"({"service": "tax"})", "kita"));
    CHECK(kita.wait_for(kita_ticket["id"].get<std::string>(), std::chrono::seconds(1)));
    CHECK(occurrences(kita.received(), "event: ticket") == 1);
    CHECK(kita.received().find(ticket["id"].get<std::string>()) == std::string::npos);
}
