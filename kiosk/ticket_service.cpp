#include "ticket_service.hpp"

#include <algorithm>
#include <optional>

#include "drivers/printer/usb_hotplug.hpp"
#include "health_reporter.hpp"
#include "log.hpp"
#include "number_blocks.hpp"
#include "outbox.hpp"
#include "paths.hpp"
#include "receipt_printer.hpp"
#include "server_client.hpp"

namespace madoguchi {
namespace {

// Rows that other parts of the kiosk add to the outbox are seen within this long; rows that
// failed wait their own backoff, which is never longer than five minutes.
constexpr std::chrono::milliseconds k_longest_pause = std::chrono::seconds(30);
// A row that stays due (the outbox could not record the attempt) is not sent in a tight loop.
constexpr std::chrono::milliseconds k_shortest_pause = std::chrono::seconds(1);
// While the server is away it is asked again this often, so staff see "online" soon after it
// is back even with nothing waiting to be sent.
constexpr std::chrono::milliseconds k_offline_probe = std::chrono::seconds(5);

BlockPlan block_plan(const TerminalConfig& config, const ServiceCatalog& catalog) {
    BlockPlan plan{config.site, {}, config.offline_block_size};
    if (const Site* site = catalog.site(config.site)) {
        plan.services = site->services;
    }
    return plan;
}

std::optional<ServerClient> open_courier(const TerminalConfig& config) {
    auto client = ServerClient::create(
        {config.server_url, config.server_ca, config.terminal_certificate, config.terminal_certificate_key});
    if (!client) {
        log::error("outbox_delivery_unavailable", {{"detail", client.error().message}});
        return std::nullopt;
    }
    return std::move(*client);
}

}  // namespace

struct TicketService::Desk {
    TerminalConfig config;
    TicketParts parts;
    const Translator& translator;
    std::shared_ptr<SyncStatus> status;
    // Only the outbox's deliveries use it; stop() on it is the one call safe from the UI thread.
    std::optional<ServerClient> courier;
    // An outbox that cannot be opened is logged once, not on every round until it is fixed.
    bool outbox_fault_logged = false;
    HealthReporter health;

    Result<IssuedTicket, TicketError> issue(const TicketRequest& request) {
        auto receipt_printer = open_receipt_printer(config.printer, parts.profile, printer_profiles_dir(data_dir()));
        if (!receipt_printer) {
            return fail(ticket_error_for(receipt_printer.error().code), receipt_printer.error().message);
        }
        auto issued = issue_ticket(config, parts, translator, *receipt_printer, request);
        if (issued) {
            status->set_online(!issued->offline);
        } else if (issued.error().code == TicketError::server_unreachable) {
            status->set_online(false);
        }
        // The ticket's reconcile request, or a withdrawal, may wait in the outbox now.
        auto key = load_terminal_key(config.terminal_key);
        auto outbox = key ? Outbox::open(config.outbox, *key) : OutboxResult<Outbox>(std::unexpected(key.error()));
        if (auto queued = outbox ? outbox->pending() : OutboxResult<std::size_t>(std::unexpected(outbox.error()))) {
            status->set_queued(*queued);
        }
        return issued;
    }

