#pragma once
// The citizen's status page (GET /t/{ticket}?site=…&kid=…&s=…, or for a ticket issued offline
// GET /t/{ticket}?site=…&block=…&n=…&s=…), reached from the ticket's QR code without any login:
// the signature in the URL is the only key, so nothing is shown unless it verifies. It shows the number, the people ahead, a wait estimate and, once called, the
// counter — in Japanese and English, and no personal data. It is served on its own TLS listener
// that asks for no client certificate.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "kiosk/catalog.hpp"
#include "server/block_store.hpp"
#include "server/event_hub.hpp"
#include "server/repository.hpp"
#include "server/signing.hpp"
#include "server/wait_estimate.hpp"

namespace httplib {
class Server;
}

namespace madoguchi::server {

struct StatusContext {
    const ServiceCatalog& catalog;
    Repository& repository;
    const SiteKeys& keys;
    BlockStore& blocks;
    EventHub& events;
    WaitEstimator& waits;
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

// The ticket a status-page URL names, when its signature `s` verifies: by the site key `kid`, or
// for a ticket issued offline, by the key of block `block`, leased to that site, whose range
// covers the number `n`. Until the kiosk has reconciled an offline ticket there is none.
std::optional<Ticket> verified_ticket(StatusContext& context, const std::string& ticket_id,
                                      const std::multimap<std::string, std::string>& query);

std::string render_status_html(const StatusView& view);

void register_status_routes(httplib::Server& server, StatusContext& context);

}  // namespace madoguchi::server
