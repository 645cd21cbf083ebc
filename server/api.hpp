#pragma once
// The HTTP API (/api/v1, documented in server/openapi.yaml). Every route checks the caller's
// role from its client certificate and, where the path names a site, that the terminal belongs
// to it.
#include <functional>

#include "kiosk/catalog.hpp"
#include "server/application_store.hpp"
#include "server/block_store.hpp"
#include "server/event_hub.hpp"
#include "server/metrics.hpp"
#include "server/repository.hpp"
#include "server/server_config.hpp"
#include "server/signing.hpp"
#include "server/staff.hpp"
#include "server/wait_estimate.hpp"
#include "server/terminal_health.hpp"

namespace httplib {
class Server;
}

namespace madoguchi::server {

struct ApiContext {
    const ServerConfig& config;
    const ServiceCatalog& catalog;
    Repository& repository;
    ApplicationStore& applications;
    BlockStore& blocks;
    StaffStore& staff;
    const SiteKeys& keys;
    Metrics& metrics;
    EventHub& events;
    WaitEstimator& waits;
    TerminalHealthStore& terminals;
    std::function<TimePoint()> clock = [] { return std::chrono::system_clock::now(); };
};

void register_routes(httplib::Server& server, ApiContext& context);

// The status-page URL printed as the ticket's QR code, signed with the site's key.
std::string ticket_qr_url(const std::string& base_url, const SigningKey& key, const std::string& site,
                          const std::string& ticket_id);

}  // namespace madoguchi::server
