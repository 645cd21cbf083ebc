#include <doctest/doctest.h>

#include "server/stats.hpp"

using namespace madoguchi::server;

TEST_CASE("wait summaries use nearest-rank percentiles") {
    const WaitSummary empty = summarize_waits({});
    CHECK(empty.count == 0);
    const WaitSummary summary = summarize_waits({10, 50, 20, 40, 30, 60, 70, 80, 90, 100});
    CHECK(summary.count == 10);
    CHECK(summary.mean_ms == 55);
    CHECK(summary.p50_ms == 50);
    CHECK(summary.p90_ms == 90);
    CHECK(summarize_waits({7}).p90_ms == 7);
}

TEST_CASE("a day's statistics come from its events") {
    const std::vector<EventRow> events{
        {"certificates", "issued", "t1", 1000},
        {"certificates", "issued", "t2", 2000},
        {"tax", "issued", "t3", 3000},
        {"certificates", "called", "t1", 5000},
        {"certificates", "recalled", "t1", 6000},
        {"certificates", "done", "t1", 9000},
        {"certificates", "called", "t2", 12000},
        {"certificates", "no_show", "t2", 20000},
        // A second call of the same ticket does not change its wait.
        {"certificates", "called", "t2", 30000},
        {"tax", "cancelled", "t3", 4000},
    };
    const DayStats stats = summarize_day(events);
    const ServiceStats& certificates = stats.services.at("certificates");
    CHECK(certificates.counts.at("issued") == 2);
    CHECK(certificates.counts.at("called") == 3);
    CHECK(certificates.counts.at("done") == 1);
    CHECK(certificates.counts.at("no_show") == 1);
    CHECK(certificates.wait.count == 2);
    CHECK(certificates.wait.mean_ms == 7000);  // 4 s and 10 s
    CHECK(certificates.wait.p90_ms == 10000);
    CHECK(stats.services.at("tax").wait.count == 0);
    CHECK(stats.total.counts.at("issued") == 3);
    CHECK(stats.total.counts.at("cancelled") == 1);
}

TEST_CASE("dates must be real calendar days") {
    CHECK(is_valid_day("2026-11-25"));
    CHECK(is_valid_day("2028-02-29"));
    CHECK_FALSE(is_valid_day("2026-02-29"));
    CHECK_FALSE(is_valid_day("2026-13-01"));
    CHECK_FALSE(is_valid_day("2026-1-01"));
    CHECK_FALSE(is_valid_day("today"));
    CHECK_FALSE(is_valid_day("2026-11-2x"));
}
