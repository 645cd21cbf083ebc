#include "counter_desk.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "config.hpp"
#include "drivers/card/my_number_data.hpp"
#include "log.hpp"

namespace madoguchi {

namespace {

std::span<const std::uint8_t> bytes_of(const std::string& text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

bool at_counter(TicketState state) {
    return state == TicketState::called || state == TicketState::serving;
}

}  // namespace

CounterDesk::CounterDesk(ServerEndpoint endpoint, CounterSettings settings, MainQueue& results)
    : m_settings(std::move(settings)),
      m_results(results),
      m_counter(m_settings.counter),
      m_services(m_settings.services),
      m_self(std::make_shared<CounterDesk*>(this)),
      m_line(std::make_unique<StaffLine>(StaffLine{std::move(endpoint), std::nullopt})),
      m_worker(std::make_unique<Worker>(results)) {}

CounterDesk::~CounterDesk() { m_worker.reset(); }

void CounterDesk::type_staff_id(char digit) {
    if (m_stage == CounterStage::login) {
        m_credentials.type_staff_id(digit);
    }
}

void CounterDesk::erase_staff_id() { m_credentials.erase_staff_id(); }

void CounterDesk::type_password(char character) {
    if (m_stage == CounterStage::login) {
        m_credentials.type_password(character);
    }
}

void CounterDesk::erase_password() { m_credentials.erase_password(); }

void CounterDesk::log_in() {
    if (m_stage != CounterStage::login || m_pending > 0 || !m_credentials.complete()) {
        return;
    }
    m_notice = CounterNotice::none;
    ++m_pending;
    log::info("counter_login", {{"staff", staff_id()}});
    m_worker->submit([line = m_line.get(), self = std::weak_ptr(m_self), generation = m_generation,
                      staff = staff_id(), password = m_credentials.take_password()]() mutable -> MainQueue::Task {
        const StaffLoginAnswer answer = line->log_in(staff, password);
        return [self, generation, answer] {
            if (auto desk = self.lock()) {
                (*desk)->on_login(generation, answer);
            }
        };
    });
}

void CounterDesk::on_login(unsigned generation, const StaffLoginAnswer& answer) {
    --m_pending;
    if (generation != m_generation) {
        return;
    }
    if (answer.accepted()) {
        log::info("counter_logged_in", {{"staff", staff_id()}});
        if (m_counter.empty()) {
            m_stage = CounterStage::choose_counter;
        } else {
            start_working(Clock::now());
        }
        return;
    }
    log::warn("counter_login_refused",
              {{"staff", staff_id()}, {"status", std::to_string(answer.status)}, {"detail", answer.error}});
    m_notice = staff_login_notice(answer);
}

void CounterDesk::log_out() {
    if (m_stage == CounterStage::working) {
        report_opening("close");
    }
    ++m_generation;
    log::info("counter_logged_out", {{"staff", staff_id()}, {"counter", m_counter}});
    m_stage = CounterStage::login;
    m_notice = CounterNotice::none;
    m_credentials.clear();
    m_counter = m_settings.counter;
    m_services = m_settings.services;
    release_ticket();
    m_transferred.reset();
    m_counters.clear();
    // The client holding the staff session goes; the next log-in makes a fresh one.
    m_worker->submit([line = m_line.get()]() -> MainQueue::Task {
        line->client.reset();
        return [] {};
    });
}

bool CounterDesk::choose_counter(const std::string& counter) {
    if (m_stage != CounterStage::choose_counter || !is_api_id(counter)) {
        return false;
    }
    m_counter = counter;
    return true;
}

void CounterDesk::toggle_service(const std::string& service) {
    if (m_stage != CounterStage::choose_counter || !is_api_id(service)) {
        return;
    }
    if (const auto found = std::ranges::find(m_services, service); found != m_services.end()) {
        m_services.erase(found);
    } else {
        m_services.push_back(service);
    }
}

void CounterDesk::open_counter() {
    if (m_stage == CounterStage::choose_counter && !m_counter.empty()) {
        start_working(Clock::now());
    }
}

void CounterDesk::start_working(Clock::time_point now) {
    m_stage = CounterStage::working;
    log::info("counter_opened", {{"counter", m_counter}});
    report_opening("open");
    // A ticket this counter still holds (from before a log-out or a restart) is taken up again.
    for (const DisplayCall& call : m_board.at_counters()) {
        if (call.counter == m_counter) {
            hold(QueueTicket{call.ticket_id, call.number, call.service, false, call.state, call.counter,
                             call.server_updated_at_ms},
                 now);
        }
    }
}

void CounterDesk::report_opening(const char* action) {
    // Only for the transfer choices of other counters: a counter the server was not told about
    // still works, and becomes a choice at its first call.
    const std::string path = "/api/v1/sites/" + m_settings.site + "/counters/" + m_counter + "/" + action;
    m_worker->submit([line = m_line.get(), path, action = std::string(action)]() -> MainQueue::Task {
        std::string failure;
        if (auto client = line->connect(); !client) {
            failure = client.error().message;
        } else if (auto reply = (*client)->ask("POST", path, {}, ""); !reply) {
            failure = reply.error().message;
        } else if (reply->status != 200) {
            failure = "status " + std::to_string(reply->status);
        }
        if (!failure.empty()) {
            log::warn("counter_opening_not_reported", {{"action", action}, {"detail", failure}});
        }
        return [] {};
    });
}

void CounterDesk::call_next() {
    nlohmann::json body = nlohmann::json::object();
    if (!m_services.empty()) {
        body["services"] = m_services;
    }
    act("call-next", body.dump());
}

void CounterDesk::recall() {
    act("recall", "");
}

void CounterDesk::no_show(Clock::time_point now) {
    if (m_stage != CounterStage::working || m_pending > 0) {
        return;
    }
    if (!no_show_allowed(now)) {
        m_notice = m_ticket && m_ticket->state == TicketState::called ? CounterNotice::too_early
                                                                         : CounterNotice::wrong_state;
        return;
    }
    act("no-show", "");
}

void CounterDesk::transfer(const std::string& service, const std::string& counter, std::string& note) {
    const bool valid = (!service.empty() || !counter.empty()) && (service.empty() || is_api_id(service)) &&
                       (counter.empty() || is_api_id(counter));
    if (!valid) {
        card::wipe_string(note);
        m_notice = service.empty() ? CounterNotice::unknown_counter : CounterNotice::unknown_service;
        return;
    }
    nlohmann::json body = nlohmann::json::object();
    if (!service.empty()) {
        body["service"] = service;
    }
    if (!counter.empty()) {
        body["counter"] = counter;
    }
    if (!note.empty()) {
        body["note"] = "";
        body["note"].get_ref<std::string&>().swap(note);
    }
    std::string sent = body.dump();
    if (body.contains("note")) {
        card::wipe_string(body["note"].get_ref<std::string&>());
    }
    act("transfer", std::move(sent));
}

void CounterDesk::load_counters() {
    if (m_stage != CounterStage::working) {
        return;
    }
    const std::string path = "/api/v1/sites/" + m_settings.site + "/overview";
    m_worker->submit([line = m_line.get(), self = std::weak_ptr(m_self), generation = m_generation,
                      path]() -> MainQueue::Task {
        std::vector<std::string> counters;
        if (auto client = line->connect()) {
            if (auto reply = (*client)->ask("GET", path, {}, ""); reply && reply->status == 200) {
                const auto parsed = nlohmann::json::parse(reply->body, nullptr, false);
                if (parsed.is_object() && parsed.contains("counters") && parsed["counters"].is_array()) {
                    for (const auto& counter : parsed["counters"]) {
                        if (counter.is_string() && is_api_id(counter.get<std::string>())) {
                            counters.push_back(counter.get<std::string>());
                        }
                    }
                }
            }
        }
        return [self, generation, counters = std::move(counters)]() mutable {
            if (auto desk = self.lock(); desk && (*desk)->m_generation == generation) {
                std::erase(counters, (*desk)->m_counter);
                (*desk)->m_counters = std::move(counters);
            }
        };
    });
}

void CounterDesk::finish() {
    act("finish", "");
}

void CounterDesk::act(const std::string& action, std::string body) {
    if (m_stage != CounterStage::working || m_pending > 0) {
        return;
    }
    m_notice = CounterNotice::none;
    m_transferred.reset();
    ++m_pending;
    const std::string path = "/api/v1/sites/" + m_settings.site + "/counters/" + m_counter + "/" + action;
    m_worker->submit([line = m_line.get(), self = std::weak_ptr(m_self), generation = m_generation, path,
                      body = std::move(body)]() mutable -> MainQueue::Task {
        Answer answer;
        auto client = line->connect();
        if (!client) {
            answer.error = client.error().message;
        } else {
            auto reply = (*client)->ask("POST", path, bytes_of(body), "");
            // A transfer's body carries its note: sent once, then gone.
            card::wipe_string(body);
            if (!reply) {
                answer.error = reply.error().message;
            } else {
                answer.status = reply->status;
                auto parsed = nlohmann::json::parse(reply->body, nullptr, false);
                if (reply->status == 200 && parsed.is_object() && parsed.contains("note") &&
                    parsed["note"].is_string()) {
                    auto& note = parsed["note"].get_ref<std::string&>();
                    answer.note = std::make_shared<card::SecureBytes>(note.begin(), note.end());
                    card::wipe_string(note);
                    card::wipe_string(reply->body);
                    parsed.erase("note");
                    reply->body = parsed.dump();
                }
                if (reply->status == 200) {
                    auto ticket = parse_ticket_envelope(reply->body);
                    answer.readable = ticket.has_value();
                    answer.ticket = ticket ? *ticket : std::nullopt;
                } else if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_string()) {
                    answer.error = parsed["error"].get<std::string>();
                }
            }
        }
        return [self, generation, answer] {
            if (auto desk = self.lock()) {
                (*desk)->on_action(generation, answer, Clock::now());
            }
        };
    });
}

void CounterDesk::with_session(SessionJob job) {
    m_worker->submit([line = m_line.get(), self = std::weak_ptr(m_self), generation = m_generation,
                      job = std::move(job)]() -> MainQueue::Task {
        auto client = line->connect();
        MainQueue::Task done = job(client ? *client : nullptr);
        return [self, generation, done = std::move(done)] {
            if (auto desk = self.lock(); desk && (*desk)->m_generation == generation && done) {
                done();
            }
        };
    });
}

void CounterDesk::on_action(unsigned generation, const Answer& answer, Clock::time_point now) {
    --m_pending;
    if (generation != m_generation) {
        return;
    }
    if (answer.status == 200 && answer.readable) {
        if (answer.ticket && answer.ticket->counter == m_counter && at_counter(answer.ticket->state)) {
            hold(*answer.ticket, now);
            if (answer.note) {
                m_note = *answer.note;
                OPENSSL_cleanse(answer.note->data(), answer.note->size());
            }
            log::info("counter_ticket", {{"counter", m_counter}, {"number", answer.ticket->number}});
        } else {
            m_notice = answer.ticket ? CounterNotice::none : CounterNotice::nobody_waiting;
            // Only a transfer answers with a ticket that waits: the new one, for another service
            // or counter.
            if (answer.ticket && answer.ticket->state == TicketState::waiting) {
                m_transferred = answer.ticket;
            }
            release_ticket();
        }
        return;
    }
    log::warn("counter_action_refused", {{"counter", m_counter},
                                         {"status", std::to_string(answer.status)},
                                         {"detail", answer.error}});
    switch (answer.status) {
        case 0: m_notice = CounterNotice::server_away; break;
        case 401:
            log_out();
            m_notice = CounterNotice::login_expired;
            break;
        case 403: m_notice = CounterNotice::forbidden; break;
        case 404:
            m_notice = CounterNotice::ticket_gone;
            release_ticket();
            break;
        case 409: m_notice = answer.error == "busy" ? CounterNotice::counter_busy : CounterNotice::wrong_state; break;
        case 422:
            m_notice = answer.error == "unknown_counter" ? CounterNotice::unknown_counter
                       : answer.error == "bad_note"      ? CounterNotice::bad_note
                                                         : CounterNotice::unknown_service;
            break;
        default: m_notice = CounterNotice::server_fault; break;
    }
}

void CounterDesk::release_ticket() {
    m_ticket.reset();
    m_called_at.reset();
    OPENSSL_cleanse(m_note.data(), m_note.size());
    m_note.clear();
}

void CounterDesk::hold(const QueueTicket& ticket, Clock::time_point now) {
    if (m_ticket && m_ticket->id != ticket.id) {
        release_ticket();
    }
    const bool new_call = !m_ticket || m_ticket->id != ticket.id || m_ticket->updated_at_ms != ticket.updated_at_ms;
    if (ticket.state == TicketState::called && (new_call || !m_called_at)) {
        // The call's age by the server's clock, so a desk that starts again keeps counting.
        const auto server_now = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch());
        const auto age =
            std::max(std::chrono::milliseconds(0), server_now - std::chrono::milliseconds(ticket.updated_at_ms));
        m_called_at = ticket.updated_at_ms != 0 ? now - age : now;
    }
    m_ticket = ticket;
}

