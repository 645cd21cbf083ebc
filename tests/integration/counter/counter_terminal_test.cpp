// The counter's screens against the real server: a kiosk issues a ticket with the real
// `madoguchi ticket issue`, and staff at a counter terminal log in, call it and finish it by
// pressing the screens' buttons, headless, with the desk's answers through the main queue.
#include <doctest/doctest.h>

#include "counter_rig.hpp"
#include "kiosk/log.hpp"

using namespace madoguchi;
using namespace madoguchi::testing;
using madoguchi::server::test::Backend;
using madoguchi::server::test::ServerProcess;
using madoguchi::server::test::TempDir;

TEST_CASE("staff log in on the counter's screens, call the kiosk's ticket and finish it") {
    log::set_min_level(log::Level::warn);
    server::test::on_each_server([](ServerProcess& server) {
        TempDir dir;
        make_staff(server, "1234", "counter pass");
        const KioskTicket ticket = issue_at_kiosk(kiosk_terminal_config(server, dir));
        auto kiosk = server.client("kiosk", "chuo", "kiosk-check");

        Counter counter(terminal_endpoint(server, "counter", "counter-3"), at_counter("3"));
        Staff staff(counter);
        CHECK(staff.view().screen == ScreenId::counter_login);
        for (const char* digit : {"1", "2", "3", "4", "Next"}) {
            staff.press(digit);
        }
        for (const char* key : {"c", "o", "u", "n", "t", "e", "r", "Space", "p", "a", "s", "s"}) {
            staff.press(key);
        }
        staff.press("Log in");
        REQUIRE(staff.view().screen == ScreenId::counter_working);
        CHECK(staff.sees("Counter 3"));
        REQUIRE(counter.pump_until([&] { return staff.sees("certificates 1 waiting"); }));

        staff.press("Call next");
        CHECK(staff.sees("ticket " + ticket.number));
        CHECK(on_server(*kiosk, ticket.number) == std::pair<std::string, std::string>{"called", "3"});
        // No-show waits for its minutes; pressing it early does nothing.
        staff.press("No-show");
        CHECK(on_server(*kiosk, ticket.number).first == "called");
        staff.press("Call next");
        CHECK(counter.desk.notice() == CounterNotice::none);  // greyed: never sent

        staff.press("Finish");
        CHECK_FALSE(staff.sees("ticket " + ticket.number));
        CHECK(on_server(*kiosk, ticket.number).first == "gone");
        staff.press("Call next");
        CHECK(staff.sees("Nobody is waiting for this counter's services."));

        staff.press("Log out");
        CHECK(staff.view().screen == ScreenId::counter_login);
        CHECK(counter.desk.staff_id().empty());
    });
}

TEST_CASE("a wrong password is told on the log-in screen, and the password is gone") {
    log::set_min_level(log::Level::error);
    ServerProcess server(Backend::sqlite);
    make_staff(server, "55", "right-password");
    Counter counter(terminal_endpoint(server, "counter", "counter-5"), at_counter("5"));
    Staff staff(counter);
    for (const char* key : {"5", "5", "Next", "w", "r", "o", "n", "g", "Log in"}) {
        staff.press(key);
    }
    CHECK(staff.view().screen == ScreenId::counter_login);
    CHECK(staff.sees("The staff ID or the password is wrong."));
    CHECK(counter.desk.password_length() == 0);
    CHECK(counter.desk.staff_id() == "55");
}
