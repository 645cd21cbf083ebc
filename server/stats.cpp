#include "stats.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>

namespace madoguchi::server {
namespace {

// Nearest-rank percentile of sorted values.
std::int64_t percentile(const std::vector<std::int64_t>& sorted, int percent) {
    const std::size_t rank = (sorted.size() * static_cast<std::size_t>(percent) + 99) / 100;
    return sorted[std::max<std::size_t>(rank, 1) - 1];
}

}  // namespace

WaitSummary summarize_waits(std::vector<std::int64_t> waits_ms) {
    if (waits_ms.empty()) {
        return {};
    }
    std::ranges::sort(waits_ms);
    const auto count = static_cast<std::int64_t>(waits_ms.size());
    const std::int64_t sum = std::accumulate(waits_ms.begin(), waits_ms.end(), std::int64_t{0});
    return WaitSummary{count, sum / count, percentile(waits_ms, 50), percentile(waits_ms, 90)};
}

DayStats summarize_day(const std::vector<EventRow>& events) {
    struct Times {
        std::string service;
        std::int64_t issued_ms = -1;
        std::int64_t first_call_ms = -1;
    };
    std::map<std::string, Times> tickets;
    DayStats stats;
    for (const EventRow& event : events) {
        ++stats.services[event.service].counts[event.kind];
        ++stats.total.counts[event.kind];
        Times& times = tickets[event.ticket_id];
        times.service = event.service;
        if (event.kind == "issued" && times.issued_ms < 0) {
            times.issued_ms = event.at_ms;
        } else if (event.kind == "called" && times.first_call_ms < 0) {
            times.first_call_ms = event.at_ms;
        }
    }
    std::map<std::string, std::vector<std::int64_t>> waits;
    std::vector<std::int64_t> all_waits;
    for (const auto& [id, times] : tickets) {
        if (times.issued_ms >= 0 && times.first_call_ms >= times.issued_ms) {
            waits[times.service].push_back(times.first_call_ms - times.issued_ms);
            all_waits.push_back(times.first_call_ms - times.issued_ms);
        }
    }
    for (auto& [service, values] : waits) {
        stats.services[service].wait = summarize_waits(std::move(values));
    }
    stats.total.wait = summarize_waits(std::move(all_waits));
    return stats;
}

bool is_valid_day(std::string_view day) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') {
        return false;
    }
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
        if (day[i] < '0' || day[i] > '9') {
            return false;
        }
    }
    const auto number = [&](std::size_t at, std::size_t length) {
        int value = 0;
        for (std::size_t i = at; i < at + length; ++i) {
            value = value * 10 + (day[i] - '0');
        }
        return value;
    };
    const std::chrono::year_month_day date{std::chrono::year{number(0, 4)},
                                           std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                           std::chrono::day{static_cast<unsigned>(number(8, 2))}};
    return date.ok();
}

}  // namespace madoguchi::server
