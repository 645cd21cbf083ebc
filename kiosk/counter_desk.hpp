#pragma once
// What a counter terminal knows and does: a staff member logs in (staff id and password), the
// counter and its services are chosen, then tickets are called, recalled, marked no-show,
// transferred and finished. Every request runs on a worker thread; its answer comes back through
// the main queue and changes the desk on the UI thread. The live queue comes from the queue
// feed, handed in through apply_snapshot / apply_ticket like the display's board.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "counter_picture.hpp"
#include "display_board.hpp"
#include "main_queue.hpp"
#include "queue_messages.hpp"
#include "server_client.hpp"
#include "staff_login.hpp"

namespace madoguchi {

struct CounterSettings {
    std::string site;
    std::string counter;                // empty: chosen after log-in
    std::vector<std::string> services;  // called at this counter; empty: every service
    std::chrono::minutes no_show_after{3};
};

class CounterDesk {
public:
    // Longest staff id and password accepted on screen; longer input is ignored, not cut.
    static constexpr std::size_t k_max_staff_id = StaffCredentials::k_max_staff_id;
    static constexpr std::size_t k_max_password = StaffCredentials::k_max_password;

    CounterDesk(ServerEndpoint endpoint, CounterSettings settings, MainQueue& results);
    ~CounterDesk();
    CounterDesk(const CounterDesk&) = delete;
    CounterDesk& operator=(const CounterDesk&) = delete;

    // Log-in. The staff id is typed on a number pad; the password on a touch or USB keyboard.
    void type_staff_id(char digit);
    void erase_staff_id();
    void type_password(char character);
    void erase_password();
    // Sends the log-in; the password is wiped as soon as it has been handed to the request.
    void log_in();
    void log_out();

    // After log-in when the configuration names no counter.
    bool choose_counter(const std::string& counter);
    void toggle_service(const std::string& service);
    void open_counter();

    void call_next();
    void recall();
    // Refused on the terminal (too_early) until the configured minutes since the call passed.
    void no_show(Clock::time_point now);
    // To `service`, to `counter`, or both (an empty one is not named); `note` (staff's words for
    // the receiving counter) is sent once and wiped here.
    void transfer(const std::string& service, const std::string& counter, std::string& note);
    // Asks the server which counters worked at the site today, for the transfer's choices.
    void load_counters();
    void finish();

    // Runs `job` on the desk's worker with the client that carries the staff session (null when
    // no client can be made); the task it returns runs on the UI thread, unless the staff logged
    // out meanwhile. For requests beside the queue's, such as reading a ticket's application.
    using SessionJob = std::function<MainQueue::Task(ServerClient* client)>;
    void with_session(SessionJob job);

    // The queue feed's news.
    void apply_snapshot(const QueueSnapshot& snapshot, Clock::time_point now);
    void apply_ticket(const QueueTicket& ticket, Clock::time_point now);
    void set_connected(bool connected) { m_board.set_connected(connected); }

    CounterStage stage() const { return m_stage; }
    bool waiting_for_server() const { return m_pending > 0; }
    CounterNotice notice() const { return m_notice; }
    const std::string& staff_id() const { return m_credentials.staff_id(); }
    std::size_t password_length() const { return m_credentials.password_length(); }
    const std::string& counter() const { return m_counter; }
    const std::vector<std::string>& services() const { return m_services; }
    const std::optional<QueueTicket>& ticket() const { return m_ticket; }
    // The ticket the last transfer queued, under its new number, for staff to tell the citizen;
    // until the next request.
    const std::optional<QueueTicket>& transferred() const { return m_transferred; }
    // The other counters a ticket can be transferred to (load_counters), in name order.
    const std::vector<std::string>& counters() const { return m_counters; }
    // The note the transferring counter sent with the ticket held here; empty when none. It is
    // wiped when the ticket leaves the counter and at log-out.
    std::string_view note() const {
        return {reinterpret_cast<const char*>(m_note.data()), m_note.size()};
    }
    const DisplayBoard& queue() const { return m_board; }
    // Waiting tickets for this counter's services only.
    std::vector<WaitingCount> waiting_counts() const;
    bool no_show_allowed(Clock::time_point now) const;
    // When No-show becomes allowed, so the screen redraws then.
    std::optional<Clock::time_point> next_deadline(Clock::time_point now) const;

private:
    struct Answer {
        int status = 0;     // 0: no answer
        std::string error;  // the server's error code when it refused, or why there was no answer
        std::optional<QueueTicket> ticket;
        bool readable = true;
        // A call's transfer note; shared, so that the copies the answer makes are one buffer.
        std::shared_ptr<card::SecureBytes> note;
    };

    void act(const std::string& action, std::string body);
    // Tells the server the counter opened or closed ("open", "close"), so that other counters can
    // transfer to it before its first call.
    void report_opening(const char* action);
    void on_login(unsigned generation, const StaffLoginAnswer& answer);
    void start_working(Clock::time_point now);
    void on_action(unsigned generation, const Answer& answer, Clock::time_point now);
    void hold(const QueueTicket& ticket, Clock::time_point now);
    void release_ticket();
    bool serves(const std::string& service) const;

    CounterSettings m_settings;
    MainQueue& m_results;
    CounterStage m_stage = CounterStage::login;
    CounterNotice m_notice = CounterNotice::none;
    StaffCredentials m_credentials;
    std::string m_counter;
    std::vector<std::string> m_services;
    std::optional<QueueTicket> m_ticket;
    std::optional<QueueTicket> m_transferred;
    std::vector<std::string> m_counters;
    card::SecureBytes m_note;
    std::optional<Clock::time_point> m_called_at;
    DisplayBoard m_board;
    int m_pending = 0;
    // Bumped at each log-out: answers to requests of an earlier staff session are dropped.
    unsigned m_generation = 0;
    // Answers find the desk through this, so one delivered after the desk is gone does nothing.
    std::shared_ptr<CounterDesk*> m_self;
    std::unique_ptr<StaffLine> m_line;  // the worker's client; touched only on the worker thread
    std::unique_ptr<Worker> m_worker;
};

}  // namespace madoguchi
