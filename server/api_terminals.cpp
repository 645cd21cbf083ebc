#include "api_internal.hpp"

namespace madoguchi::server::api_detail {
namespace {

json health_json(const TerminalHealth& health, bool stale) {
    return json{{"terminal", health.terminal},
                {"printer", printer_state_name(health.report.printer)},
                {"card_reader", card_reader_state_name(health.report.card_reader)},
                {"outbox_pending", health.report.outbox_pending},
                {"last_delivery_at_ms",
                 health.report.last_delivery_at_ms ? json(*health.report.last_delivery_at_ms) : json(nullptr)},
                {"reported_at_ms", health.reported_at_ms},
                {"stale", stale}};
}

}  // namespace

void Api::report_health(const httplib::Request& request, httplib::Response& response, const Identity& identity) {
    auto report = parse_health_report(request.body);
    if (!report) {
        send_error(response, 400, "bad_request", report.error().message);
        return;
    }
    auto stored = m_context.terminals.record(identity.name, identity.site, *report, m_context.clock());
    if (!stored) {
        send_storage_error(response, stored.error());
        return;
    }
    const json body = health_json(*stored, false);
    m_context.events.publish(identity.site, body.dump(), k_terminal_event);
    send_json(response, 200, body);
}

void Api::terminals(const httplib::Request& request, httplib::Response& response) {
    const std::string site = request.matches[1].str();
    auto list = m_context.terminals.list(site);
    if (!list) {
        send_storage_error(response, list.error());
        return;
    }
    const TimePoint now = m_context.clock();
    json terminals = json::array();
    for (const TerminalHealth& health : *list) {
        terminals.push_back(health_json(health, is_stale(health, now, m_context.config.terminal_stale_after)));
    }
    send_json(response, 200,
              json{{"site", site},
                   {"stale_after_seconds", m_context.config.terminal_stale_after.count()},
                   {"terminals", terminals}});
}

}  // namespace madoguchi::server::api_detail
