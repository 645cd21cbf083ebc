// The counter terminal's desk against the real server process, over its own mTLS client and
// worker thread, results through the main queue as in the app: log-in, calls that move tickets,
// two counters calling at the same instant, the no-show delay, and the refusals staff see.
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "counter_rig.hpp"
#include "kiosk/log.hpp"

using namespace madoguchi;
using namespace madoguchi::testing;
using madoguchi::server::test::ServerProcess;
using namespace std::chrono_literals;

TEST_CASE("a counter logs in, calls the next ticket and the ticket moves") {
    log::set_min_level(log::Level::warn);
    server::test::on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "kiosk-1");
        make_staff(server, "1234", "s3cret pass");
        const std::string first = issue_ticket(*kiosk, "k1");
        const std::string second = issue_ticket(*kiosk, "k2");

        Counter counter(terminal_endpoint(server, "counter", "counter-3"), at_counter("3"));
        counter.log_in("1234", "wrong");
        CHECK(counter.desk.notice() == CounterNotice::wrong_login);
        CHECK(counter.desk.stage() == CounterStage::login);
        CHECK(counter.desk.password_length() == 0);  // wiped once sent, right or wrong

        counter.desk.erase_staff_id();
        counter.type("4", "s3cret pass");
        counter.desk.log_in();
        CHECK(counter.desk.password_length() == 0);
        REQUIRE(counter.settle());
        REQUIRE(counter.desk.stage() == CounterStage::working);
        REQUIRE(counter.pump_until([&] {
            const auto counts = counter.desk.waiting_counts();
            return !counts.empty() && counts[0].waiting == 2;
        }));

        counter.desk.call_next();
        REQUIRE(counter.settle());
        CHECK(counter.held() == first);
        CHECK(on_server(*kiosk, first) == std::pair<std::string, std::string>{"called", "3"});
        REQUIRE(counter.pump_until([&] { return counter.desk.waiting_counts().at(0).waiting == 1; }));

        // Call next while holding a ticket: the server refuses, the desk says why and keeps it.
        counter.desk.call_next();
        REQUIRE(counter.settle());
        CHECK(counter.desk.notice() == CounterNotice::counter_busy);
        CHECK(counter.held() == first);

        counter.desk.recall();
        REQUIRE(counter.settle());
        CHECK(counter.desk.notice() == CounterNotice::none);
        CHECK(counter.held() == first);
        counter.desk.finish();
        REQUIRE(counter.settle());
        CHECK_FALSE(counter.desk.ticket());
        CHECK(on_server(*kiosk, first).first == "gone");

        counter.desk.call_next();
        REQUIRE(counter.settle());
        CHECK(counter.held() == second);
        std::string no_note;
        counter.desk.transfer("moving", "", no_note);
        REQUIRE(counter.settle());
        CHECK_FALSE(counter.desk.ticket());
        CHECK(on_server(*kiosk, second).first == "gone");
        const auto queue = server::test::body_of(kiosk->Get("/api/v1/sites/chuo/queue"));
        REQUIRE(queue["waiting"].size() == 1);
        CHECK(queue["waiting"][0]["service"] == "moving");
        // Staff see the new number, to tell the citizen, until the next request.
        REQUIRE(counter.desk.transferred());
        CHECK(counter.desk.transferred()->number == queue["waiting"][0]["number"]);
        CHECK(counter.desk.transferred()->service == "moving");

        counter.desk.log_out();
        CHECK(counter.desk.stage() == CounterStage::login);
        CHECK(counter.desk.staff_id().empty());
        counter.desk.call_next();
        CHECK_FALSE(counter.desk.waiting_for_server());
    });
}

