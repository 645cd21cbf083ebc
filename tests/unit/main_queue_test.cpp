#include <doctest/doctest.h>

#include <atomic>
#include <thread>

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
