// The hourly sweep in the real process: it also runs once at start-up, which is what this checks.
#include <doctest/doctest.h>

#include <thread>

#include "support.hpp"

using namespace madoguchi::server;
using namespace madoguchi::server::test;
using namespace std::chrono;

TEST_CASE("the sweep closes the waiting tickets of past days") {
    const TempDir dir;
    const std::string url = fresh_storage_url(Backend::sqlite, dir);
    auto database = open_database(url);
    REQUIRE(database.has_value());
    Repository repository(std::move(*database));
    REQUIRE(repository.migrate().has_value());
    REQUIRE(repository.ensure_sites({"chuo"}).has_value());
    const auto two_days_ago = system_clock::now() - hours(48);
    auto old = repository.issue(IssueRequest{"chuo", "tax", "G", false, "chuo-kiosk"}, two_days_ago);
    REQUIRE(old.has_value());

    const ServerProcess server(Backend::sqlite, url);
    const auto deadline = steady_clock::now() + seconds(5);
    while (server.log().find("event=retention_swept") == std::string::npos && steady_clock::now() < deadline) {
        std::this_thread::sleep_for(milliseconds(20));
    }
    CHECK(server.log().find("closed_past_days=1") != std::string::npos);
    auto closed = repository.find(old->id);
    REQUIRE(closed.has_value());
    CHECK(closed->state == TicketState::cancelled);
}
