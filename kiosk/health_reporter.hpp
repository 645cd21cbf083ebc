#pragma once
// The kiosk tells the server how it is (issues 5 and 7): its receipt printer, its card reader and
// its outbox, for the floor console. Runs on the ticket worker between tickets: each check asks
// the printer for its status, and a report goes out when anything changed since the last one the
// server took, and at least every `[server] health_report_seconds` otherwise. A report carries
// states and counts only, never personal data. A report that does not get through is not queued:
// the next check sends the state as it is then, and a kiosk that stays silent shows as stale.
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "config.hpp"
#include "drivers/printer/printer_profile.hpp"
#include "drivers/printer/printer_status.hpp"
#include "reader_presence.hpp"

namespace madoguchi {

class ServerClient;

enum class PrinterHealth { ready, paper_near_end, paper_out, cover_open, offline, error, no_printer };

std::string_view printer_health_name(PrinterHealth health);
// A status the printer answered (paper near end still prints, but the floor should know).
PrinterHealth printer_health(const printer::PrinterStatus& status);
// Why the printer could not be reached or asked.
PrinterHealth printer_health(printer::PrinterError error);

struct KioskHealth {
    PrinterHealth printer = PrinterHealth::ready;
    CardReaderHealth card_reader = CardReaderHealth::not_configured;
    std::size_t outbox_pending = 0;
    std::optional<std::chrono::system_clock::time_point> last_delivery;

    bool operator==(const KioskHealth&) const = default;
};

// The body of POST /api/v1/terminals/self/health.
std::string health_report_body(const KioskHealth& health);

// Asks the configured printer for its status. A file transport has nothing to ask and is ready;
// it is never opened here, since opening it starts a new job file.
PrinterHealth check_printer(const PrinterConnection& connection, const printer::PrinterProfile& profile);

// Whether a check finding `current` at `now` sends it: nothing was taken yet, something changed
// since `last_sent` (taken at `sent_at`), or a whole interval passed.
bool report_due(const std::optional<KioskHealth>& last_sent, std::chrono::steady_clock::time_point sent_at,
                const KioskHealth& current, std::chrono::steady_clock::time_point now, std::chrono::seconds interval);

class HealthReporter {
public:
    using SteadyTime = std::chrono::steady_clock::time_point;

    // `readers` null: the kiosk has no card reader to report.
    HealthReporter(std::chrono::seconds interval, std::shared_ptr<const ReaderPresence> readers);

    // What the outbox holds after a delivery round, and when it last delivered.
    void note_outbox(std::size_t pending, std::size_t delivered, std::chrono::system_clock::time_point now);

    // Checks the printer when a check is due and reports what changed, or what stayed the same
    // for a whole interval. Returns how long until the next check.
    std::chrono::milliseconds run(ServerClient& server, const TerminalConfig& config,
                                  const printer::PrinterProfile& profile, SteadyTime now);
    // The printer was plugged in or pulled out (USB hot-plug): the next run checks it and
    // reports a change at once, however recent the last check.
    void check_now();

private:
    std::chrono::seconds m_interval;
    std::chrono::milliseconds m_check_every;
    std::shared_ptr<const ReaderPresence> m_readers;
    std::size_t m_outbox_pending = 0;
    std::optional<std::chrono::system_clock::time_point> m_last_delivery;
    std::optional<SteadyTime> m_next_check;
    // What the server took last, and when.
    std::optional<KioskHealth> m_sent;
    SteadyTime m_sent_at{};
    bool m_failure_logged = false;
};

}  // namespace madoguchi
