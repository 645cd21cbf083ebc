#pragma once
// Daily statistics of a site, computed from the event rows alone (issues 4 and 7): how many
// tickets of each service and at each counter were issued, called, finished…, how long people
// waited until their first call, and how long a visit kept the counter.
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
    std::string counter;  // empty for events away from a counter (issued, a kiosk's cancel)
};

struct WaitSummary {
    std::int64_t count = 0;
    std::int64_t mean_ms = 0;
    std::int64_t p50_ms = 0;
    std::int64_t p90_ms = 0;
};

struct ServiceStats {
    std::map<std::string, std::int64_t> counts;  // by event kind
    WaitSummary wait;                            // issue to first call
    WaitSummary visit;                           // call to done, no-show or transfer at the counter
};

struct DayStats {
    std::map<std::string, ServiceStats> services;
    std::map<std::string, ServiceStats> counters;  // a counter's waits are those of the tickets it called first
    ServiceStats total;
};

// The events that free a counter: the visit that began with the call is over.
bool ends_visit(std::string_view kind);

// `events` in the order they happened.
DayStats summarize_day(const std::vector<EventRow>& events);

WaitSummary summarize_waits(std::vector<std::int64_t> waits_ms);

// One row per service, per counter and the total: what the floor manager takes into a spreadsheet.
std::string day_stats_csv(const DayStats& stats);

// "YYYY-MM-DD" with a real month and day.
bool is_valid_day(std::string_view day);

}  // namespace madoguchi::server
