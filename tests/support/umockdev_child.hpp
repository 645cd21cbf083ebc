#pragma once
// Runs a test case under umockdev: the test binary starts itself again under umockdev-wrapper
// for that one case, so that only the child sees the mocked devices.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace madoguchi::testing {

inline std::string self_path() {
    char path[4096];
    const ssize_t length = ::readlink("/proc/self/exe", path, sizeof path - 1);
    REQUIRE(length > 0);
    return std::string(path, static_cast<std::size_t>(length));
}

// True when this process is the one under umockdev; otherwise runs `test_case` in a child under
// umockdev-wrapper and checks that it passed.
inline bool under_umockdev(const char* test_case) {
    // umockdev_in_mock_environment() answers false even under the wrapper (0.17), so the child
    // is marked by its own variable.
    if (std::getenv("MADOGUCHI_UNDER_UMOCKDEV") != nullptr) {
        return true;
    }
    const std::string command =
        "MADOGUCHI_UNDER_UMOCKDEV=1 umockdev-wrapper '" + self_path() + "' --test-case='" + test_case + "'";
    CHECK(std::system(command.c_str()) == 0);
    return false;
}

}  // namespace madoguchi::testing
