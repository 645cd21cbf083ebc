// End of the business day on both back ends: yesterday's waiting tickets are closed, nothing else.
#include <doctest/doctest.h>

#include "server/day_close.hpp"
#include "support.hpp"

using namespace madoguchi::server;
using namespace madoguchi::server::test;
using namespace std::chrono;

namespace {

// 09:00 in Tokyo on 2026-11-25; the Tokyo day ends at 15:00 UTC.
const TimePoint k_morning = sys_days{year{2026} / 11 / 25} + hours(0);
const TimePoint k_midnight_tokyo = sys_days{year{2026} / 11 / 25} + hours(15);

template <typename Body>
void on_each_backend(Body&& body) {
    SUBCASE("sqlite") {
        const TempDir dir;
        body(*fresh_repository(Backend::sqlite, dir));
    }
    SUBCASE("postgresql") {
        const TempDir dir;
        body(*fresh_repository(Backend::postgresql, dir));
    }
}

Ticket issue_at(Repository& repository, const std::string& site, TimePoint when) {
    auto ticket = repository.issue(IssueRequest{site, "tax", "G", false, site + "-kiosk"}, when);
    REQUIRE_MESSAGE(ticket.has_value(), (ticket ? "" : ticket.error().message));
    return *ticket;
}

TicketState state_of(Repository& repository, const std::string& id) {
    auto ticket = repository.find(id);
    REQUIRE(ticket.has_value());
    return ticket->state;
}

}  // namespace

TEST_CASE("the first sweep of a new day closes the last day's waiting tickets with an event row") {
    on_each_backend([](Repository& repository) {
        const Ticket called = issue_at(repository, "chuo", k_morning);
        const Ticket waiting = issue_at(repository, "chuo", k_morning + minutes(1));
        const Ticket kita = issue_at(repository, "kita", k_morning + minutes(2));
        auto call =
            repository.call_next(CounterRequest{"chuo", "c1", "chuo-c1", {}}, PriorityPolicy{}, k_morning + minutes(5));
        REQUIRE(call.has_value());
        REQUIRE(*call);
        REQUIRE((*call)->id == called.id);

        // The last minute of the day in Tokyo is still the same day.
        auto same_day = close_past_days(repository.database(), k_midnight_tokyo - seconds(1));
        REQUIRE(same_day.has_value());
        CHECK(*same_day == 0);
        const Ticket tomorrow = issue_at(repository, "chuo", k_midnight_tokyo + minutes(1));

        auto closed = close_past_days(repository.database(), k_midnight_tokyo + minutes(30));
        REQUIRE_MESSAGE(closed.has_value(), (closed ? "" : closed.error().message));
        CHECK(*closed == 2);
        CHECK(state_of(repository, waiting.id) == TicketState::cancelled);
        CHECK(state_of(repository, kita.id) == TicketState::cancelled);
        // Only waiting tickets: the one at a counter and the new day's are left alone.
        CHECK(state_of(repository, called.id) == TicketState::called);
        CHECK(state_of(repository, tomorrow.id) == TicketState::waiting);

        auto events = repository.events(waiting.id);
        REQUIRE(events.has_value());
        REQUIRE(events->size() == 2);
        const TicketEvent& last = events->back();
        CHECK(last.kind == k_end_of_day_event);
        CHECK(last.from_state == "waiting");
        CHECK(last.to_state == "cancelled");
        CHECK(last.actor == "server/end_of_day");
        CHECK(last.at_ms == to_millis(k_midnight_tokyo + minutes(30)));

        auto again = close_past_days(repository.database(), k_midnight_tokyo + minutes(90));
        REQUIRE(again.has_value());
        CHECK(*again == 0);
    });
}
