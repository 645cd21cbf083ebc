#include "backoff.hpp"

#include <algorithm>

namespace madoguchi {

Backoff::Backoff(std::chrono::milliseconds first, std::chrono::milliseconds cap, std::uint64_t seed)
    : m_first(first), m_cap(cap), m_random(seed) {}

std::chrono::milliseconds Backoff::next() {
    auto ceiling = m_first;
    for (int i = 0; i < m_failures && ceiling < m_cap; ++i) {
        ceiling *= 2;
    }
    ceiling = std::min(ceiling, m_cap);
    ++m_failures;
    std::uniform_int_distribution<std::int64_t> pick(0, ceiling.count());
    return std::chrono::milliseconds(pick(m_random));
}

}  // namespace madoguchi
