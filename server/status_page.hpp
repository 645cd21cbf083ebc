#pragma once
// The citizen's status page (GET /t/{ticket}?site=…&kid=…&s=…), reached from the ticket's QR
// code without any login: the signature in the URL is the only key, so nothing is shown unless
// it verifies. It shows the number, the people ahead, a wait estimate and, once called, the
// counter — in Japanese and English, and no personal data. It is served on its own TLS listener
// that asks for no client certificate.
#include <functional>
#include <optional>
#include <string>

#include "server/catalog.hpp"
#include "server/event_hub.hpp"
#include "server/repository.hpp"
#include "server/signing.hpp"

namespace httplib {
class Server;
}

namespace madoguchi::server {

struct StatusContext {
    const Catalog& catalog;
    Repository& repository;
    const SiteKeys& keys;
    EventHub& events;
    std::function<TimePoint()> clock = [] { return std::chrono::system_clock::now(); };
};

struct StatusView {
    std::string number;
    std::string service_ja;
    std::string service_en;
    TicketState state = TicketState::waiting;
    std::string counter;
    std::int64_t ahead = 0;
    std::optional<std::int64_t> wait_minutes;
};

// People ahead at the pace of the last hour's calls; nothing when no one was called lately.
std::optional<std::int64_t> estimate_wait_minutes(std::int64_t ahead, std::int64_t calls_last_hour);

std::string render_status_html(const StatusView& view);

void register_status_routes(httplib::Server& server, StatusContext& context);

}  // namespace madoguchi::server
