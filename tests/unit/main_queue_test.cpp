#include <doctest/doctest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/main_queue.hpp"

using namespace madoguchi;

TEST_CASE("a worker's result runs on the thread that drains, and wakes it") {
    MainQueue queue;
    std::atomic<int> wakes{0};
    std::mutex mutex;
    std::condition_variable woken;
    queue.set_waker([&] {
        const std::lock_guard lock(mutex);
        ++wakes;
        woken.notify_all();
    });
    const auto ui_thread = std::this_thread::get_id();
    std::thread::id job_thread;
    std::thread::id result_thread;
    {
        Worker worker(queue);
        worker.submit([&]() -> MainQueue::Task {
            job_thread = std::this_thread::get_id();
            return [&] { result_thread = std::this_thread::get_id(); };
        });
        std::unique_lock lock(mutex);
        REQUIRE(woken.wait_for(lock, std::chrono::seconds(5), [&] { return wakes > 0; }));
    }
    CHECK(job_thread != ui_thread);
    CHECK(queue.drain() == 1);
    CHECK(result_thread == ui_thread);
    CHECK(queue.drain() == 0);
}

TEST_CASE("jobs run in order and a job without a result posts nothing") {
    MainQueue queue;
    std::vector<int> order;
    {
        Worker worker(queue);
        for (int i = 0; i < 5; ++i) {
            worker.submit([i, &order]() -> MainQueue::Task {
                return [i, &order] { order.push_back(i); };
            });
        }
        worker.submit([]() -> MainQueue::Task { return {}; });
        std::atomic<bool> done{false};
        worker.submit([&]() -> MainQueue::Task {
            done = true;
            return {};
        });
        while (!done) {
            std::this_thread::yield();
        }
    }
    CHECK(queue.drain() == 5);
    CHECK(order == std::vector<int>{0, 1, 2, 3, 4});
}

TEST_CASE("a worker's idle routine runs between jobs, again after the pause it asks for, and stops with it") {
    MainQueue queue;
    std::mutex mutex;
    std::condition_variable changed;
    int idle_runs = 0;
    std::vector<std::string> order;
    const auto wait_for = [&](auto condition) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, std::chrono::seconds(30), condition);
    };
    {
        Worker worker(queue, [&] {
            const std::lock_guard lock(mutex);
            ++idle_runs;
            order.push_back("idle");
            changed.notify_all();
            return std::chrono::milliseconds(idle_runs < 3 ? 0 : 24 * 3600 * 1000);
        });
        REQUIRE(wait_for([&] { return idle_runs == 3; }));
        // The third pause is a day long: a job still runs at once, and the destructor does not wait.
        worker.submit([&]() -> MainQueue::Task {
            const std::lock_guard lock(mutex);
            order.push_back("job");
            changed.notify_all();
            return {};
        });
        REQUIRE(wait_for([&] { return order.size() == 4; }));
    }
    CHECK(order == std::vector<std::string>{"idle", "idle", "idle", "job"});
}