void CounterDesk::apply_snapshot(const QueueSnapshot& snapshot, Clock::time_point now) {
    m_board.apply_snapshot(snapshot, now);
    if (m_stage != CounterStage::working) {
        return;
    }
    const auto mine = std::ranges::find_if(snapshot.at_counters, [&](const QueueTicket& ticket) {
        return ticket.counter == m_counter && at_counter(ticket.state);
    });
    if (mine != snapshot.at_counters.end()) {
        hold(*mine, now);
    } else {
        release_ticket();
    }
}

void CounterDesk::apply_ticket(const QueueTicket& ticket, Clock::time_point now) {
    m_board.apply_ticket(ticket, now);
    if (m_stage != CounterStage::working) {
        return;
    }
    if (ticket.counter == m_counter && at_counter(ticket.state)) {
        hold(ticket, now);
    } else if (m_ticket && m_ticket->id == ticket.id) {
        release_ticket();
    }
}

bool CounterDesk::serves(const std::string& service) const {
    return m_services.empty() || std::ranges::find(m_services, service) != m_services.end();
}

std::vector<WaitingCount> CounterDesk::waiting_counts() const {
    std::vector<WaitingCount> counts = m_board.waiting_counts();
    std::erase_if(counts, [&](const WaitingCount& count) { return !serves(count.service); });
    return counts;
}

bool CounterDesk::no_show_allowed(Clock::time_point now) const {
    return m_ticket && m_ticket->state == TicketState::called && m_called_at &&
           now - *m_called_at >= m_settings.no_show_after;
}

std::optional<Clock::time_point> CounterDesk::next_deadline(Clock::time_point now) const {
    if (m_ticket && m_ticket->state == TicketState::called && m_called_at && !no_show_allowed(now)) {
        return *m_called_at + m_settings.no_show_after;
    }
    return std::nullopt;
}

}  // namespace madoguchi
