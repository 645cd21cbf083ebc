#include <doctest/doctest.h>

#include "kiosk/queue_messages.hpp"

using namespace madoguchi;

TEST_CASE("the queue as the server sends it") {
    // The shape of GET /api/v1/sites/{site}/queue (server/api_queue.cpp).
    const auto snapshot = parse_queue_snapshot(R"({
        "site": "chuo",
        "waiting": [{"id": "t2", "number": "A-002", "service": "certificates", "priority": true,
                     "assisted": true, "state": "waiting", "issued_at_ms": 1}],
        "at_counters": [{"id": "t1", "number": "A-001", "service": "certificates", "priority": false,
                         "state": "called", "issued_at_ms": 0, "counter": "3"}],
        "waiting_by_service": {"certificates": 1}})");
    REQUIRE(snapshot.has_value());
    REQUIRE(snapshot->waiting.size() == 1);
    CHECK(snapshot->waiting[0].priority);
    CHECK(snapshot->waiting[0].assisted);
    CHECK_FALSE(snapshot->waiting[0].counter.has_value());
    REQUIRE(snapshot->at_counters.size() == 1);
    CHECK(snapshot->at_counters[0].state == TicketState::called);
    CHECK(snapshot->at_counters[0].counter == "3");
}

TEST_CASE("a ticket event as the server publishes it") {
    const auto ticket = parse_ticket_event(
        R"({"id": "t1", "number": "B-010", "service": "moving", "priority": false, "state": "done", "counter": null})");
    REQUIRE(ticket.has_value());
    CHECK(ticket->number == "B-010");
    CHECK(ticket->state == TicketState::done);
    CHECK_FALSE(ticket->assisted);
    CHECK_FALSE(ticket->counter.has_value());
}

TEST_CASE("bad queue messages are errors, never half-read values") {
    for (const char* text : {
             "",
             "not json",
             "[]",
             R"({"id": "t1", "number": "A-001", "service": "x"})",
             R"({"id": "t1", "number": "A-001", "service": "x", "state": "lost"})",
             R"({"id": "t1", "number": "A-001", "service": "x", "state": "called"})",
             R"({"id": "t1", "number": "A-001", "service": "x", "state": "called", "counter": 3})",
             R"({"id": "t1", "number": "A-001", "service": "x", "state": "waiting", "priority": "yes"})",
             R"({"id": "t1", "number": "A-001", "service": "x", "state": "waiting", "assisted": 1})",
             R"({"id": "", "number": "A-001", "service": "x", "state": "waiting"})",
             R"({"id": 1, "number": "A-001", "service": "x", "state": "waiting"})",
         }) {
        CAPTURE(text);
        const auto ticket = parse_ticket_event(text);
        REQUIRE_FALSE(ticket.has_value());
        CHECK(ticket.error().code == QueueMessageError::malformed);
        CHECK_FALSE(ticket.error().message.empty());
    }
    CHECK_FALSE(parse_queue_snapshot(R"({"waiting": []})").has_value());
    CHECK_FALSE(parse_queue_snapshot(R"({"waiting": {}, "at_counters": []})").has_value());
    CHECK_FALSE(parse_queue_snapshot(R"({"waiting": [{"id": "t"}], "at_counters": []})").has_value());
}

TEST_CASE("a counter action's answer: the ticket, none, or an error") {
    const auto called = parse_ticket_envelope(
        R"({"ticket": {"id": "t1", "site": "chuo", "number": "A-001", "service": "certificates", "state": "called",
            "counter": "3", "updated_at_ms": 1700000000000, "priority": false}})");
    REQUIRE(called.has_value());
    REQUIRE(called->has_value());
    CHECK((*called)->number == "A-001");
    CHECK((*called)->counter == "3");
    CHECK((*called)->updated_at_ms == 1700000000000);

    const auto nobody = parse_ticket_envelope(R"({"ticket": null})");
    REQUIRE(nobody.has_value());
    CHECK_FALSE(nobody->has_value());

    for (const char* text : {"", "null", "{}", R"({"ticket": 3})", R"({"ticket": {"id": "t1"}})"}) {
        CAPTURE(text);
        const auto bad = parse_ticket_envelope(text);
        REQUIRE_FALSE(bad.has_value());
        CHECK(bad.error().code == QueueMessageError::malformed);
    }
}
