#include <doctest/doctest.h>

#include <set>

#include "kiosk/backoff.hpp"

using namespace madoguchi;
using std::chrono::milliseconds;

TEST_CASE("backoff: waits grow twofold up to the cap, each drawn at random below its ceiling") {
    // The largest of many draws approaches each ceiling: 500, 1000, 2000, 4000, then the cap.
    const milliseconds ceilings[] = {milliseconds(500),  milliseconds(1000), milliseconds(2000),
                                     milliseconds(4000), milliseconds(5000), milliseconds(5000)};
    for (std::size_t step = 0; step < std::size(ceilings); ++step) {
        milliseconds largest{0};
        std::set<long> seen;
        for (std::uint64_t seed = 0; seed < 200; ++seed) {
            Backoff backoff(milliseconds(500), milliseconds(5000), seed);
            for (std::size_t i = 0; i < step; ++i) {
                backoff.next();
            }
            const milliseconds wait = backoff.next();
            CHECK(wait >= milliseconds(0));
            CHECK(wait <= ceilings[step]);
            largest = std::max(largest, wait);
            seen.insert(wait.count());
        }
        CAPTURE(step);
        CHECK(largest > ceilings[step] * 8 / 10);
        // Jitter: terminals that lost the server together do not come back together.
        CHECK(seen.size() > 50);
    }
}

TEST_CASE("backoff: a success starts again from the first wait") {
    Backoff backoff(milliseconds(100), milliseconds(10'000), 1);
    for (int i = 0; i < 10; ++i) {
        backoff.next();
    }
    CHECK(backoff.failures() == 10);
    backoff.reset();
    CHECK(backoff.failures() == 0);
    CHECK(backoff.next() <= milliseconds(100));
}
