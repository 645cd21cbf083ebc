#pragma once
// The UI side of a terminal in an integration test: the main queue that workers and feeds post
// to, drained on the test's thread as the app's loop drains it, woken as soon as a task arrives.
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "kiosk/main_queue.hpp"

namespace madoguchi::testing {

struct UiPump {
    MainQueue queue;
    std::mutex mutex;
    std::condition_variable posted;

    UiPump() {
        queue.set_waker([this] {
            const std::lock_guard lock(mutex);
            posted.notify_all();
        });
    }
    UiPump(const UiPump&) = delete;
    UiPump& operator=(const UiPump&) = delete;

    // Runs the UI side until `done` holds; false when `limit` passes first. A generous limit:
    // the assertion is on the state reached, the time taken is only reported.
    template <typename Done>
    bool pump_until(Done done, std::chrono::milliseconds limit = std::chrono::seconds(30)) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (true) {
            queue.drain();
            if (done()) {
                return true;
            }
            if (std::chrono::steady_clock::now() > deadline) {
                return false;
            }
            std::unique_lock lock(mutex);
            posted.wait_for(lock, std::chrono::milliseconds(50));
        }
    }
};

}  // namespace madoguchi::testing
