#pragma once
// A site's queue, live: the server's event stream read on a thread of its own, over the
// terminal's mTLS client. Every (re)connection starts with the whole queue (GET …/queue), so
// nothing missed while the server was away stays missed; after a drop the feed tries again with
// exponential backoff and jitter. Everything it learns is posted to the main queue, so the
// handlers run on the UI thread (copies of them travel with each task, so a task drained after
// the feed is gone still runs safely).
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "backoff.hpp"
#include "main_queue.hpp"
#include "queue_messages.hpp"
#include "server_client.hpp"

namespace madoguchi {

struct QueueFeedHandlers {
    std::function<void(QueueSnapshot)> snapshot;  // on each connection, before its events
    std::function<void(QueueTicket)> ticket;      // one ticket changed
    std::function<void(bool connected)> connection;
    // A kiosk of the site reported its health (event: terminal); empty: such events are ignored.
    std::function<void()> terminal;
};

struct QueueFeedTiming {
    std::chrono::milliseconds first_retry{500};
    std::chrono::milliseconds longest_retry{30'000};
};

class QueueFeed {
public:
    QueueFeed(ServerEndpoint endpoint, std::string site, MainQueue& results, QueueFeedHandlers handlers,
              QueueFeedTiming timing = {});
    ~QueueFeed();
    QueueFeed(const QueueFeed&) = delete;
    QueueFeed& operator=(const QueueFeed&) = delete;

private:
    void run(std::stop_token stop);
    // One connection, from opening the stream until it ends. True when the stream was open.
    bool follow(std::stop_token stop);

    ServerEndpoint m_endpoint;
    std::string m_site;
    MainQueue& m_results;
    QueueFeedHandlers m_handlers;
    QueueFeedTiming m_timing;
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    ServerClient* m_streaming = nullptr;  // guarded by m_mutex; stopped by the destructor
    std::jthread m_thread;
};

}  // namespace madoguchi
