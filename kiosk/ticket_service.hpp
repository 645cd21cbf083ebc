#pragma once
// The kiosk's ticket desk: each request is issued on the server and printed on a worker thread
// (issue_ticket), and the outcome delivered to the session on the UI thread through the main
// queue. The printer is opened for each ticket, so one fixed meanwhile is found again; a USB
// printer is also watched by libusb hot-plug where the system supports it, and its plugging in
// or pulling out is checked and reported on the worker at once, not at the next check. Between
// tickets the same thread sends what waits in the outbox (withdrawals, applications) as each row
// falls due after its backoff, so nothing waits for the next citizen to be sent, and leases
// number blocks for the site's services, so tickets can still be issued while the server is away,
// and reports the kiosk's health (printer, card reader, outbox) to the server (health_reporter.hpp).
#include <functional>
#include <memory>

#include "config.hpp"
#include "main_queue.hpp"
#include "reader_presence.hpp"
#include "terminal_sync.hpp"
#include "ticket_parts.hpp"
#include "ticket_port.hpp"

namespace madoguchi::printer {
class UsbHotplug;
}

namespace madoguchi {

class Translator;

class TicketService final : public TicketPort {
public:
    using Deliver = std::function<void(TicketUpdate)>;

    // `translator` must outlive the service; the rest is the worker's own. `deliver` runs on the
    // UI thread. `readers` (the card service's) says whether the card reader is there.
    TicketService(MainQueue& queue, TerminalConfig config, TicketParts parts, const Translator& translator,
                  Deliver deliver, std::shared_ptr<const ReaderPresence> readers = nullptr);

    // Breaks off a delivery in progress so that the worker stops at once.
    ~TicketService() override;
    TicketService(const TicketService&) = delete;
    TicketService& operator=(const TicketService&) = delete;

    void issue(TicketRequest request) override;

    // Online, or offline with so many requests waiting for the server; safe from any thread.
    SyncState sync_state() const;

private:
    struct Desk;
    // Hands a hot-plug change to the worker.
    void printer_plugged(bool present);

    std::shared_ptr<SyncStatus> m_status;
    std::shared_ptr<Desk> m_desk;  // touched only by the worker's jobs
    Deliver m_deliver;
    Worker m_worker;
    // Last: its events reach the worker, so it stops before the worker does.
    std::unique_ptr<printer::UsbHotplug> m_hotplug;
};

}  // namespace madoguchi
