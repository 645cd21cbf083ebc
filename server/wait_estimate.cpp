#include "wait_estimate.hpp"

#include <cmath>
#include <deque>
#include <numeric>

namespace madoguchi::server {
namespace {

// A counter with nobody at it for this long has closed (a break, the end of a shift): counters
// call as soon as someone waits, so a long idle spell is not spare capacity.
constexpr std::int64_t k_counter_closed_after_ms = 10 * 60 * 1000;
// Recent visits tell the current pace better than the whole hour's.
constexpr std::size_t k_visits_averaged = 20;

struct CounterSeen {
    std::string ticket_id;  // at the counter now; empty when free
    std::string service;
    std::int64_t called_ms = 0;
    std::int64_t last_event_ms = 0;
    std::map<std::string, std::int64_t> calls;
    std::int64_t all_calls = 0;
};

}  // namespace

std::map<std::string, ServiceCapacity> observe_capacity(const std::vector<EventRow>& events, std::int64_t now_ms) {
    std::map<std::string, CounterSeen> counters;
    std::map<std::string, std::deque<std::int64_t>> visits;
    for (const EventRow& event : events) {
        if (event.counter.empty()) {
            continue;
        }
        CounterSeen& counter = counters[event.counter];
        counter.last_event_ms = event.at_ms;
        if (event.kind == "called") {
            counter.ticket_id = event.ticket_id;
            counter.service = event.service;
            counter.called_ms = event.at_ms;
            ++counter.calls[event.service];
            ++counter.all_calls;
        } else if (ends_visit(event.kind) && event.ticket_id == counter.ticket_id) {
            auto& recent = visits[counter.service];
            recent.push_back(event.at_ms - counter.called_ms);
            if (recent.size() > k_visits_averaged) {
                recent.pop_front();
            }
            counter.ticket_id.clear();
        }
    }
    std::map<std::string, ServiceCapacity> capacity;
    for (const auto& [id, counter] : counters) {
        const bool busy = !counter.ticket_id.empty();
        const bool open = busy || now_ms - counter.last_event_ms <= k_counter_closed_after_ms;
        for (const auto& [service, calls] : counter.calls) {
            ServiceCapacity& entry = capacity[service];
            entry.calls += calls;
            if (open) {
                entry.counters += static_cast<double>(calls) / static_cast<double>(counter.all_calls);
                entry.free_counters += busy ? 0 : 1;
            }
        }
    }
    for (const auto& [service, recent] : visits) {
        capacity[service].visit_ms =
            std::accumulate(recent.begin(), recent.end(), std::int64_t{0}) / static_cast<std::int64_t>(recent.size());
    }
    return capacity;
}

std::optional<std::int64_t> estimate_wait_minutes(std::int64_t ahead, const ServiceCapacity& capacity) {
    constexpr double minute_ms = 60'000.0;
    if (capacity.visit_ms > 0 && capacity.counters > 0) {
        if (ahead < capacity.free_counters) {
            return 0;
        }
        // Everyone ahead who finds no free counter waits for one to come free; a visit under
        // way is half over on average.
        const double queued = static_cast<double>(ahead - capacity.free_counters) + 0.5;
        const double wait_ms = queued * static_cast<double>(capacity.visit_ms) / capacity.counters;
        return static_cast<std::int64_t>(std::ceil(wait_ms / minute_ms));
    }
    if (capacity.calls <= 0) {
        return std::nullopt;
    }
    // Before any visit of the hour has ended: the pace of calls alone. Rounded up, since someone
    // told "0 minutes" while others are ahead would walk off.
    return (ahead * 60 + capacity.calls - 1) / capacity.calls;
}

std::optional<std::int64_t> estimate_wait_minutes(std::int64_t ahead, const std::string& service,
                                                  const std::map<std::string, ServiceCapacity>& capacity) {
    const auto entry = capacity.find(service);
    return entry == capacity.end() ? std::nullopt : estimate_wait_minutes(ahead, entry->second);
}

std::optional<std::map<std::string, ServiceCapacity>> WaitEstimator::capacity(const std::string& site,
                                                                              TimePoint now) {
    std::unique_lock lock(m_mutex);
    SiteReadings& readings = m_sites[site];
    for (;;) {
        const auto& last = readings.last;
        if (last && !readings.outdated && now >= last->read_at && now - last->read_at < k_estimate_reuse) {
            return last->capacity;
        }
        if (!readings.reading) {
            break;
        }
        if (last) {
            return last->capacity;
        }
        m_read.wait(lock);
    }
    readings.reading = true;
    const std::uint64_t changes_before = readings.changes;
    lock.unlock();
    // Read outside the lock: another site's tickets need not wait for this query.
    const auto events =
        m_repository.counter_events(site, now - std::chrono::milliseconds(k_estimate_window_ms), k_estimate_events);
    auto capacity = events ? std::optional(observe_capacity(*events, to_millis(now))) : std::nullopt;
    lock.lock();
    readings.reading = false;
    // A counter action during the read may be missing from it: keep it only if none came.
    if (capacity && readings.changes == changes_before) {
        readings.last = Reading{now, *capacity};
        readings.outdated = false;
    }
    m_read.notify_all();
    return capacity;
}

std::optional<std::int64_t> WaitEstimator::minutes(const std::string& site, const std::string& service,
                                                   std::int64_t ahead, TimePoint now) {
    const auto capacity = this->capacity(site, now);
    return capacity ? estimate_wait_minutes(ahead, service, *capacity) : std::nullopt;
}

void WaitEstimator::changed(const std::string& site) {
    const std::lock_guard lock(m_mutex);
    SiteReadings& readings = m_sites[site];
    ++readings.changes;
    readings.outdated = true;
}

}  // namespace madoguchi::server
