#pragma once
// Live queue changes for GET /api/v1/sites/{site}/events (server-sent events). Handlers publish
// after their transaction commits; each subscriber waits for messages newer than the last it
// sent. A bounded backlog lets a client that reconnects with Last-Event-ID catch up. Message ids
// are this instance's own: another instance numbers its backlog differently.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::server {

// The SSE event names: a ticket changed, or a terminal reported its health (for the floor).
inline constexpr std::string_view k_ticket_event = "ticket";
inline constexpr std::string_view k_terminal_event = "terminal";

struct HubMessage {
    std::uint64_t id = 0;
    std::string site;
    std::string data;  // one JSON object, no personal data
    std::string event{k_ticket_event};
};

class EventHub {
public:
    explicit EventHub(std::size_t backlog = 1024) : m_backlog(backlog) {}

    // Where published messages go besides this instance's subscribers: set before serving, when
    // other instances share the database (PgEventRelay).
    using Forwarder = std::function<void(const std::string& site, const std::string& data, std::string_view event)>;
    void forward_to(Forwarder forwarder);

    // A change made here: delivered to this instance's subscribers and forwarded.
    void publish(const std::string& site, std::string data, std::string_view event = k_ticket_event);
    // A change another instance made: delivered here only.
    void deliver(const std::string& site, std::string data, std::string_view event = k_ticket_event);
    // Messages for `site` with ids above `after`, of the named events only (every event when
    // `events` is empty); waits up to `timeout` for the first one. Returns nothing once closed.
    std::vector<HubMessage> wait(const std::string& site, std::uint64_t after, std::chrono::milliseconds timeout,
                                 const std::vector<std::string_view>& events = {});
    // The id of the newest message so far: where a new subscriber starts.
    std::uint64_t last_id() const;
    // Wakes every subscriber for good, so that the server can stop.
    void close();
    bool closed() const;

private:
    std::size_t m_backlog;
    Forwarder m_forwarder;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<HubMessage> m_messages;
    std::uint64_t m_last_id = 0;
    bool m_closed = false;
};

}  // namespace madoguchi::server
