#pragma once
// What the floor manager's console reads from the server: the site now (GET …/overview), its
// kiosks' health (GET …/terminals) and one day's statistics (GET …/stats), read into plain values. Every field is checked: a body that
// is not what the server documents (server/openapi.yaml) is refused whole, never half shown.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "health_reporter.hpp"
#include "reader_presence.hpp"

namespace madoguchi {

struct ServiceOverview {
    std::string service;
    std::string name_ja;
    std::string name_en;
    std::int64_t waiting = 0;
    std::int64_t priority_waiting = 0;
    std::int64_t longest_wait_ms = 0;
    std::optional<std::int64_t> estimated_wait_minutes;  // none before the hour saw any call
    double counters_open = 0;  // weighted by the service's share of each counter's calls
    std::int64_t counters_free = 0;
    std::int64_t visit_ms = 0;
};

struct SiteOverview {
    std::string site;
    std::int64_t at_ms = 0;  // the server's clock when it answered
    std::vector<ServiceOverview> services;
};

struct TimeSummary {
    std::int64_t count = 0;
    std::int64_t mean_ms = 0;
    std::int64_t p50_ms = 0;
    std::int64_t p90_ms = 0;
};

struct DayFigures {
    std::map<std::string, std::int64_t, std::less<>> events;  // issued, called, done, no_show, …
    TimeSummary wait;   // issue to first call
    TimeSummary visit;  // call to done, no-show or transfer

    std::int64_t count(std::string_view kind) const;
};

struct DayStatistics {
    std::string site;
    std::string date;  // YYYY-MM-DD, Asia/Tokyo
    std::map<std::string, DayFigures> services;
    std::map<std::string, DayFigures> counters;
    DayFigures total;
};

// One kiosk's last health report, as the server keeps it.
struct KioskReport {
    std::string terminal;
    PrinterHealth printer = PrinterHealth::ready;
    CardReaderHealth card_reader = CardReaderHealth::not_configured;
    std::int64_t outbox_pending = 0;
    std::optional<std::int64_t> last_delivery_at_ms;  // none: nothing delivered since it started
    std::int64_t reported_at_ms = 0;
    bool stale = false;  // no report for longer than stale_after_seconds: off, cut off or hung
};

struct SiteKiosks {
    std::string site;
    std::int64_t stale_after_seconds = 0;
    std::vector<KioskReport> kiosks;
};

enum class FloorMessageError { malformed };

Result<SiteOverview, FloorMessageError> parse_site_overview(std::string_view json);
Result<DayStatistics, FloorMessageError> parse_day_statistics(std::string_view json);
Result<SiteKiosks, FloorMessageError> parse_site_kiosks(std::string_view json);
// The day as CSV: accepted when it starts with the documented header, so that an error page is
// never saved as the day's figures.
Result<void, FloorMessageError> check_statistics_csv(std::string_view csv);
// YYYY-MM-DD with digits where they belong: the date also names the saved file.
bool is_day(std::string_view date);

}  // namespace madoguchi
