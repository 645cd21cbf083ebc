#include <doctest/doctest.h>

#include "server/wait_estimate.hpp"

using namespace madoguchi::server;

namespace {

constexpr std::int64_t k_minute = 60'000;

EventRow at_counter(const char* service, const char* kind, const char* ticket, std::int64_t minute,
                    const char* counter) {
    return EventRow{service, kind, ticket, minute * k_minute, counter};
}

}  // namespace

TEST_CASE("before any visit ends, the estimate follows the hour's calls and rounds up") {
    CHECK_FALSE(estimate_wait_minutes(3, ServiceCapacity{}).has_value());
    ServiceCapacity calls_only;
    calls_only.calls = 12;
    CHECK(estimate_wait_minutes(0, calls_only) == 0);
    CHECK(estimate_wait_minutes(3, calls_only) == 15);
    calls_only.calls = 7;
    CHECK(estimate_wait_minutes(1, calls_only) == 9);
}

TEST_CASE("with visit times, the people ahead share the counters, and a free counter means no wait") {
    ServiceCapacity capacity;
    capacity.visit_ms = 10 * k_minute;
    capacity.counters = 2;
    capacity.calls = 1;
    // 4 ahead, two counters busy: 4.5 visits' worth shared by 2 counters is 22.5, so 23 minutes.
    CHECK(estimate_wait_minutes(4, capacity) == 23);
    capacity.free_counters = 1;
    CHECK(estimate_wait_minutes(0, capacity) == 0);
    CHECK(estimate_wait_minutes(1, capacity) == 3);
}

TEST_CASE("capacity: visit times from call to the end, counters weighted by their share of calls") {
    const std::vector<EventRow> events{
        {"certificates", "issued", "t0", 0, ""},
        at_counter("certificates", "called", "t1", 0, "c1"),
        at_counter("certificates", "recalled", "t1", 1, "c1"),
        at_counter("certificates", "done", "t1", 6, "c1"),
        at_counter("certificates", "called", "t2", 7, "c1"),
        at_counter("certificates", "no_show", "t2", 11, "c1"),
        // c2 serves both services: half of its calls were certificates.
        at_counter("certificates", "called", "t3", 2, "c2"),
        at_counter("certificates", "done", "t3", 12, "c2"),
        at_counter("tax", "called", "t4", 13, "c2"),
        // c3 has been idle for 15 minutes: closed, though its calls still count in the hour.
        at_counter("tax", "called", "t5", 14, "c3"),
        at_counter("tax", "done", "t5", 15, "c3"),
    };
    const auto capacity = observe_capacity(events, 30 * k_minute);
    const ServiceCapacity& certificates = capacity.at("certificates");
    CHECK(certificates.visit_ms == (6 + 4 + 10) * k_minute / 3);
    // c1 went quiet 19 minutes ago, so only busy c2 serves, by half.
    CHECK(certificates.counters == doctest::Approx(0.5));
    CHECK(certificates.free_counters == 0);
    CHECK(certificates.calls == 3);
    const ServiceCapacity& tax = capacity.at("tax");
    CHECK(tax.visit_ms == k_minute);  // t5's; t4 is still at c2
    CHECK(tax.counters == doctest::Approx(0.5));
    CHECK(tax.calls == 2);

    // Five minutes after its last visit c1 is open and free; c2 has only called certificates so far.
    const auto earlier = observe_capacity(std::vector<EventRow>(events.begin(), events.begin() + 7), 16 * k_minute);
    CHECK(earlier.at("certificates").counters == doctest::Approx(2.0));
    CHECK(earlier.at("certificates").free_counters == 1);
}

TEST_CASE("a visit whose call fell before the window does not count, and an end of another ticket is ignored") {
    const std::vector<EventRow> events{
        at_counter("certificates", "done", "t1", 1, "c1"),
        at_counter("certificates", "called", "t2", 2, "c1"),
        at_counter("certificates", "done", "t9", 3, "c1"),
    };
    const auto capacity = observe_capacity(events, 4 * k_minute);
    const ServiceCapacity& certificates = capacity.at("certificates");
    CHECK(certificates.visit_ms == 0);
    CHECK(certificates.counters == doctest::Approx(1.0));
    CHECK(certificates.free_counters == 0);
}
