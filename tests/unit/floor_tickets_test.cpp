// The floor desk's list of tickets from the queue feed: waiting in issue order, then those called;
// a ticket served, finished, cancelled or transferred leaves it, a transfer's new ticket joins the
// waiting; nothing is sent for a ticket not on the list or before anyone logged in.
#include <doctest/doctest.h>

#include "kiosk/floor_tickets.hpp"

using namespace madoguchi;

namespace {

QueueTicket ticket(std::string id, std::string number, TicketState state, std::optional<std::string> counter = {}) {
    return QueueTicket{std::move(id), std::move(number), "certificates", false, state, std::move(counter), 0};
}

std::vector<std::string> numbers(const FloorTicketDesk& desk) {
    std::vector<std::string> shown;
    for (const QueueTicket& listed : desk.tickets()) {
        shown.push_back(listed.number);
    }
    return shown;
}

ServerEndpoint nowhere() { return ServerEndpoint{"https://127.0.0.1:9", "/nonexistent/ca.crt", "/nonexistent/t.crt", "/nonexistent/t.key"}; }

}  // namespace

TEST_CASE("the floor desk lists today's waiting tickets, then the called ones, as the feed reports them") {
    MainQueue queue;
    FloorTicketDesk desk(nowhere(), queue, {});
    desk.apply_snapshot(QueueSnapshot{{ticket("a2", "A-002", TicketState::waiting), ticket("a3", "A-003", TicketState::waiting)},
                                      {ticket("a1", "A-001", TicketState::called, "3"),
                                       ticket("a0", "A-000", TicketState::serving, "4")}});
    CHECK(numbers(desk) == std::vector<std::string>{"A-002", "A-003", "A-001"});

    desk.apply_ticket(ticket("a4", "A-004", TicketState::waiting));
    desk.apply_ticket(ticket("a2", "A-002", TicketState::called, "5"));
    desk.apply_ticket(ticket("a1", "A-001", TicketState::done, "3"));
    CHECK(numbers(desk) == std::vector<std::string>{"A-003", "A-004", "A-002"});
    REQUIRE(desk.find("a2") != nullptr);
    CHECK(desk.find("a2")->counter == "5");

    desk.apply_ticket(ticket("a2", "A-002", TicketState::transferred, "5"));
    desk.apply_ticket(ticket("b1", "B-001", TicketState::waiting));
    desk.apply_ticket(ticket("a3", "A-003", TicketState::cancelled));
    CHECK(numbers(desk) == std::vector<std::string>{"A-004", "B-001"});
    CHECK(desk.find("a1") == nullptr);

    // A new connection's queue read replaces the list.
    desk.apply_snapshot(QueueSnapshot{{ticket("c1", "C-001", TicketState::waiting)}, {}});
    CHECK(numbers(desk) == std::vector<std::string>{"C-001"});
}

TEST_CASE("the floor desk sends nothing before a log-in, and types only what the log-in accepts") {
    MainQueue queue;
    FloorTicketDesk desk(nowhere(), queue, {});
    desk.apply_snapshot(QueueSnapshot{{ticket("a1", "A-001", TicketState::waiting)}, {}});
    desk.cancel("a1");
    desk.reprint("a1", "ja");
    CHECK_FALSE(desk.waiting_for_server());
    CHECK_FALSE(desk.outcome().has_value());
    for (const char c : std::string("12x3")) {
        desk.type_staff_id(c);
    }
    CHECK(desk.staff_id() == "123");
    for (const char c : std::string("pa\tss")) {
        desk.type_password(c);
    }
    CHECK(desk.password_length() == 4);
    desk.erase_password();
    CHECK(desk.password_length() == 3);
    desk.log_out();
    CHECK(desk.staff_id().empty());
    CHECK(desk.password_length() == 0);
}
