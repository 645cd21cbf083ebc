#pragma once
// Counters for GET /metrics (Prometheus text format). Plain atomics: the handlers bump them on
// every request, and a scrape reads them without stopping anyone.
#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace madoguchi::server {

class Metrics {
public:
    void count_response(int status);
    void count_issued() { ++m_issued; }
    void count_called() { ++m_called; }
    void count_replay() { ++m_replays; }

    std::string render() const;

private:
    // Index = status / 100: 1xx … 5xx.
    std::array<std::atomic<std::uint64_t>, 6> m_responses{};
    std::atomic<std::uint64_t> m_issued{0};
    std::atomic<std::uint64_t> m_called{0};
    std::atomic<std::uint64_t> m_replays{0};
};

}  // namespace madoguchi::server
