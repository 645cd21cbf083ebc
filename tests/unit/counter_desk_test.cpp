// The counter desk's input rules, before anything reaches the server (the server side is in
// tests/integration/counter).
#include <doctest/doctest.h>

#include "kiosk/counter_desk.hpp"

using namespace madoguchi;

namespace {

const CounterSettings k_settings{"chuo", "3", {}, std::chrono::minutes(3)};

}  // namespace

TEST_CASE("the staff id takes digits only, up to its length") {
    MainQueue queue;
    CounterDesk desk(ServerEndpoint{}, k_settings, queue);
    for (char c : std::string("12a-3 ")) {
        desk.type_staff_id(c);
    }
    CHECK(desk.staff_id() == "123");
    for (int i = 0; i < 40; ++i) {
        desk.type_staff_id('9');
    }
    CHECK(desk.staff_id().size() == CounterDesk::k_max_staff_id);
    desk.erase_staff_id();
    CHECK(desk.staff_id().size() == CounterDesk::k_max_staff_id - 1);
}

TEST_CASE("the password takes printable characters and is wiped at log-out") {
    MainQueue queue;
    CounterDesk desk(ServerEndpoint{}, k_settings, queue);
    for (char c : std::string("p@ss word\n\t\x01")) {
        desk.type_password(c);
    }
    CHECK(desk.password_length() == 9);
    desk.erase_password();
    CHECK(desk.password_length() == 8);
    for (int i = 0; i < 100; ++i) {
        desk.type_password('x');
    }
    CHECK(desk.password_length() == CounterDesk::k_max_password);
    desk.type_staff_id('1');
    desk.log_out();
    CHECK(desk.password_length() == 0);
    CHECK(desk.staff_id().empty());
}

TEST_CASE("nothing is sent before log-in, and log-in needs both an id and a password") {
    MainQueue queue;
    CounterDesk desk(ServerEndpoint{}, k_settings, queue);
    desk.call_next();
    desk.finish();
    std::string note = "a note";
    desk.transfer("moving", "", note);
    desk.no_show(Clock::now());
    CHECK_FALSE(desk.waiting_for_server());
    CHECK(desk.stage() == CounterStage::login);
    desk.type_password('x');
    desk.log_in();
    CHECK_FALSE(desk.waiting_for_server());
    CHECK(desk.password_length() == 1);  // kept for the staff id still to come
    CHECK_FALSE(desk.choose_counter("4"));
    CHECK(desk.counter() == "3");
    CHECK_FALSE(desk.no_show_allowed(Clock::now()));
    CHECK_FALSE(desk.next_deadline(Clock::now()));
}
