#pragma once
// The floor console's ticket desk: a staff member logs in (the counter's staff log-in, same
// endpoint, same token kept on the client in memory), then cancels or reprints today's waiting
// and called tickets. The list comes from the queue feed (the queue read at each connection, then
// the event stream); requests run on a worker thread and their answers come back through the main
// queue. A reprint fetches the ticket's printable data from the server (audited there) and prints
// it on this console's receipt printer through `TicketReprinter`.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "counter_picture.hpp"
#include "floor_tickets_picture.hpp"
#include "main_queue.hpp"
#include "server_client.hpp"
#include "staff_login.hpp"
#include "ticket.hpp"

namespace madoguchi {
class Translator;
}

namespace madoguchi {

// Prints an issued ticket on the console's printer, on the desk's worker thread, in the
// console's language beside Japanese.
using TicketReprinter = std::function<Result<void, TicketError>(const IssuedTicket& ticket, const std::string& language)>;

// The console's receipt printer as `[printer]` and `[printer] profile` describe it, opened for
// each reprint (a printer plugged in or fixed later is found). Empty when the services, the
// profile or the fonts cannot be loaded: the error is logged and reprints say no printer.
// `translator` outlives the reprinter.
TicketReprinter receipt_reprinter(const TerminalConfig& config, const Translator& translator);

class FloorTicketDesk {
public:
    // `reprinter` empty: no printer set up on this console; a reprint says so and asks nothing.
    FloorTicketDesk(ServerEndpoint endpoint, MainQueue& results, TicketReprinter reprinter);
    ~FloorTicketDesk();
    FloorTicketDesk(const FloorTicketDesk&) = delete;
    FloorTicketDesk& operator=(const FloorTicketDesk&) = delete;

    void type_staff_id(char digit);
    void erase_staff_id() { m_credentials.erase_staff_id(); }
    void type_password(char character);
    void erase_password() { m_credentials.erase_password(); }
    void log_in();
    void log_out();

    void cancel(const std::string& ticket_id);
    void reprint(const std::string& ticket_id, const std::string& language);

    // The queue feed's news.
    void apply_snapshot(const QueueSnapshot& snapshot);
    void apply_ticket(const QueueTicket& ticket);
    void set_connected(bool connected) { m_connected = connected; }

    bool logged_in() const { return m_logged_in; }
    bool waiting_for_server() const { return m_pending > 0; }
    CounterNotice login_notice() const { return m_login_notice; }
    const std::string& staff_id() const { return m_credentials.staff_id(); }
    std::size_t password_length() const { return m_credentials.password_length(); }
    bool connected() const { return m_connected; }
    // Waiting in issue order, then those called to a counter.
    std::vector<QueueTicket> tickets() const;
    const QueueTicket* find(const std::string& ticket_id) const;
    const std::optional<FloorTicketOutcome>& outcome() const { return m_outcome; }

private:
    struct Answer {
        int status = 0;  // 0: no answer
        std::string error;
        std::optional<IssuedTicket> ticket;  // a reprint's printable ticket
        std::optional<TicketError> print_error;
        bool readable = true;
    };

    void on_login(unsigned generation, const StaffLoginAnswer& answer);
    void act(FloorTicketAction action, const std::string& ticket_id, const std::string& language);
    void on_answer(unsigned generation, FloorTicketAction action, const std::string& number, const Answer& answer);

    MainQueue& m_results;
    TicketReprinter m_reprinter;
    StaffCredentials m_credentials;
    bool m_logged_in = false;
    CounterNotice m_login_notice = CounterNotice::none;
    int m_pending = 0;
    bool m_connected = false;
    std::vector<QueueTicket> m_waiting;
    std::vector<QueueTicket> m_called;
    std::optional<FloorTicketOutcome> m_outcome;
    // Bumped at each log-out: answers to requests of an earlier staff session are dropped.
    unsigned m_generation = 0;
    std::shared_ptr<FloorTicketDesk*> m_self;
    std::unique_ptr<StaffLine> m_line;  // the worker's client; touched only on the worker thread
    std::unique_ptr<Worker> m_worker;
};

}  // namespace madoguchi
