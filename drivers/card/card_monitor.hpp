#pragma once
// Watches readers and cards on a worker thread with SCardGetStatusChange, including the
// \\?PnP?\Notification pseudo-reader so readers plugged in later are found. Events go to the
// callback on that thread; the core posts them to its MainQueue.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace madoguchi::card {

struct CardEvent {
    enum class Kind {
        reader_added,
        reader_removed,
        card_inserted,
        card_removed,
        // pcscd went away; the monitor reconnects by itself and reports the readers again.
        service_lost,
    };
    Kind kind;
    std::string reader;
};

class CardMonitor {
public:
    using Callback = std::function<void(CardEvent)>;

    explicit CardMonitor(Callback callback);
    // Cancels the wait and joins the thread: no callback runs after the destructor.
    ~CardMonitor();
    CardMonitor(const CardMonitor&) = delete;
    CardMonitor& operator=(const CardMonitor&) = delete;

private:
    void run(std::stop_token stop);
    void watch(std::stop_token stop, long context);

    Callback m_callback;
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    long m_context = 0;
    bool m_has_context = false;
    std::jthread m_thread;
};

}  // namespace madoguchi::card
