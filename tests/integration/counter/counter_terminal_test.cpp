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

namespace {

// What the counter's keyboard types this frame, as the terminal gets it.
void type_on_keyboard(Staff& staff, const std::string& text) {
    ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
    const auto now = Clock::now();
    for (const Intent& intent : staff.ui.frame(staff.view())) {
        staff.terminal.apply(intent, now);
    }
}

}  // namespace

TEST_CASE("counter 1 transfers to counter 2 with a typed note: counter 5 skips it, counter 2 calls it and reads it") {
    log::set_min_level(log::Level::warn);
    server::test::on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "kiosk-1");
        make_staff(server, "2001", "pass-one");
        make_staff(server, "2002", "pass-two");
        make_staff(server, "2005", "pass-five");
        Counter one(terminal_endpoint(server, "counter", "counter-1"), at_counter("1"));
        Counter two(terminal_endpoint(server, "counter", "counter-2"), at_counter("2"));
        Counter five(terminal_endpoint(server, "counter", "counter-5"), at_counter("5"));
        one.log_in("2001", "pass-one");
        two.log_in("2002", "pass-two");
        five.log_in("2005", "pass-five");
        // Counters 2 and 5 have served someone today, so the server offers them.
        for (Counter* counter : {&two, &five}) {
            issue_ticket(*kiosk, "warm-" + counter->desk.counter());
            counter->desk.call_next();
            REQUIRE(counter->settle());
            REQUIRE_FALSE(counter->held().empty());
            counter->desk.finish();
            REQUIRE(counter->settle());
        }
        const std::string first = issue_ticket(*kiosk, "t-1");
        const std::string second = issue_ticket(*kiosk, "t-2");
        const std::string note = "住民票の写し2通、本人確認済み";

        std::string moved;
        {
            Staff staff(one);
            staff.press("Call next");
            REQUIRE(one.held() == first);
            staff.press("Transfer");
            REQUIRE(one.pump_until([&] { return one.desk.counters().size() == 2; }));
            CHECK(one.desk.counters() == std::vector<std::string>{"2", "5"});
            // A line break is not part of a note: the terminal drops it as it is typed.
            type_on_keyboard(staff, note + "\n");
            CHECK(staff.view().counter->transfer_note == note);
            staff.press("2");
            staff.press("Transfer");
            CHECK(one.desk.notice() == CounterNotice::none);
            CHECK(one.held().empty());
            REQUIRE(one.desk.transferred());
            moved = one.desk.transferred()->number;
            CHECK(moved.starts_with("A-"));
            CHECK(staff.view().counter->transfer_note.empty());
            CHECK(on_server(*kiosk, first).first == "gone");
            CHECK(on_server(*kiosk, moved).first == "waiting");
        }

        // Counter 5 calls next: the transferred ticket, though first in line, is not its to call.
        five.desk.call_next();
        REQUIRE(five.settle());
        CHECK(five.held() == second);
        CHECK(five.desk.note().empty());

        Staff staff(two);
        staff.press("Call next");
        CHECK(two.held() == moved);
        CHECK(two.desk.note() == note);
        CHECK(staff.sees("Note from the counter that transferred this ticket"));
        CHECK(std::ranges::find(staff.ui.free_text.drawn, note) != staff.ui.free_text.drawn.end());
        staff.press("Finish");
        CHECK(two.desk.note().empty());
        CHECK(staff.ui.free_text.drawn.empty());
    });
}
