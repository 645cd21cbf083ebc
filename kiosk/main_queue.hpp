#pragma once
// Device and network work runs on worker threads; its results come back here and run on the UI
// thread, which owns the session. post() wakes the UI loop through the waker (an SDL user event
// in the app), so the loop can sleep until there is something to do.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace madoguchi {

class MainQueue {
public:
    using Task = std::function<void()>;

    void set_waker(std::function<void()> waker);
    void post(Task task);
    // Runs every task posted so far, on the calling (UI) thread. Returns how many ran.
    std::size_t drain();

private:
    std::mutex m_mutex;
    std::deque<Task> m_tasks;
    std::function<void()> m_waker;
};

// One background thread that runs jobs in order. A job returns the task that delivers its
// result, which is posted to the main queue; nothing a job touches is shared with the UI thread.
// Between jobs the thread may run an idle routine of its own (sending what waits in the outbox),
// which says how long to sleep before it runs again; a job or the destructor cuts the sleep short.
class Worker {
public:
    using Job = std::function<MainQueue::Task()>;
    using Idle = std::function<std::chrono::milliseconds()>;

    explicit Worker(MainQueue& results, Idle idle = {});
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void submit(Job job);

private:
    void run(std::stop_token stop);

    MainQueue& m_results;
    Idle m_idle;
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::deque<Job> m_jobs;
    std::jthread m_thread;
};

}  // namespace madoguchi
