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

TEST_CASE("a day's statistics come from its events, per service and per counter") {
    const std::vector<EventRow> events{
        {"certificates", "issued", "t1", 1000, ""},
        {"certificates", "issued", "t2", 2000, ""},
        {"tax", "issued", "t3", 3000, ""},
        {"certificates", "called", "t1", 5000, "c1"},
        {"certificates", "recalled", "t1", 6000, "c1"},
        {"certificates", "done", "t1", 9000, "c1"},
        {"certificates", "called", "t2", 12000, "c2"},
        {"certificates", "no_show", "t2", 20000, "c2"},
        // A second call of the same ticket does not change its wait.
        {"certificates", "called", "t2", 30000, "c1"},
        {"tax", "cancelled", "t3", 4000, ""},
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
    CHECK(certificates.visit.count == 2);  // 4 s at c1, 8 s until the no-show at c2; t2 is still at c1
    CHECK(certificates.visit.mean_ms == 6000);
    CHECK(stats.services.at("tax").wait.count == 0);
    CHECK(stats.total.counts.at("issued") == 3);
    CHECK(stats.total.counts.at("cancelled") == 1);

    const ServiceStats& c1 = stats.counters.at("c1");
    CHECK(c1.counts.at("called") == 2);
    CHECK(c1.counts.at("done") == 1);
    CHECK(c1.wait.count == 1);  // t1's; t2 was first called at c2
    CHECK(c1.wait.mean_ms == 4000);
    CHECK(c1.visit.count == 1);
    const ServiceStats& c2 = stats.counters.at("c2");
    CHECK(c2.counts.at("no_show") == 1);
    CHECK(c2.wait.mean_ms == 10000);
    CHECK(c2.visit.mean_ms == 8000);
    CHECK(stats.counters.size() == 2);
}

TEST_CASE("the day's CSV has a row per service, per counter and the total, and a counter name cannot run as a formula") {
    const std::vector<EventRow> events{
        {"certificates", "issued", "t1", 0, ""},
        {"certificates", "called", "t1", 61'000, "=c1,\"x\""},
        {"certificates", "done", "t1", 361'000, "=c1,\"x\""},
    };
    const std::string csv = day_stats_csv(summarize_day(events));
    CHECK(csv.starts_with("scope,id,issued,called,done,no_show,transferred,cancelled,waits,wait_mean_s,"));
    CHECK(csv.find("\r\nservice,certificates,1,1,1,0,0,0,1,61,61,61,1,300,300,300\r\n") != std::string::npos);
    CHECK(csv.find("\r\ncounter,\"'=c1,\"\"x\"\"\",0,1,1,0,0,0,1,61,61,61,1,300,300,300\r\n") != std::string::npos);
    CHECK(csv.ends_with("\r\ntotal,,1,1,1,0,0,0,1,61,61,61,1,300,300,300\r\n"));
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
