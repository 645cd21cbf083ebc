// The display's board kept by the queue feed, against the real server process: a counter's call
// reaches it, and it comes back by itself after the server restarts.
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "tests/support/ui_pump.hpp"
#include "kiosk/display_board.hpp"
#include "kiosk/log.hpp"
#include "kiosk/queue_feed.hpp"
#include "tests/server/support.hpp"

using namespace madoguchi;
using madoguchi::server::test::Backend;
using madoguchi::server::test::ServerProcess;
using namespace std::chrono_literals;

namespace {

ServerEndpoint display_endpoint(ServerProcess& server, const std::string& name) {
    REQUIRE(server::test::run_server_binary("pki issue-terminal --dir " + server.pki_dir().string() +
                                            " --role display --site chuo --name " + name) == 0);
    return ServerEndpoint{"https://127.0.0.1:" + std::to_string(server.port()), server.pki_dir() / "ca.crt",
                          server.pki_dir() / "terminals" / (name + ".crt"),
                          server.pki_dir() / "terminals" / (name + ".key")};
}

// The display process's UI side: the board, fed through the main queue like the app's.
struct Display : madoguchi::testing::UiPump {
    DisplayBoard board;
    std::vector<Announcement> announced;
    int drops = 0;
    std::unique_ptr<QueueFeed> feed;

    Display(const ServerEndpoint& endpoint, QueueFeedTiming timing = {}) {
        QueueFeedHandlers handlers;
        handlers.snapshot = [this](QueueSnapshot snapshot) {
            for (const Announcement& call : board.apply_snapshot(snapshot, Clock::now())) {
                announced.push_back(call);
            }
        };
        handlers.ticket = [this](QueueTicket ticket) {
            if (auto call = board.apply_ticket(ticket, Clock::now())) {
                announced.push_back(*call);
            }
        };
        handlers.connection = [this](bool connected) {
            board.set_connected(connected);
            drops += connected ? 0 : 1;
        };
        feed = std::make_unique<QueueFeed>(endpoint, "chuo", queue, std::move(handlers), timing);
    }
    ~Display() { feed.reset(); }


    bool shows_at_counter(const std::string& number, const std::string& counter) const {
        return std::any_of(board.at_counters().begin(), board.at_counters().end(),
                           [&](const DisplayCall& call) { return call.number == number && call.counter == counter; });
    }
};

std::string issue_ticket(httplib::SSLClient& kiosk, const std::string& key) {
    const auto reply = server::test::issue(kiosk, key, R"({"service": "certificates"})");
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 201, reply->body);
    return nlohmann::json::parse(reply->body)["number"].get<std::string>();
}

std::string call_next(httplib::SSLClient& counter, const std::string& counter_id) {
    const auto reply = server::test::counter_post(counter, counter_id, "call-next");
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 200, reply->body);
    return nlohmann::json::parse(reply->body)["ticket"]["number"].get<std::string>();
}

}  // namespace

TEST_CASE("a counter's call reaches the display's board and is announced") {
    log::set_min_level(log::Level::warn);
    server::test::on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "kiosk-1");
        auto counter = server.client("counter", "chuo", "counter-1");
        const std::string first = issue_ticket(*kiosk, "k1");
        issue_ticket(*kiosk, "k2");

        Display display(display_endpoint(server, "display-1"));
        REQUIRE(display.pump_until([&] { return display.board.connected(); }));
        // The queue read at connection: two waiting, nothing announced.
        CHECK(display.board.waiting_counts().at(0).waiting == 2);
        CHECK(display.announced.empty());

        const auto called_at = Clock::now();
        CHECK(call_next(*counter, "3") == first);
        REQUIRE(display.pump_until([&] { return display.shows_at_counter(first, "3"); }));
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - called_at).count();
        MESSAGE("call-next answered → on the display's board in " << ms << " ms (issue: within a second)");
        REQUIRE(display.announced.size() == 1);
        CHECK(display.announced[0].number == first);
        CHECK(display.announced[0].counter == "3");
        CHECK(display.board.highlighted(display.board.at_counters()[0], Clock::now()));
        CHECK(display.board.waiting_counts().at(0).waiting == 1);

        // A recall is announced again; finishing takes the number off the counters.
        REQUIRE(server::test::counter_post(*counter, "3", "recall")->status == 200);
        REQUIRE(display.pump_until([&] { return display.announced.size() == 2; }));
        REQUIRE(server::test::counter_post(*counter, "3", "finish")->status == 200);
        REQUIRE(display.pump_until([&] { return display.board.at_counters().empty(); }));
        CHECK(display.board.recent_calls().size() == 1);
    });
}

TEST_CASE("the display reconnects by itself after the server restarts, and catches up") {
    log::set_min_level(log::Level::warn);
    server::test::on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "kiosk-1");
        auto counter = server.client("counter", "chuo", "counter-1");
        Display display(display_endpoint(server, "display-1"), QueueFeedTiming{100ms, 2s});
        REQUIRE(display.pump_until([&] { return display.board.connected(); }));
        const std::string first = issue_ticket(*kiosk, "k1");
        const std::string second = issue_ticket(*kiosk, "k2");
        CHECK(call_next(*counter, "1") == first);
        REQUIRE(display.pump_until([&] { return display.shows_at_counter(first, "1"); }));

        server.restart();
        // The stream broke off: the display says so, and keeps what it showed.
        REQUIRE(display.pump_until([&] { return display.drops == 1; }));
        CHECK(display.shows_at_counter(first, "1"));

        // A call made on the restarted server, possibly before the display is back: either the
        // queue read at reconnection or the stream brings it, and it is announced once.
        REQUIRE(server::test::counter_post(*counter, "1", "finish")->status == 200);
        CHECK(call_next(*counter, "2") == second);
        REQUIRE(display.pump_until([&] { return display.board.connected() && display.shows_at_counter(second, "2"); }));
        CHECK_FALSE(display.shows_at_counter(first, "1"));
        CHECK(std::count_if(display.announced.begin(), display.announced.end(),
                            [&](const Announcement& call) { return call.number == second; }) == 1);
    });
}