TEST_CASE("two counters pressing call next at the same instant never get the same ticket") {
    log::set_min_level(log::Level::warn);
    server::test::on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "kiosk-1");
        make_staff(server, "1001", "first-pass");
        make_staff(server, "1002", "second-pass");
        constexpr int k_rounds = 4;
        for (int i = 0; i < 2 * k_rounds; ++i) {
            issue_ticket(*kiosk, "k" + std::to_string(i));
        }
        Counter one(terminal_endpoint(server, "counter", "counter-1"), at_counter("1"));
        Counter two(terminal_endpoint(server, "counter", "counter-2"), at_counter("2"));
        one.log_in("1001", "first-pass");
        two.log_in("1002", "second-pass");
        REQUIRE(one.desk.stage() == CounterStage::working);
        REQUIRE(two.desk.stage() == CounterStage::working);

        std::set<std::string> called;
        for (int round = 0; round < k_rounds; ++round) {
            // Both requests are on their way before either answer is read.
            one.desk.call_next();
            two.desk.call_next();
            REQUIRE(one.settle());
            REQUIRE(two.settle());
            REQUIRE(one.desk.ticket());
            REQUIRE(two.desk.ticket());
            CHECK(one.held() != two.held());
            called.insert(one.held());
            called.insert(two.held());
            CHECK(on_server(*kiosk, one.held()).second == "1");
            CHECK(on_server(*kiosk, two.held()).second == "2");
            one.desk.finish();
            two.desk.finish();
            REQUIRE(one.settle());
            REQUIRE(two.settle());
        }
        CHECK(called.size() == 2 * k_rounds);
        one.desk.call_next();
        REQUIRE(one.settle());
        CHECK(one.desk.notice() == CounterNotice::nobody_waiting);
    });
}

TEST_CASE("no-show is refused before the configured minutes since the call") {
    log::set_min_level(log::Level::warn);
    ServerProcess server(server::test::Backend::sqlite);
    auto kiosk = server.client("kiosk", "chuo", "kiosk-1");
    make_staff(server, "2001", "pass-2001");
    const std::string number = issue_ticket(*kiosk, "k1");
    Counter counter(terminal_endpoint(server, "counter", "counter-4"), at_counter("4", 2min));
    counter.log_in("2001", "pass-2001");

    counter.desk.no_show(Clock::now());
    CHECK(counter.desk.notice() == CounterNotice::wrong_state);  // nothing called yet

    counter.desk.call_next();
    REQUIRE(counter.settle());
    REQUIRE(counter.held() == number);
    // Logging out and in again does not restart the delay: it counts from the server's call.
    REQUIRE(counter.pump_until([&] { return !counter.desk.queue().at_counters().empty(); }));
    counter.desk.log_out();
    CHECK_FALSE(counter.desk.ticket());
    counter.log_in("2001", "pass-2001");
    CHECK(counter.held() == number);
    const auto now = Clock::now();
    CHECK_FALSE(counter.desk.no_show_allowed(now));
    REQUIRE(counter.desk.next_deadline(now));
    CHECK(*counter.desk.next_deadline(now) > now + 1min);
    counter.desk.no_show(now);
    CHECK(counter.desk.notice() == CounterNotice::too_early);
    CHECK_FALSE(counter.desk.waiting_for_server());
    CHECK(on_server(*kiosk, number).first == "called");

    const auto later = now + 2min + 1s;
    CHECK(counter.desk.no_show_allowed(later));
    counter.desk.no_show(later);
    REQUIRE(counter.settle());
    CHECK(counter.desk.notice() == CounterNotice::none);
    CHECK_FALSE(counter.desk.ticket());
    CHECK(on_server(*kiosk, number).first == "gone");
}

