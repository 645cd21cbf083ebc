#include "terminal_health.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

#include "server/sql_helpers.hpp"

namespace madoguchi::server {
namespace {

using nlohmann::json;
using Unexpected = std::unexpected<Error<StorageError>>;

constexpr std::array k_printer_states{
    std::pair{PrinterState::ready, "ready"},           std::pair{PrinterState::paper_near_end, "paper_near_end"},
    std::pair{PrinterState::paper_out, "paper_out"},   std::pair{PrinterState::cover_open, "cover_open"},
    std::pair{PrinterState::offline, "offline"},       std::pair{PrinterState::error, "error"},
    std::pair{PrinterState::no_printer, "no_printer"},
};
constexpr std::array k_card_reader_states{
    std::pair{CardReaderState::present, "present"},
    std::pair{CardReaderState::absent, "absent"},
    std::pair{CardReaderState::not_configured, "not_configured"},
};
// More than any outbox could hold: a count beyond it is a bug, not a report.
constexpr std::int64_t k_max_pending = 1'000'000'000;

template <typename State, std::size_t N>
std::string_view name_of(const std::array<std::pair<State, const char*>, N>& names, State state) {
    for (const auto& [known, name] : names) {
        if (known == state) {
            return name;
        }
    }
    return names.front().second;
}

template <typename State, std::size_t N>
std::optional<State> parse_name(const std::array<std::pair<State, const char*>, N>& names, std::string_view text) {
    for (const auto& [known, name] : names) {
        if (text == name) {
            return known;
        }
    }
    return std::nullopt;
}

template <typename State, std::size_t N>
std::string listed(const std::array<std::pair<State, const char*>, N>& names) {
    std::string text;
    for (const auto& [known, name] : names) {
        text += text.empty() ? "" : ", ";
        text += name;
    }
    return text;
}

auto malformed(std::string message) { return fail(HealthReportError::malformed, std::move(message)); }

TerminalHealth health_from(const SqlRow& row) {
    TerminalHealth health;
    health.terminal = row.at(0).value_or("");
    health.site = row.at(1).value_or("");
    health.report.printer = parse_printer_state(row.at(2).value_or("")).value_or(PrinterState::error);
    health.report.card_reader =
        parse_card_reader_state(row.at(3).value_or("")).value_or(CardReaderState::not_configured);
    health.report.outbox_pending = as_int(row.at(4));
    if (row.at(5)) {
        health.report.last_delivery_at_ms = as_int(row.at(5));
    }
    health.reported_at_ms = as_int(row.at(6));
    return health;
}

}  // namespace

std::string_view printer_state_name(PrinterState state) { return name_of(k_printer_states, state); }
std::optional<PrinterState> parse_printer_state(std::string_view name) { return parse_name(k_printer_states, name); }
std::string_view card_reader_state_name(CardReaderState state) { return name_of(k_card_reader_states, state); }
std::optional<CardReaderState> parse_card_reader_state(std::string_view name) {
    return parse_name(k_card_reader_states, name);
}

Result<HealthReport, HealthReportError> parse_health_report(std::string_view body) {
    if (body.size() > k_max_health_report_bytes) {
        return malformed("a health report must be at most " + std::to_string(k_max_health_report_bytes) + " bytes");
    }
    const json parsed = json::parse(body, nullptr, false);
    if (!parsed.is_object()) {
        return malformed("the body must be a JSON object");
    }
    for (const auto& [key, value] : parsed.items()) {
        if (key != "printer" && key != "card_reader" && key != "outbox_pending" && key != "last_delivery_at_ms") {
            return malformed("unknown key \"" + key +
                             "\": a report has printer, card_reader, outbox_pending and last_delivery_at_ms only");
        }
    }
    HealthReport report;
    const auto printer = parsed.find("printer");
    const auto printer_state =
        printer != parsed.end() && printer->is_string() ? parse_printer_state(printer->get<std::string>()) : std::nullopt;
    if (!printer_state) {
        return malformed("printer must be one of " + listed(k_printer_states));
    }
    report.printer = *printer_state;
    const auto reader = parsed.find("card_reader");
    const auto reader_state = reader != parsed.end() && reader->is_string()
                                  ? parse_card_reader_state(reader->get<std::string>())
                                  : std::nullopt;
    if (!reader_state) {
        return malformed("card_reader must be one of " + listed(k_card_reader_states));
    }
    report.card_reader = *reader_state;
    const auto pending = parsed.find("outbox_pending");
    if (pending == parsed.end() || !pending->is_number_integer() || pending->get<std::int64_t>() < 0 ||
        pending->get<std::int64_t>() > k_max_pending) {
        return malformed("outbox_pending must be a whole number from 0 to " + std::to_string(k_max_pending));
    }
    report.outbox_pending = pending->get<std::int64_t>();
    const auto delivered = parsed.find("last_delivery_at_ms");
    if (delivered != parsed.end() && !delivered->is_null()) {
        if (!delivered->is_number_integer() || delivered->get<std::int64_t>() < 0) {
            return malformed("last_delivery_at_ms must be milliseconds since 1970 or null");
        }
        report.last_delivery_at_ms = delivered->get<std::int64_t>();
    }
    return report;
}

bool is_stale(const TerminalHealth& health, TimePoint now, std::chrono::seconds stale_after) {
    return to_millis(now) - health.reported_at_ms > std::chrono::milliseconds(stale_after).count();
}

Stored<TerminalHealth> TerminalHealthStore::record(const std::string& terminal, const std::string& site,
                                                   const HealthReport& report, TimePoint now) {
    TerminalHealth health{terminal, site, report, to_millis(now)};
    const SqlValue delivered = report.last_delivery_at_ms ? SqlValue(*report.last_delivery_at_ms) : SqlValue(nullptr);
    return in_transaction<TerminalHealth>(m_database, [&](Statements& statements) -> Stored<TerminalHealth> {
        // Both back ends speak this upsert (SQLite since 3.24).
        auto stored = statements.query(
            "INSERT INTO terminal_health (site, terminal, printer, card_reader, outbox_pending, last_delivery_at, "
            "reported_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site, terminal) DO UPDATE SET "
            "printer = excluded.printer, card_reader = excluded.card_reader, "
            "outbox_pending = excluded.outbox_pending, last_delivery_at = excluded.last_delivery_at, "
            "reported_at = excluded.reported_at",
            {site, terminal, std::string(printer_state_name(report.printer)),
             std::string(card_reader_state_name(report.card_reader)), report.outbox_pending, delivered,
             health.reported_at_ms});
        if (!stored) {
            return Unexpected(stored.error());
        }
        return health;
    });
}

Stored<std::vector<TerminalHealth>> TerminalHealthStore::list(const std::string& site) {
    return in_transaction<std::vector<TerminalHealth>>(
        m_database, [&](Statements& statements) -> Stored<std::vector<TerminalHealth>> {
            auto rows = statements.query(
                "SELECT terminal, site, printer, card_reader, outbox_pending, last_delivery_at, reported_at "
                "FROM terminal_health WHERE site = ? ORDER BY terminal",
                {site});
            if (!rows) {
                return Unexpected(rows.error());
            }
            std::vector<TerminalHealth> list;
            for (const SqlRow& row : *rows) {
                list.push_back(health_from(row));
            }
            return list;
        });
}

}  // namespace madoguchi::server
