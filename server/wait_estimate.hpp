#pragma once
// How long someone who takes a ticket now will wait until called, from what the site's counters
// did in the last hour: how long a visit of the service keeps a counter, how many counters serve
// it (a counter serving several services counts by its share of their calls) and how many of
// them are free. The method and its error on simulated days: server/README.md, bench/wait_estimate.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/repository.hpp"
#include "server/stats.hpp"

namespace madoguchi::server {

// What the estimate reads of the last hour.
inline constexpr std::int64_t k_estimate_window_ms = 60 * 60 * 1000;
// At most this many of the hour's latest counter events. A ward office's busiest hour has about
// a thousand; past that the latest tell the pace as well, and reading them all would hold up
// the tickets issued meanwhile.
inline constexpr std::int64_t k_estimate_events = 5000;

struct ServiceCapacity {
    std::int64_t visit_ms = 0;     // mean time a recent visit kept a counter; 0: none ended yet
    double counters = 0;           // open counters serving the service, weighted by its share
    std::int64_t free_counters = 0;  // open counters serving it with nobody at them
    std::int64_t calls = 0;        // calls in the window, for the estimate before any visit ended
};

// `events`: the site's events of the window, in the order they happened, with their counters.
std::map<std::string, ServiceCapacity> observe_capacity(const std::vector<EventRow>& events, std::int64_t now_ms);

// Minutes, rounded up; nullopt while nothing has been called in the window.
std::optional<std::int64_t> estimate_wait_minutes(std::int64_t ahead, const ServiceCapacity& capacity);
// The same for `service` of a site's capacity; nullopt when the service has none.
std::optional<std::int64_t> estimate_wait_minutes(std::int64_t ahead, const std::string& service,
                                                  const std::map<std::string, ServiceCapacity>& capacity);

// The estimate as tickets and the status page give it. A site's hour of counter events is read
// again only after a counter action here (changed) or, for actions taken at another instance of
// a shared database, after k_estimate_reuse: a busy site does not read its hour for every ticket.
// One request reads it; the others meanwhile answer with the reading before, or wait for this one
// when there is none: hundreds of kiosks each reading the same hour at once would stall them all.
class WaitEstimator {
public:
    static constexpr std::chrono::seconds k_estimate_reuse{10};

    explicit WaitEstimator(Repository& repository) : m_repository(repository) {}

    // nullopt when nothing is known yet, or the events cannot be read (the estimate is a guide,
    // never a reason to refuse a ticket).
    std::optional<std::int64_t> minutes(const std::string& site, const std::string& service, std::int64_t ahead,
                                        TimePoint now);
    // Per service; nullopt when the events cannot be read.
    std::optional<std::map<std::string, ServiceCapacity>> capacity(const std::string& site, TimePoint now);
    void changed(const std::string& site);

private:
    struct Reading {
        TimePoint read_at;
        std::map<std::string, ServiceCapacity> capacity;
    };
    struct SiteReadings {
        std::optional<Reading> last;
        bool outdated = false;  // a counter acted since `last` was read
        bool reading = false;   // a request is reading the hour now
        std::uint64_t changes = 0;  // counter actions, ever
    };

    Repository& m_repository;
    std::mutex m_mutex;
    std::condition_variable m_read;
    std::map<std::string, SiteReadings> m_sites;
};

}  // namespace madoguchi::server
