#pragma once
// Daily statistics of a site, computed from the event rows alone (issue 4): how many tickets of
// each service were issued, called, finished…, and how long people waited until their first call.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::server {

struct EventRow {
    std::string service;
    std::string kind;
    std::string ticket_id;
    std::int64_t at_ms = 0;
};

struct WaitSummary {
    std::int64_t count = 0;
    std::int64_t mean_ms = 0;
    std::int64_t p50_ms = 0;
    std::int64_t p90_ms = 0;
};

struct ServiceStats {
    std::map<std::string, std::int64_t> counts;  // by event kind
    WaitSummary wait;
};

struct DayStats {
    std::map<std::string, ServiceStats> services;
    ServiceStats total;
};

// `events` in the order they happened.
DayStats summarize_day(const std::vector<EventRow>& events);

WaitSummary summarize_waits(std::vector<std::int64_t> waits_ms);

// "YYYY-MM-DD" with a real month and day.
bool is_valid_day(std::string_view day);

}  // namespace madoguchi::server
