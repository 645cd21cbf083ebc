#pragma once
// What each kiosk last told the server about itself (issues 5 and 7): its receipt printer, its
// card reader and its outbox, for the floor console. A kiosk reports for itself only (the
// terminal comes from its certificate); a report holds states and counts, never personal data.
// A kiosk that stops reporting is stale: going quiet is itself news for the floor.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/database.hpp"
#include "server/ticket.hpp"

namespace madoguchi::server {

enum class PrinterState { ready, paper_near_end, paper_out, cover_open, offline, error, no_printer };
enum class CardReaderState { present, absent, not_configured };

std::string_view printer_state_name(PrinterState state);
std::optional<PrinterState> parse_printer_state(std::string_view name);
std::string_view card_reader_state_name(CardReaderState state);
std::optional<CardReaderState> parse_card_reader_state(std::string_view name);

// A report is a few hundred bytes; anything much larger is not one.
inline constexpr std::size_t k_max_health_report_bytes = 1024;

struct HealthReport {
    PrinterState printer = PrinterState::ready;
    CardReaderState card_reader = CardReaderState::not_configured;
    std::int64_t outbox_pending = 0;
    std::optional<std::int64_t> last_delivery_at_ms;  // the outbox's last row the server accepted
};

enum class HealthReportError { malformed };

// The request body: {"printer", "card_reader", "outbox_pending", "last_delivery_at_ms"}; an
// unknown key, an unknown state or a size over k_max_health_report_bytes is refused with a
// message that says which.
Result<HealthReport, HealthReportError> parse_health_report(std::string_view body);

struct TerminalHealth {
    std::string terminal;  // the certificate's common name
    std::string site;
    HealthReport report;
    std::int64_t reported_at_ms = 0;
};

// Stale once its report is older than `stale_after` at `now`.
bool is_stale(const TerminalHealth& health, TimePoint now, std::chrono::seconds stale_after);

class TerminalHealthStore {
public:
    explicit TerminalHealthStore(Database& database) : m_database(database) {}

    // Replaces the terminal's previous report.
    Stored<TerminalHealth> record(const std::string& terminal, const std::string& site, const HealthReport& report,
                                  TimePoint now);
    // Every terminal of the site that ever reported, by name.
    Stored<std::vector<TerminalHealth>> list(const std::string& site);

private:
    Database& m_database;
};

}  // namespace madoguchi::server
