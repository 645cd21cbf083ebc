#include "main_queue.hpp"

namespace madoguchi {

void MainQueue::set_waker(std::function<void()> waker) {
    const std::lock_guard lock(m_mutex);
    m_waker = std::move(waker);
}

void MainQueue::post(Task task) {
    std::function<void()> waker;
    {
        const std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
        waker = m_waker;
    }
    if (waker) {
        waker();
    }
}

std::size_t MainQueue::drain() {
    std::deque<Task> tasks;
    {
        const std::lock_guard lock(m_mutex);
        tasks.swap(m_tasks);
    }
    for (Task& task : tasks) {
        task();
    }
    return tasks.size();
}

Worker::Worker(MainQueue& results, Idle idle)
    : m_results(results), m_idle(std::move(idle)), m_thread([this](std::stop_token stop) { run(stop); }) {}

Worker::~Worker() {
    m_thread.request_stop();
    m_wake.notify_all();
}

void Worker::submit(Job job) {
    {
        const std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void Worker::run(std::stop_token stop) {
    auto idle_due = std::chrono::steady_clock::now();
    while (true) {
        Job job;
        {
            std::unique_lock lock(m_mutex);
            const auto has_job = [this] { return !m_jobs.empty(); };
            const bool woken = m_idle ? m_wake.wait_until(lock, stop, idle_due, has_job) : m_wake.wait(lock, stop, has_job);
            if (!woken) {
                if (stop.stop_requested()) {
                    return;
                }
                lock.unlock();
                idle_due = std::chrono::steady_clock::now() + m_idle();
                continue;
            }
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        if (MainQueue::Task result = job()) {
            m_results.post(std::move(result));
        }
    }
}

}  // namespace madoguchi