    // Returns how long to wait before the next round.
    std::chrono::milliseconds sync() {
        if (!courier) {
            return k_longest_pause;
        }
        auto key = load_terminal_key(config.terminal_key);
        auto outbox = key ? Outbox::open(config.outbox, *key) : OutboxResult<Outbox>(std::unexpected(key.error()));
        if (!outbox) {
            if (!outbox_fault_logged) {
                log::error("outbox_unavailable", {{"detail", outbox.error().message}});
                outbox_fault_logged = true;
            }
            return k_longest_pause;
        }
        outbox_fault_logged = false;
        auto blocks = config.offline_block_size > 0 ? NumberBlocks::open(*outbox, *key)
                                                    : Result<NumberBlocks, BlockError>(fail(BlockError::storage, ""));
        if (!blocks && config.offline_block_size > 0) {
            log::error("number_blocks_unavailable", {{"detail", blocks.error().message}});
        }
        // While the server is away it is asked whether it is back; when it is, what waited for it
        // goes at once instead of after each row's backoff.
        const bool back = !status->get().online && courier->send("GET", "/healthz", {}, "").has_value();
        const SyncRound round = sync_round(*outbox, blocks ? &*blocks : nullptr, *courier,
                                           block_plan(config, parts.catalog), std::chrono::system_clock::now(),
                                           back ? Backlog::now : Backlog::when_due);
        if (round.delivered > 0 || round.set_aside > 0 || round.leased > 0) {
            log::info("outbox_delivered", {{"delivered", std::to_string(round.delivered)},
                                           {"set_aside", std::to_string(round.set_aside)},
                                           {"blocks_leased", std::to_string(round.leased)}});
        }
        status->set_online(round.server_reachable.value_or(back || status->get().online));
        if (round.queued) {
            status->set_queued(*round.queued);
        }
        health.note_outbox(outbox->pending().value_or(0), round.delivered, std::chrono::system_clock::now());
        const auto next = outbox->next_attempt();
        auto wait = k_longest_pause;
        if (next && *next) {
            wait = std::chrono::duration_cast<std::chrono::milliseconds>(**next - std::chrono::system_clock::now());
        }
        if (!status->get().online) {
            wait = std::min(wait, k_offline_probe);
        }
        return std::clamp(wait, k_shortest_pause, k_longest_pause);
    }

    // Kiosks report; a floor tablet's assisted sessions borrow this desk, but the server lists
    // only kiosks for the floor console, so it would refuse the tablet's reports.
    std::chrono::milliseconds report_health() {
        return courier && config.role == Role::citizen
                   ? health.run(*courier, config, parts.profile, std::chrono::steady_clock::now())
                   : k_longest_pause;
    }

    void printer_plugged(bool present) {
        log::info(present ? "printer_plugged_in" : "printer_pulled_out", {});
        health.check_now();
        report_health();
    }
};

TicketService::TicketService(MainQueue& queue, TerminalConfig config, TicketParts parts, const Translator& translator,
                             Deliver deliver, std::shared_ptr<const ReaderPresence> readers)
    : m_status(std::make_shared<SyncStatus>()),
      m_desk(std::make_shared<Desk>(Desk{config, std::move(parts), translator, m_status, open_courier(config), false,
                                         HealthReporter(config.health_report_interval, std::move(readers))})),
      m_deliver(std::move(deliver)),
      m_worker(queue, [desk = m_desk] {
          // Delivery first, so that the report counts what is still left in the outbox.
          const auto next_sync = desk->sync();
          return std::min(next_sync, desk->report_health());
      }) {
    if (config.printer.kind != PrinterConnection::Kind::usb) {
        return;
    }
    if (!printer::usb_hotplug_supported()) {
        log::info("usb_hotplug_unavailable", {{"detail", "the printer is checked every few seconds instead"}});
        return;
    }
    const auto profiles = usb_printer_profiles(printer_profiles_dir(data_dir()));
    auto hotplug = printer::UsbHotplug::start(profiles, [this](bool present) { printer_plugged(present); });
    if (!hotplug) {
        log::warn("usb_hotplug_unavailable", {{"detail", hotplug.error().message}});
        return;
    }
    m_hotplug = std::move(*hotplug);
}

void TicketService::printer_plugged(bool present) {
    m_worker.submit([desk = m_desk, present]() -> MainQueue::Task {
        desk->printer_plugged(present);
        return {};
    });
}

TicketService::~TicketService() {
    if (m_desk->courier) {
        m_desk->courier->stop();
    }
}

SyncState TicketService::sync_state() const {
    return m_status->get();
}

void TicketService::issue(TicketRequest request) {
    m_worker.submit([desk = m_desk, deliver = m_deliver, request = std::move(request)]() -> MainQueue::Task {
        auto issued = desk->issue(request);
        if (!issued) {
            log::warn("ticket_failed", {{"error", std::string(ticket_error_name(issued.error().code))},
                                        {"detail", issued.error().message}});
            return [deliver, error = issued.error().code] { deliver(ticket_update::Failed{error}); };
        }
        return [deliver, ticket = std::move(*issued)] { deliver(ticket_update::Printed{ticket}); };
    });
}

}  // namespace madoguchi
