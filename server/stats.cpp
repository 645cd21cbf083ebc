#include "stats.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <string_view>

namespace madoguchi::server {
namespace {

// Nearest-rank percentile of sorted values.
std::int64_t percentile(const std::vector<std::int64_t>& sorted, int percent) {
    const std::size_t rank = (sorted.size() * static_cast<std::size_t>(percent) + 99) / 100;
    return sorted[std::max<std::size_t>(rank, 1) - 1];
}

// RFC 4180: quoted when it holds a comma, a quote or a line break; a leading = + - @ is
// prefixed with ' so that a spreadsheet never runs a counter's name as a formula.
std::string csv_field(const std::string& value) {
    std::string text = value;
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@')) {
        text.insert(text.begin(), '\'');
    }
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        return text;
    }
    std::string quoted = "\"";
    for (char c : text) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return quoted + '"';
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

bool ends_visit(std::string_view kind) {
    return kind == "done" || kind == "no_show" || kind == "transferred" || kind == "cancelled";
}

DayStats summarize_day(const std::vector<EventRow>& events) {
    struct Times {
        std::string service;
        std::string first_counter;
        std::int64_t issued_ms = -1;
        std::int64_t first_call_ms = -1;
    };
    struct AtCounter {
        std::string ticket_id;
        std::string service;
        std::int64_t called_ms = 0;
    };
    std::map<std::string, Times> tickets;
    std::map<std::string, AtCounter> at_counter;
    std::map<std::string, std::vector<std::int64_t>> service_visits;
    std::map<std::string, std::vector<std::int64_t>> counter_visits;
    std::vector<std::int64_t> all_visits;
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
            times.first_counter = event.counter;
        }
        if (event.counter.empty()) {
            continue;
        }
        ++stats.counters[event.counter].counts[event.kind];
        AtCounter& counter = at_counter[event.counter];
        if (event.kind == "called") {
            counter = AtCounter{event.ticket_id, event.service, event.at_ms};
        } else if (ends_visit(event.kind) && event.ticket_id == counter.ticket_id) {
            const std::int64_t visit = event.at_ms - counter.called_ms;
            service_visits[counter.service].push_back(visit);
            counter_visits[event.counter].push_back(visit);
            all_visits.push_back(visit);
            counter.ticket_id.clear();
        }
    }
    std::map<std::string, std::vector<std::int64_t>> service_waits;
    std::map<std::string, std::vector<std::int64_t>> counter_waits;
    std::vector<std::int64_t> all_waits;
    for (const auto& [id, times] : tickets) {
        if (times.issued_ms >= 0 && times.first_call_ms >= times.issued_ms) {
            const std::int64_t wait = times.first_call_ms - times.issued_ms;
            service_waits[times.service].push_back(wait);
            if (!times.first_counter.empty()) {
                counter_waits[times.first_counter].push_back(wait);
            }
            all_waits.push_back(wait);
        }
    }
    for (auto& [service, values] : service_waits) {
        stats.services[service].wait = summarize_waits(std::move(values));
    }
    for (auto& [counter, values] : counter_waits) {
        stats.counters[counter].wait = summarize_waits(std::move(values));
    }
    for (auto& [service, values] : service_visits) {
        stats.services[service].visit = summarize_waits(std::move(values));
    }
    for (auto& [counter, values] : counter_visits) {
        stats.counters[counter].visit = summarize_waits(std::move(values));
    }
    stats.total.wait = summarize_waits(std::move(all_waits));
    stats.total.visit = summarize_waits(std::move(all_visits));
    return stats;
}

std::string day_stats_csv(const DayStats& stats) {
    std::string csv =
        "scope,id,issued,called,done,no_show,transferred,cancelled,waits,wait_mean_s,wait_p50_s,wait_p90_s,"
        "visits,visit_mean_s,visit_p50_s,visit_p90_s\r\n";
    const auto row = [&csv](std::string_view scope, const std::string& id, const ServiceStats& figures) {
        const auto count = [&figures](const char* kind) {
            const auto found = figures.counts.find(kind);
            return std::to_string(found == figures.counts.end() ? 0 : found->second);
        };
        const auto seconds = [](std::int64_t ms) { return std::to_string((ms + 500) / 1000); };
        csv += std::string(scope) + ',' + csv_field(id) + ',' + count("issued") + ',' + count("called") + ',' +
               count("done") + ',' + count("no_show") + ',' + count("transferred") + ',' + count("cancelled") + ',' +
               std::to_string(figures.wait.count) + ',' + seconds(figures.wait.mean_ms) + ',' +
               seconds(figures.wait.p50_ms) + ',' + seconds(figures.wait.p90_ms) + ',' +
               std::to_string(figures.visit.count) + ',' + seconds(figures.visit.mean_ms) + ',' +
               seconds(figures.visit.p50_ms) + ',' + seconds(figures.visit.p90_ms) + "\r\n";
    };
    for (const auto& [service, figures] : stats.services) {
        row("service", service, figures);
    }
    for (const auto& [counter, figures] : stats.counters) {
        row("counter", counter, figures);
    }
    row("total", "", stats.total);
    return csv;
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
