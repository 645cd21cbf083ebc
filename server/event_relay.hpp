#pragma once
// Live queue changes across server instances that share one PostgreSQL database: each instance
// sends its changes with NOTIFY and LISTENs for the others', so that a display connected to any
// instance sees every change for its site. SQLite serves one instance and needs no relay.
// A change made while an instance's listening connection is down is not replayed to it; its
// subscribers catch up at the next change or by reading the queue.
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/database.hpp"
#include "server/event_hub.hpp"

struct pg_conn;

namespace madoguchi::server {

class PgEventRelay {
public:
    // Connects twice (one connection listens, one notifies) and makes `hub` forward through the
    // relay. `hub` must outlive the relay.
    static Stored<std::unique_ptr<PgEventRelay>> start(const std::string& url, EventHub& hub);
    ~PgEventRelay();
    PgEventRelay(const PgEventRelay&) = delete;
    PgEventRelay& operator=(const PgEventRelay&) = delete;

private:
    PgEventRelay(std::string url, EventHub& hub);

    void forward(const std::string& site, const std::string& data, std::string_view event);
    void listen();
    Stored<void> subscribe();
    // Waits up to `milliseconds` on the listening socket (or sleeps when there is none); false
    // once the relay is stopping.
    bool wait(int milliseconds, bool& readable);

    std::string m_url;
    EventHub& m_hub;
    std::string m_origin;  // this instance, so that it skips its own notifications
    pg_conn* m_listener = nullptr;
    std::mutex m_notify_mutex;
    pg_conn* m_notifier = nullptr;
    int m_wake[2] = {-1, -1};  // a pipe that ends the listening thread's poll
    std::thread m_thread;
};

}  // namespace madoguchi::server
