#include <doctest/doctest.h>

#include "server/ticket.hpp"

using namespace madoguchi::server;
using namespace std::chrono;

namespace {

TimePoint utc(int y, unsigned m, unsigned d, int hour, int minute = 0) {
    return sys_days{year{y} / month{m} / day{d}} + hours(hour) + minutes(minute);
}

}  // namespace

TEST_CASE("the life cycle allows only the documented transitions") {
    CHECK(next_state(TicketState::waiting, Action::call) == TicketState::called);
    CHECK(next_state(TicketState::called, Action::recall) == TicketState::called);
    CHECK(next_state(TicketState::called, Action::start) == TicketState::serving);
    CHECK(next_state(TicketState::serving, Action::finish) == TicketState::done);
    CHECK(next_state(TicketState::called, Action::finish) == TicketState::done);
    CHECK(next_state(TicketState::called, Action::no_show) == TicketState::no_show);
    CHECK(next_state(TicketState::serving, Action::transfer) == TicketState::transferred);
    CHECK(next_state(TicketState::waiting, Action::cancel) == TicketState::cancelled);

    CHECK_FALSE(next_state(TicketState::waiting, Action::finish));
    CHECK_FALSE(next_state(TicketState::serving, Action::no_show));
    CHECK_FALSE(next_state(TicketState::serving, Action::recall));
    CHECK_FALSE(next_state(TicketState::serving, Action::cancel));
    for (TicketState final_state :
         {TicketState::done, TicketState::no_show, TicketState::transferred, TicketState::cancelled}) {
        CHECK(is_final(final_state));
        for (Action action : {Action::call, Action::recall, Action::start, Action::finish, Action::no_show,
                              Action::transfer, Action::cancel}) {
            CHECK_FALSE(next_state(final_state, action));
        }
    }
}

TEST_CASE("state names round-trip") {
    for (TicketState state : {TicketState::waiting, TicketState::called, TicketState::serving, TicketState::done,
                              TicketState::no_show, TicketState::transferred, TicketState::cancelled}) {
        CHECK(parse_state(state_name(state)) == state);
    }
    CHECK_FALSE(parse_state("lost"));
}

TEST_CASE("ticket numbers are the band and at least three digits") {
    CHECK(format_number("A", 1) == "A-001");
    CHECK(format_number("G", 42) == "G-042");
    CHECK(format_number("B", 1234) == "B-1234");
}

TEST_CASE("the business day is the date in Tokyo, not in UTC") {
    CHECK(tokyo_day(utc(2026, 11, 25, 14, 59)) == "2026-11-25");
    CHECK(tokyo_day(utc(2026, 11, 25, 15, 0)) == "2026-11-26");
    CHECK(tokyo_day(utc(2026, 12, 31, 15, 0)) == "2027-01-01");
}

TEST_CASE("strict policy always serves priority first") {
    const PriorityPolicy strict{PolicyKind::strict, 2, 2.0};
    CHECK(choose_next(strict, 5000, 1000, 0, 10000) == Pick::priority);
    CHECK(choose_next(strict, std::nullopt, 1000, 0, 10000) == Pick::regular);
    CHECK(choose_next(strict, 5000, std::nullopt, 0, 10000) == Pick::priority);
    CHECK(choose_next(strict, std::nullopt, std::nullopt, 0, 10000) == Pick::none);
}

TEST_CASE("alternate policy lets a priority ticket in after N regular ones") {
    const PriorityPolicy alternate{PolicyKind::alternate, 2, 2.0};
    CHECK(choose_next(alternate, 1000, 2000, 0, 10000) == Pick::regular);
    CHECK(choose_next(alternate, 1000, 2000, 1, 10000) == Pick::regular);
    CHECK(choose_next(alternate, 1000, 2000, 2, 10000) == Pick::priority);
    // No one else waits: nobody is held back by the ratio.
    CHECK(choose_next(alternate, 1000, std::nullopt, 0, 10000) == Pick::priority);
}

TEST_CASE("weighted policy compares waiting times with the priority weight") {
    const PriorityPolicy weighted{PolicyKind::weighted, 2, 3.0};
    // Priority waited 2 s (counts 6 s), regular 5 s.
    CHECK(choose_next(weighted, 8000, 5000, 0, 10000) == Pick::priority);
    // Priority waited 1 s (counts 3 s), regular 5 s.
    CHECK(choose_next(weighted, 9000, 5000, 0, 10000) == Pick::regular);
}

TEST_CASE("policy names round-trip") {
    for (PolicyKind kind : {PolicyKind::strict, PolicyKind::alternate, PolicyKind::weighted}) {
        CHECK(parse_policy(policy_name(kind)) == kind);
    }
    CHECK_FALSE(parse_policy("random"));
}
