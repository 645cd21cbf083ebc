#pragma once
// How long to wait before trying the server again: exponential, capped, with full jitter so that
// every terminal of a site does not knock at the same moment when the server comes back.
#include <chrono>
#include <cstdint>
#include <random>

namespace madoguchi {

class Backoff {
public:
    Backoff(std::chrono::milliseconds first, std::chrono::milliseconds cap, std::uint64_t seed);

    // A uniformly random wait in [0, min(cap, first·2^failures)]; each call counts one failure.
    std::chrono::milliseconds next();
    void reset() { m_failures = 0; }
    int failures() const { return m_failures; }

private:
    std::chrono::milliseconds m_first;
    std::chrono::milliseconds m_cap;
    int m_failures = 0;
    std::mt19937_64 m_random;
};

}  // namespace madoguchi
