#include <doctest/doctest.h>

#include "kiosk/display_board.hpp"

using namespace madoguchi;
using namespace std::chrono_literals;

namespace {

const Clock::time_point t0{};

QueueTicket ticket(std::string id, std::string number, TicketState state, std::optional<std::string> counter = {},
                   std::string service = "certificates") {
    return QueueTicket{std::move(id), std::move(number), std::move(service), false, state, std::move(counter)};
}

QueueSnapshot started_queue() {
    QueueSnapshot snapshot;
    snapshot.waiting = {ticket("w1", "A-002", TicketState::waiting),
                        ticket("w2", "B-001", TicketState::waiting, {}, "moving")};
    snapshot.at_counters = {ticket("c1", "A-001", TicketState::serving, "2")};
    return snapshot;
}

}  // namespace

TEST_CASE("display: the first queue read shows what is going on and announces nothing") {
    DisplayBoard board;
    CHECK_FALSE(board.synchronised());
    CHECK(board.apply_snapshot(started_queue(), t0).empty());
    CHECK(board.synchronised());
    REQUIRE(board.at_counters().size() == 1);
    CHECK(board.at_counters()[0].number == "A-001");
    CHECK_FALSE(board.highlighted(board.at_counters()[0], t0));
    const auto counts = board.waiting_counts();
    REQUIRE(counts.size() == 2);
    CHECK(counts[0].band == "A");
    CHECK(counts[0].waiting == 1);
    CHECK(counts[1].band == "B");
    CHECK(counts[1].waiting == 1);
}

TEST_CASE("display: a call is announced, comes first, stands out for a while, and is remembered") {
    DisplayBoard board(DisplaySettings{10s, 3});
    board.apply_snapshot(started_queue(), t0);
    const auto call = board.apply_ticket(ticket("w1", "A-002", TicketState::called, "5"), t0 + 1s);
    REQUIRE(call.has_value());
    CHECK(call->number == "A-002");
    CHECK(call->counter == "5");
    REQUIRE(board.at_counters().size() == 2);
    CHECK(board.at_counters()[0].number == "A-002");
    CHECK(board.highlighted(board.at_counters()[0], t0 + 5s));
    CHECK(board.next_deadline(t0 + 5s) == t0 + 11s);
    CHECK_FALSE(board.highlighted(board.at_counters()[0], t0 + 11s));
    CHECK_FALSE(board.next_deadline(t0 + 11s).has_value());
    CHECK(board.waiting_counts()[0].waiting == 0);
    REQUIRE(board.recent_calls().size() == 1);
    CHECK(board.recent_calls()[0].number == "A-002");

    SUBCASE("serving keeps it at the counter, quietly") {
        CHECK_FALSE(board.apply_ticket(ticket("w1", "A-002", TicketState::serving, "5"), t0 + 20s));
        CHECK(board.at_counters()[0].state == TicketState::serving);
    }
    SUBCASE("a recall is announced again and stands out again") {
        const auto again = board.apply_ticket(ticket("w1", "A-002", TicketState::called, "5"), t0 + 30s);
        REQUIRE(again.has_value());
        CHECK(board.highlighted(board.at_counters()[0], t0 + 31s));
        CHECK(board.recent_calls().size() == 1);
    }
    SUBCASE("done, no-show and transfer take it off the counters but not off the recent calls") {
        for (const TicketState end : {TicketState::done, TicketState::no_show, TicketState::transferred}) {
            DisplayBoard copy = board;
            CHECK_FALSE(copy.apply_ticket(ticket("w1", "A-002", end, "5"), t0 + 40s));
            CHECK(copy.at_counters().size() == 1);
            CHECK(copy.recent_calls().size() == 1);
        }
    }
    SUBCASE("the recent calls keep the last few") {
        for (int i = 0; i < 5; ++i) {
            board.apply_ticket(
                ticket("n" + std::to_string(i), "C-00" + std::to_string(i), TicketState::called, "1", "my_number"),
                t0 + 50s);
        }
        CHECK(board.recent_calls().size() == 3);
        CHECK(board.recent_calls()[0].number == "C-004");
    }
}

TEST_CASE("display: a new ticket counts as waiting, its service keeps a tile at zero") {
    DisplayBoard board;
    board.apply_snapshot(QueueSnapshot{}, t0);
    CHECK(board.waiting_counts().empty());
    board.apply_ticket(ticket("x", "G-001", TicketState::waiting, {}, "tax"), t0);
    REQUIRE(board.waiting_counts().size() == 1);
    CHECK(board.waiting_counts()[0].waiting == 1);
    board.apply_ticket(ticket("x", "G-001", TicketState::cancelled, {}, "tax"), t0);
    REQUIRE(board.waiting_counts().size() == 1);
    CHECK(board.waiting_counts()[0].waiting == 0);
}

TEST_CASE("display: after a reconnection the queue read announces the calls made while away, once") {
    DisplayBoard board;
    board.apply_snapshot(started_queue(), t0);
    board.set_connected(true);
    board.set_connected(false);
    QueueSnapshot later = started_queue();
    later.waiting.erase(later.waiting.begin());
    later.at_counters.push_back(ticket("w1", "A-002", TicketState::called, "4"));
    const auto missed = board.apply_snapshot(later, t0 + 60s);
    REQUIRE(missed.size() == 1);
    CHECK(missed[0].number == "A-002");
    CHECK(missed[0].counter == "4");
    CHECK(board.at_counters()[0].number == "A-002");
    CHECK(board.highlighted(board.at_counters()[0], t0 + 61s));
    // Read again (another reconnection): already known, not announced twice.
    CHECK(board.apply_snapshot(later, t0 + 70s).empty());
    CHECK(board.waiting_counts()[0].waiting == 0);
}

TEST_CASE("display: a call both in the queue read and on the stream is announced once, a recall again") {
    DisplayBoard board;
    board.apply_snapshot(started_queue(), t0);
    // Called between the stream's opening and the queue read: the read brings it first.
    QueueSnapshot later = started_queue();
    later.waiting.erase(later.waiting.begin());
    QueueTicket called = ticket("w1", "A-002", TicketState::called, "4");
    called.updated_at_ms = 1'000;
    later.at_counters.push_back(called);
    CHECK(board.apply_snapshot(later, t0 + 60s).size() == 1);
    CHECK_FALSE(board.apply_ticket(called, t0 + 61s).has_value());
    QueueTicket recalled = called;
    recalled.updated_at_ms = 90'000;
    const auto again = board.apply_ticket(recalled, t0 + 90s);
    REQUIRE(again.has_value());
    CHECK(again->number == "A-002");
}

TEST_CASE("display: a ticket's band is the letters before its number") {
    CHECK(ticket_band("A-012") == "A");
    CHECK(ticket_band("AB12") == "AB");
    CHECK(ticket_band("123").empty());
    CHECK(ticket_band("").empty());
}
