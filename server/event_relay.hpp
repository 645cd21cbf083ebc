#pragma once
// Live queue changes across server instances that share one PostgreSQL database: each instance
// sends its changes with NOTIFY and LISTENs for the others', so that a display connected to any
// instance sees every change for its site. SQLite serves one instance and needs no relay.
// A change made while an instance's listening connection is down is not replayed to it; its
// subscribers catch up at the next change or by reading the queue.
//
// Changes are sent by a thread of their own, all those made meanwhile in one notification: a
// request does not wait for the database to take its change, and hundreds of kiosks issuing at
// once cost one NOTIFY per round trip, not one each, queued behind each other.
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/database.hpp"
#include "server/event_hub.hpp"

struct pg_conn;

namespace madoguchi::server {

// The changes waiting for the relay's sending thread, oldest first, at most `most` of them: past
// that the oldest are dropped (the database is unreachable, and the other instances' subscribers
// catch up as after a lost connection). Dropping is logged once until sending resumes.
class RelayOutbox {
public:
    struct Change {
        std::string site;
        std::string data;
        std::string event;
    };

    explicit RelayOutbox(std::size_t most) : m_most(most) {}

    void push(Change change);
    // Waits for changes and takes all there are; empty only once stopped with none left.
    std::deque<Change> take();
    // Wakes take() for good; what is still queued is taken first.
    void stop();

private:
    std::size_t m_most;
    std::mutex m_mutex;
    std::condition_variable m_pushed;
    std::deque<Change> m_changes;
    bool m_stopping = false;
    std::size_t m_dropped = 0;
};

class PgEventRelay {
public:
    // Connects twice (one connection listens, one notifies) and makes `hub` forward through the
    // relay. `hub` must outlive the relay.
    static Stored<std::unique_ptr<PgEventRelay>> start(const std::string& url, EventHub& hub);
    ~PgEventRelay();
    PgEventRelay(const PgEventRelay&) = delete;
    PgEventRelay& operator=(const PgEventRelay&) = delete;

    // The most changes waiting to be sent (RelayOutbox).
    static constexpr std::size_t k_most_waiting = 10'000;

private:
    PgEventRelay(std::string url, EventHub& hub);

    void forward(const std::string& site, const std::string& data, std::string_view event);
    // The sending thread: notifies what was forwarded, until stopped and everything is sent.
    void send_forwarded();
    // `changes` as notification payloads, each within PostgreSQL's limit.
    std::vector<std::string> payloads(const std::deque<RelayOutbox::Change>& changes) const;
    void notify(const std::string& payload);
    void listen();
    Stored<void> subscribe();
    // Waits up to `milliseconds` on the listening socket (or sleeps when there is none); false
    // once the relay is stopping.
    bool wait(int milliseconds, bool& readable);

    std::string m_url;
    EventHub& m_hub;
    std::string m_origin;  // this instance, so that it skips its own notifications
    pg_conn* m_listener = nullptr;
    pg_conn* m_notifier = nullptr;  // used by the sending thread only
    RelayOutbox m_outbox{k_most_waiting};
    int m_wake[2] = {-1, -1};  // a pipe that ends the listening thread's poll
    std::thread m_thread;
    std::thread m_sender;
};

}  // namespace madoguchi::server
