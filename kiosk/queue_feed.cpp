#include "queue_feed.hpp"

#include <random>

#include "log.hpp"
#include "sse_parser.hpp"

namespace madoguchi {

QueueFeed::QueueFeed(ServerEndpoint endpoint, std::string site, MainQueue& results, QueueFeedHandlers handlers,
                     QueueFeedTiming timing)
    : m_endpoint(std::move(endpoint)),
      m_site(std::move(site)),
      m_results(results),
      m_handlers(std::move(handlers)),
      m_timing(timing),
      m_thread([this](std::stop_token stop) { run(stop); }) {}

QueueFeed::~QueueFeed() {
    m_thread.request_stop();
    {
        const std::lock_guard lock(m_mutex);
        if (m_streaming != nullptr) {
            m_streaming->stop();
        }
    }
    m_wake.notify_all();
}

void QueueFeed::run(std::stop_token stop) {
    Backoff backoff(m_timing.first_retry, m_timing.longest_retry, std::random_device{}());
    while (!stop.stop_requested()) {
        if (follow(stop)) {
            backoff.reset();
            m_results.post([handlers = m_handlers] { handlers.connection(false); });
        }
        if (stop.stop_requested()) {
            return;
        }
        const auto delay = backoff.next();
        log::info("queue_feed_retry",
                  {{"in_ms", std::to_string(delay.count())}, {"attempt", std::to_string(backoff.failures())}});
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, stop, delay, [] { return false; });
    }
}

bool QueueFeed::follow(std::stop_token stop) {
    auto stream_client = ServerClient::create(m_endpoint);
    auto queue_client = ServerClient::create(m_endpoint);
    if (!stream_client || !queue_client) {
        log::error("queue_feed_config", {{"detail", (stream_client ? queue_client : stream_client).error().message}});
        return false;
    }
    {
        const std::lock_guard lock(m_mutex);
        if (stop.stop_requested()) {
            return false;
        }
        m_streaming = &*stream_client;
    }
    const std::string base = "/api/v1/sites/" + m_site;
    bool opened = false;
    SseParser parser;
    // Last-Event-ID is not sent: event ids restart with the server, and the queue read at each
    // opening is complete anyway. The stream opens first so that no change falls between the two.
    const auto ended = stream_client->stream(
        base + "/events",
        [&] {
            auto reply = queue_client->send("GET", base + "/queue", {}, {});
            if (!reply) {
                log::warn("queue_feed_resync_failed", {{"detail", reply.error().message}});
                return false;
            }
            auto snapshot = parse_queue_snapshot(reply->body);
            if (!snapshot) {
                log::error("queue_feed_bad_queue", {{"detail", snapshot.error().message}});
                return false;
            }
            opened = true;
            log::info("queue_feed_connected", {{"site", m_site}});
            m_results.post([handlers = m_handlers, queue = std::move(*snapshot)]() mutable {
                handlers.snapshot(std::move(queue));
                handlers.connection(true);
            });
            return !stop.stop_requested();
        },
        [&](std::string_view bytes) {
            for (SseMessage& message : parser.feed(bytes)) {
                if (message.event == "terminal" && m_handlers.terminal) {
                    m_results.post([handlers = m_handlers] { handlers.terminal(); });
                    continue;
                }
                if (message.event != "ticket") {
                    continue;
                }
                auto ticket = parse_ticket_event(message.data);
                if (!ticket) {
                    log::warn("queue_feed_bad_event", {{"detail", ticket.error().message}});
                    continue;
                }
                m_results.post([handlers = m_handlers, changed = std::move(*ticket)]() mutable {
                    handlers.ticket(std::move(changed));
                });
            }
            return !stop.stop_requested();
        });
    {
        const std::lock_guard lock(m_mutex);
        m_streaming = nullptr;
    }
    if (stop.stop_requested()) {
        return opened;
    }
    if (!ended) {
        log::warn("queue_feed_lost", {{"detail", ended.error().message}});
    } else if (opened) {
        log::info("queue_feed_ended", {{"site", m_site}});
    }
    return opened;
}

}  // namespace madoguchi
