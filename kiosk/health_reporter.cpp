#include "health_reporter.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "drivers/printer/printer.hpp"
#include "log.hpp"
#include "paths.hpp"
#include "receipt_printer.hpp"
#include "server_client.hpp"

namespace madoguchi {
namespace {

// A printer that runs out of paper shows on the floor within this long, whatever the interval.
constexpr std::chrono::milliseconds k_longest_check = std::chrono::seconds(10);

std::span<const std::uint8_t> bytes_of(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

std::string_view printer_health_name(PrinterHealth health) {
    switch (health) {
        case PrinterHealth::ready: return "ready";
        case PrinterHealth::paper_near_end: return "paper_near_end";
        case PrinterHealth::paper_out: return "paper_out";
        case PrinterHealth::cover_open: return "cover_open";
        case PrinterHealth::offline: return "offline";
        case PrinterHealth::error: return "error";
        case PrinterHealth::no_printer: return "no_printer";
    }
    return "error";
}

PrinterHealth printer_health(printer::PrinterError error) {
    using printer::PrinterError;
    switch (error) {
        case PrinterError::no_printer:
        case PrinterError::not_allowed: return PrinterHealth::no_printer;
        case PrinterError::paper_out: return PrinterHealth::paper_out;
        case PrinterError::cover_open: return PrinterHealth::cover_open;
        // A printer that stopped answering is as good as offline to the floor.
        case PrinterError::offline:
        case PrinterError::transport:
        case PrinterError::timeout: return PrinterHealth::offline;
        case PrinterError::cutter:
        case PrinterError::hardware:
        case PrinterError::bad_reply:
        case PrinterError::too_large: return PrinterHealth::error;
    }
    return PrinterHealth::error;
}

PrinterHealth printer_health(const printer::PrinterStatus& status) {
    if (auto ready = printer::ready_to_print(status); !ready) {
        return printer_health(ready.error().code);
    }
    return status.paper_near_end ? PrinterHealth::paper_near_end : PrinterHealth::ready;
}

std::string health_report_body(const KioskHealth& health) {
    nlohmann::json body{{"printer", printer_health_name(health.printer)},
                        {"card_reader", card_reader_health_name(health.card_reader)},
                        {"outbox_pending", health.outbox_pending},
                        {"last_delivery_at_ms", nullptr}};
    if (health.last_delivery) {
        body["last_delivery_at_ms"] =
            std::chrono::duration_cast<std::chrono::milliseconds>(health.last_delivery->time_since_epoch()).count();
    }
    return body.dump();
}

PrinterHealth check_printer(const PrinterConnection& connection, const printer::PrinterProfile& profile) {
    if (connection.kind == PrinterConnection::Kind::file) {
        return PrinterHealth::ready;
    }
    auto receipt_printer = open_receipt_printer(connection, profile, printer_profiles_dir(data_dir()));
    if (!receipt_printer) {
        return printer_health(receipt_printer.error().code);
    }
    if (!receipt_printer->transport->answers()) {
        return PrinterHealth::ready;
    }
    auto status = printer::Printer(*receipt_printer->transport).status();
    return status ? printer_health(*status) : printer_health(status.error().code);
}

HealthReporter::HealthReporter(std::chrono::seconds interval, std::shared_ptr<const ReaderPresence> readers)
    : m_interval(interval),
      m_check_every(std::min<std::chrono::milliseconds>(interval, k_longest_check)),
      m_readers(std::move(readers)) {}

void HealthReporter::note_outbox(std::size_t pending, std::size_t delivered,
                                 std::chrono::system_clock::time_point now) {
    m_outbox_pending = pending;
    if (delivered > 0) {
        m_last_delivery = now;
    }
}

void HealthReporter::check_now() {
    m_next_check.reset();
}

bool report_due(const std::optional<KioskHealth>& last_sent, std::chrono::steady_clock::time_point sent_at,
                const KioskHealth& current, std::chrono::steady_clock::time_point now, std::chrono::seconds interval) {
    return !last_sent || *last_sent != current || now - sent_at >= interval;
}

std::chrono::milliseconds HealthReporter::run(ServerClient& server, const TerminalConfig& config,
                                              const printer::PrinterProfile& profile, SteadyTime now) {
    if (m_next_check && now < *m_next_check) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(*m_next_check - now);
    }
    m_next_check = now + m_check_every;
    const KioskHealth current{check_printer(config.printer, profile),
                              m_readers ? m_readers->health() : CardReaderHealth::not_configured, m_outbox_pending,
                              m_last_delivery};
    if (!report_due(m_sent, m_sent_at, current, now, m_interval)) {
        return m_check_every;
    }
    auto sent = server.send("POST", "/api/v1/terminals/self/health", bytes_of(health_report_body(current)), "");
    if (!sent) {
        if (!m_failure_logged) {
            log::warn("health_report_failed", {{"detail", sent.error().message}});
            m_failure_logged = true;
        }
        return m_check_every;
    }
    if (!m_sent || m_sent->printer != current.printer || m_sent->card_reader != current.card_reader) {
        log::info("health_reported", {{"printer", std::string(printer_health_name(current.printer))},
                                      {"card_reader", std::string(card_reader_health_name(current.card_reader))}});
    }
    m_failure_logged = false;
    m_sent = current;
    m_sent_at = now;
    return m_check_every;
}

}  // namespace madoguchi
