#include "event_stream.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

namespace madoguchi::server {
namespace {

// A comment line this often keeps proxies from closing an idle stream.
constexpr std::chrono::milliseconds k_keep_alive{15000};

}  // namespace

void stream_site_events(const httplib::Request& request, httplib::Response& response, EventHub& hub,
                        const std::string& site, std::vector<std::string_view> events) {
    std::uint64_t cursor = hub.last_id();
    // A reconnecting client continues where it stopped, as far as the backlog reaches.
    if (const std::string last = request.get_header_value("Last-Event-ID"); !last.empty()) {
        std::uint64_t parsed = 0;
        const auto [end, error] = std::from_chars(last.data(), last.data() + last.size(), parsed);
        if (error == std::errc{} && end == last.data() + last.size()) {
            cursor = std::min(parsed, cursor);
        }
    }
    response.set_header("Cache-Control", "no-store");
    response.set_chunked_content_provider(
        "text/event-stream", [&hub, site, cursor, events = std::move(events)](std::size_t, httplib::DataSink& sink) mutable {
            const std::vector<HubMessage> messages = hub.wait(site, cursor, k_keep_alive, events);
            if (hub.closed()) {
                sink.done();
                return true;
            }
            std::string chunk = messages.empty() ? ": keep-alive\n\n" : "";
            for (const HubMessage& message : messages) {
                chunk += "id: " + std::to_string(message.id) + "\nevent: " + message.event + "\ndata: " + message.data + "\n\n";
                cursor = message.id;
            }
            return sink.write(chunk.data(), chunk.size());
        });
}

}  // namespace madoguchi::server