TEST_CASE("refusals are told apart: server away, not a counter, ticket ended elsewhere") {
    log::set_min_level(log::Level::error);
    ServerProcess server(server::test::Backend::sqlite);
    auto kiosk = server.client("kiosk", "chuo", "kiosk-1");
    make_staff(server, "3001", "pass-3001");

    // Nothing listens on port 1.
    ServerEndpoint away = terminal_endpoint(server, "counter", "counter-away");
    away.url = "https://127.0.0.1:1";
    Counter unreachable(away, at_counter("8"));
    unreachable.log_in("3001", "pass-3001");
    CHECK(unreachable.desk.notice() == CounterNotice::server_away);
    CHECK(unreachable.desk.stage() == CounterStage::login);

    Counter display(terminal_endpoint(server, "display", "display-1"), at_counter("8"));
    display.log_in("3001", "pass-3001");
    CHECK(display.desk.notice() == CounterNotice::forbidden);

    // Two terminals at one counter: what one finishes, the other can no longer finish.
    const std::string number = issue_ticket(*kiosk, "k1");
    Counter left(terminal_endpoint(server, "counter", "counter-5a"), at_counter("5"));
    Counter right(terminal_endpoint(server, "counter", "counter-5b"), at_counter("5"));
    left.log_in("3001", "pass-3001");
    right.log_in("3001", "pass-3001");
    left.desk.call_next();
    REQUIRE(left.settle());
    REQUIRE(left.held() == number);
    right.desk.finish();
    REQUIRE(right.settle());
    left.desk.finish();
    REQUIRE(left.settle());
    CHECK(left.desk.notice() == CounterNotice::ticket_gone);
    CHECK_FALSE(left.desk.ticket());
}

TEST_CASE("without a configured counter, staff choose it and its services after log-in") {
    log::set_min_level(log::Level::warn);
    ServerProcess server(server::test::Backend::sqlite);
    auto kiosk = server.client("kiosk", "chuo", "kiosk-1");
    make_staff(server, "4001", "pass-4001");
    issue_ticket(*kiosk, "k1", "certificates");
    const std::string moving = issue_ticket(*kiosk, "k2", "moving");
    Counter counter(terminal_endpoint(server, "counter", "counter-x"), at_counter(""));
    counter.log_in("4001", "pass-4001");
    REQUIRE(counter.desk.stage() == CounterStage::choose_counter);
    CHECK_FALSE(counter.desk.choose_counter("Window 9"));
    counter.desk.open_counter();
    CHECK(counter.desk.stage() == CounterStage::choose_counter);
    CHECK(counter.desk.choose_counter("9"));
    counter.desk.toggle_service("moving");
    counter.desk.open_counter();
    REQUIRE(counter.desk.stage() == CounterStage::working);
    REQUIRE(counter.pump_until([&] { return counter.desk.waiting_counts().size() == 1; }));
    CHECK(counter.desk.waiting_counts()[0].service == "moving");
    counter.desk.call_next();
    REQUIRE(counter.settle());
    CHECK(counter.held() == moving);
    CHECK(on_server(*kiosk, moving) == std::pair<std::string, std::string>{"called", "9"});
}

TEST_CASE("a counter that has just opened is offered to the others as a transfer target") {
    log::set_min_level(log::Level::warn);
    ServerProcess server(server::test::Backend::sqlite);
    auto watcher = server.client("counter", "chuo", "counter-watch");
    make_staff(server, "4001", "pass-4001");
    make_staff(server, "4002", "pass-4002");
    Counter nine(terminal_endpoint(server, "counter", "counter-9"), at_counter("9"));
    nine.log_in("4001", "pass-4001");
    REQUIRE(nine.desk.stage() == CounterStage::working);
    // Nine has called no one; only its opening can make it known.
    const auto listed = [&] {
        const auto overview = watcher->Get("/api/v1/sites/chuo/overview");
        return overview && overview->status == 200 &&
               nlohmann::json::parse(overview->body)["counters"] == nlohmann::json::array({"9"});
    };
    bool known = false;
    for (int attempt = 0; attempt < 200 && !known; ++attempt) {
        known = listed();
        if (!known) {
            std::this_thread::sleep_for(50ms);
        }
    }
    REQUIRE(known);

    Counter one(terminal_endpoint(server, "counter", "counter-1"), at_counter("1"));
    one.log_in("4002", "pass-4002");
    REQUIRE(one.desk.stage() == CounterStage::working);
    one.desk.load_counters();
    REQUIRE(one.pump_until([&] { return !one.desk.counters().empty(); }));
    CHECK(one.desk.counters() == std::vector<std::string>{"9"});
}
