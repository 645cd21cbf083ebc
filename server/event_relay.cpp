#include "event_relay.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

#include "kiosk/log.hpp"
#include "server/signing.hpp"

namespace madoguchi::server {
namespace {

using nlohmann::json;

// NOTIFY reaches the sessions of the same database only, so instances of another database on
// the same cluster never see these.
constexpr const char* k_channel = "madoguchi_events";
// How long the listener waits before connecting again after it lost the database.
constexpr int k_reconnect_ms = 1000;
// PostgreSQL refuses a notification payload of 8 000 bytes or more.
constexpr std::size_t k_most_payload_bytes = 7999;

Stored<PGconn*> connect(const std::string& url) {
    PGconn* connection = PQconnectdb(url.c_str());
    if (PQstatus(connection) != CONNECTION_OK) {
        std::string message = PQerrorMessage(connection);
        PQfinish(connection);
        return fail(StorageError::unavailable, "postgresql connect: " + message);
    }
    return connection;
}

bool is_string_field(const json& object, const char* name) {
    return object.is_object() && object.contains(name) && object[name].is_string();
}

// One change of another instance, to this instance's subscribers.
void deliver_change(EventHub& hub, const json& change) {
    // An instance from before event names only ever sent ticket events.
    const json event = change.is_object() ? change.value("event", json(k_ticket_event)) : json();
    if (!is_string_field(change, "site") || !is_string_field(change, "data") || !event.is_string()) {
        log::warn("event_relay_bad_message");
        return;
    }
    hub.deliver(change["site"].get<std::string>(), change["data"].get<std::string>(), event.get<std::string>());
}

// A notification holds the changes an instance sent together; one from an instance from before
// that holds a single change, in the message itself. This instance's own are skipped: its
// subscribers had them when they were made.
void deliver_changes(EventHub& hub, const std::string& own_origin, const json& message) {
    if (!is_string_field(message, "origin")) {
        log::warn("event_relay_bad_message");
        return;
    }
    if (message["origin"] == own_origin) {
        return;
    }
    if (!message.contains("changes")) {
        deliver_change(hub, message);
        return;
    }
    if (!message["changes"].is_array()) {
        log::warn("event_relay_bad_message");
        return;
    }
    for (const json& change : message["changes"]) {
        deliver_change(hub, change);
    }
}

}  // namespace

PgEventRelay::PgEventRelay(std::string url, EventHub& hub)
    : m_url(std::move(url)), m_hub(hub), m_origin(random_token(12)) {}

Stored<std::unique_ptr<PgEventRelay>> PgEventRelay::start(const std::string& url, EventHub& hub) {
    std::unique_ptr<PgEventRelay> relay(new PgEventRelay(url, hub));
    if (pipe2(relay->m_wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        return fail(StorageError::failed, "event relay: cannot create a pipe");
    }
    auto notifier = connect(url);
    if (!notifier) {
        return std::unexpected(notifier.error());
    }
    relay->m_notifier = *notifier;
    // Subscribed before the first request, so that no change made after start-up is missed.
    if (auto subscribed = relay->subscribe(); !subscribed) {
        return std::unexpected(subscribed.error());
    }
    relay->m_thread = std::thread([raw = relay.get()] { raw->listen(); });
    relay->m_sender = std::thread([raw = relay.get()] { raw->send_forwarded(); });
    hub.forward_to([raw = relay.get()](const std::string& site, const std::string& data, std::string_view event) {
        raw->forward(site, data, event);
    });
    return relay;
}

PgEventRelay::~PgEventRelay() {
    m_hub.forward_to({});
    if (m_sender.joinable()) {
        m_outbox.stop();
        m_sender.join();
    }
    if (m_thread.joinable()) {
        const char stop = 1;
        [[maybe_unused]] const auto written = write(m_wake[1], &stop, 1);
        m_thread.join();
    }
    for (int fd : m_wake) {
        if (fd >= 0) {
            close(fd);
        }
    }
    PQfinish(m_listener);
    PQfinish(m_notifier);
}

void RelayOutbox::push(Change change) {
    {
        const std::lock_guard lock(m_mutex);
        if (m_changes.size() >= m_most) {
            m_changes.pop_front();
            if (m_dropped++ == 0) {
                log::warn("event_relay_changes_dropped", {{"waiting", std::to_string(m_changes.size())}});
            }
        }
        m_changes.push_back(std::move(change));
    }
    m_pushed.notify_one();
}

std::deque<RelayOutbox::Change> RelayOutbox::take() {
    std::unique_lock lock(m_mutex);
    m_pushed.wait(lock, [this] { return m_stopping || !m_changes.empty(); });
    if (m_dropped > 0) {
        log::info("event_relay_sending_again", {{"dropped", std::to_string(m_dropped)}});
        m_dropped = 0;
    }
    return std::exchange(m_changes, {});
}

void RelayOutbox::stop() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_pushed.notify_all();
}

void PgEventRelay::forward(const std::string& site, const std::string& data, std::string_view event) {
    m_outbox.push(RelayOutbox::Change{site, data, std::string(event)});
}

void PgEventRelay::send_forwarded() {
    for (;;) {
        const std::deque<RelayOutbox::Change> sending = m_outbox.take();
        if (sending.empty()) {
            return;
        }
        for (const std::string& payload : payloads(sending)) {
            notify(payload);
        }
    }
}

std::vector<std::string> PgEventRelay::payloads(const std::deque<RelayOutbox::Change>& changes) const {
    const std::string head = R"({"origin":)" + json(m_origin).dump() + R"(,"changes":[)";
    const std::string tail = "]}";
    std::vector<std::string> payloads;
    std::string payload;
    for (const RelayOutbox::Change& change : changes) {
        const std::string item = json{{"site", change.site}, {"data", change.data}, {"event", change.event}}.dump();
        // A change too large for any payload still goes alone: PostgreSQL refuses it, and the
        // refusal is logged like any failed notification.
        if (!payload.empty() && payload.size() + 1 + item.size() + tail.size() > k_most_payload_bytes) {
            payloads.push_back(payload + tail);
            payload.clear();
        }
        payload += payload.empty() ? head : ",";
        payload += item;
    }
    if (!payload.empty()) {
        payloads.push_back(payload + tail);
    }
    return payloads;
}

void PgEventRelay::notify(const std::string& payload) {
    if (PQstatus(m_notifier) != CONNECTION_OK) {
        PQreset(m_notifier);
    }
    const std::array<const char*, 2> values{k_channel, payload.c_str()};
    PGresult* result =
        PQexecParams(m_notifier, "SELECT pg_notify($1, $2)", 2, nullptr, values.data(), nullptr, nullptr, 0);
    const bool sent = PQresultStatus(result) == PGRES_TUPLES_OK;
    PQclear(result);
    if (!sent) {
        // The changes are committed and this instance's subscribers have them; only the other
        // instances' miss them.
        log::warn("event_relay_notify_failed", {{"reason", PQerrorMessage(m_notifier)}});
    }
}

Stored<void> PgEventRelay::subscribe() {
    PQfinish(m_listener);
    m_listener = nullptr;
    auto connection = connect(m_url);
    if (!connection) {
        return std::unexpected(connection.error());
    }
    m_listener = *connection;
    PGresult* result = PQexec(m_listener, (std::string("LISTEN ") + k_channel).c_str());
    const bool listening = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    if (!listening) {
        std::string message = PQerrorMessage(m_listener);
        PQfinish(m_listener);
        m_listener = nullptr;
        return fail(StorageError::failed, "postgresql LISTEN: " + message);
    }
    return {};
}

bool PgEventRelay::wait(int milliseconds, bool& readable) {
    const int socket = m_listener == nullptr ? -1 : PQsocket(m_listener);
    std::array<pollfd, 2> fds{pollfd{m_wake[0], POLLIN, 0}, pollfd{socket, POLLIN, 0}};
    // poll ignores a negative descriptor: without a connection this waits for the stop only.
    const int ready = poll(fds.data(), fds.size(), milliseconds);
    readable = ready > 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
    return (fds[0].revents & POLLIN) == 0;
}

void PgEventRelay::listen() {
    bool connected = true;
    while (true) {
        bool readable = false;
        if (!wait(connected ? -1 : k_reconnect_ms, readable)) {
            return;
        }
        if (!connected) {
            auto subscribed = subscribe();
            connected = subscribed.has_value();
            if (connected) {
                log::info("event_relay_listening");
            } else {
                log::warn("event_relay_reconnect_failed", {{"reason", subscribed.error().message}});
            }
            continue;
        }
        if (!readable) {
            continue;
        }
        if (PQconsumeInput(m_listener) == 0) {
            log::warn("event_relay_connection_lost", {{"reason", PQerrorMessage(m_listener)}});
            // Without a connection the poll only sleeps until the next attempt.
            PQfinish(m_listener);
            m_listener = nullptr;
            connected = false;
            continue;
        }
        while (PGnotify* notification = PQnotifies(m_listener)) {
            const json message = json::parse(notification->extra, nullptr, false);
            PQfreemem(notification);
            deliver_changes(m_hub, m_origin, message);
        }
    }
}

}  // namespace madoguchi::server
