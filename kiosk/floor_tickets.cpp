#include "floor_tickets.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "log.hpp"
#include "paths.hpp"
#include "receipt_printer.hpp"
#include "ticket_issuer.hpp"
#include "ticket_parts.hpp"

namespace madoguchi {

namespace {

bool listed(TicketState state) { return state == TicketState::waiting || state == TicketState::called; }

FloorTicketResult result_for(TicketError error) {
    switch (error) {
        case TicketError::no_printer: return FloorTicketResult::no_printer;
        case TicketError::paper_out: return FloorTicketResult::paper_out;
        case TicketError::cover_open: return FloorTicketResult::cover_open;
        case TicketError::printer_offline: return FloorTicketResult::printer_offline;
        case TicketError::printer_failed: return FloorTicketResult::printer_failed;
        case TicketError::server_unreachable: return FloorTicketResult::server_away;
        case TicketError::server_busy:
        case TicketError::server_refused:
        case TicketError::bad_reply:
        case TicketError::terminal_fault: return FloorTicketResult::server_fault;
    }
    return FloorTicketResult::server_fault;
}

const char* action_name(FloorTicketAction action) {
    return action == FloorTicketAction::cancel ? "cancel" : "reprint";
}

}  // namespace

TicketReprinter receipt_reprinter(const TerminalConfig& config, const Translator& translator) {
    auto parts = load_ticket_parts(config);
    if (!parts) {
        log::error("floor_printer_unavailable", {{"detail", parts.error()}});
        return {};
    }
    auto shared = std::make_shared<const TicketParts>(std::move(*parts));
    return [connection = config.printer, shared, &translator](const IssuedTicket& ticket,
                                                               const std::string& language) -> Result<void, TicketError> {
        auto printer = open_receipt_printer(connection, shared->profile, printer_profiles_dir(data_dir()));
        if (!printer) {
            return fail(ticket_error_for(printer.error().code), printer.error().message);
        }
        return print_ticket_again(*printer, ticket, *shared, translator, language);
    };
}

FloorTicketDesk::FloorTicketDesk(ServerEndpoint endpoint, MainQueue& results, TicketReprinter reprinter)
    : m_results(results),
      m_reprinter(std::move(reprinter)),
      m_self(std::make_shared<FloorTicketDesk*>(this)),
      m_line(std::make_unique<StaffLine>(StaffLine{std::move(endpoint), std::nullopt})),
      m_worker(std::make_unique<Worker>(results)) {}

FloorTicketDesk::~FloorTicketDesk() { m_worker.reset(); }

void FloorTicketDesk::type_staff_id(char digit) {
    if (!m_logged_in) {
        m_credentials.type_staff_id(digit);
    }
}

void FloorTicketDesk::type_password(char character) {
    if (!m_logged_in) {
        m_credentials.type_password(character);
    }
}

void FloorTicketDesk::log_in() {
    if (m_logged_in || m_pending > 0 || !m_credentials.complete()) {
        return;
    }
    m_login_notice = CounterNotice::none;
    ++m_pending;
    log::info("floor_login", {{"staff", staff_id()}});
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

void FloorTicketDesk::on_login(unsigned generation, const StaffLoginAnswer& answer) {
    --m_pending;
    if (generation != m_generation) {
        return;
    }
    if (answer.accepted()) {
        m_logged_in = true;
        m_outcome.reset();
        log::info("floor_logged_in", {{"staff", staff_id()}});
        return;
    }
    log::warn("floor_login_refused",
              {{"staff", staff_id()}, {"status", std::to_string(answer.status)}, {"detail", answer.error}});
    m_login_notice = staff_login_notice(answer);
}

void FloorTicketDesk::log_out() {
    ++m_generation;
    log::info("floor_logged_out", {{"staff", staff_id()}});
    m_logged_in = false;
    m_login_notice = CounterNotice::none;
    m_credentials.clear();
    m_outcome.reset();
    // The client holding the staff session goes; the next log-in makes a fresh one.
    m_worker->submit([line = m_line.get()]() -> MainQueue::Task {
        line->client.reset();
        return [] {};
    });
}

void FloorTicketDesk::cancel(const std::string& ticket_id) { act(FloorTicketAction::cancel, ticket_id, {}); }

void FloorTicketDesk::reprint(const std::string& ticket_id, const std::string& language) {
    act(FloorTicketAction::reprint, ticket_id, language);
}

void FloorTicketDesk::act(FloorTicketAction action, const std::string& ticket_id, const std::string& language) {
    const QueueTicket* ticket = find(ticket_id);
    if (!m_logged_in || m_pending > 0 || ticket == nullptr) {
        return;
    }
    const std::string number = ticket->number;
    if (action == FloorTicketAction::reprint && !m_reprinter) {
        // Nothing asked of the server: no audited reprint for a ticket that cannot be printed.
        m_outcome = FloorTicketOutcome{action, number, FloorTicketResult::no_printer};
        return;
    }
    m_outcome.reset();
    ++m_pending;
    log::info("floor_ticket_action", {{"action", action_name(action)}, {"staff", staff_id()}, {"number", number}});
    const std::string path = "/api/v1/tickets/" + ticket_id + "/" + action_name(action);
    m_worker->submit([line = m_line.get(), self = std::weak_ptr(m_self), generation = m_generation, action, number,
                      path, language, reprinter = m_reprinter]() -> MainQueue::Task {
        Answer answer;
        auto client = line->connect();
        if (!client) {
            answer.error = client.error().message;
        } else if (auto reply = (*client)->ask("POST", path, {}, ""); !reply) {
            answer.error = reply.error().message;
        } else {
            answer.status = reply->status;
            const auto parsed = nlohmann::json::parse(reply->body, nullptr, false);
            if (reply->status != 200 && parsed.is_object() && parsed.contains("error") && parsed["error"].is_string()) {
                answer.error = parsed["error"].get<std::string>();
            } else if (reply->status == 200 && action == FloorTicketAction::reprint) {
                auto issued = parse_issued_ticket(reply->body);
                answer.readable = issued.has_value();
                if (issued) {
                    if (auto printed = reprinter(*issued, language); !printed) {
                        answer.print_error = printed.error().code;
                        answer.error = printed.error().message;
                    }
                }
            }
        }
        return [self, generation, action, number, answer] {
            if (auto desk = self.lock()) {
                (*desk)->on_answer(generation, action, number, answer);
            }
        };
    });
}

void FloorTicketDesk::on_answer(unsigned generation, FloorTicketAction action, const std::string& number,
                                const Answer& answer) {
    --m_pending;
    if (generation != m_generation) {
        return;
    }
    FloorTicketResult result = FloorTicketResult::done;
    switch (answer.status) {
        case 0: result = FloorTicketResult::server_away; break;
        case 200:
            result = !answer.readable  ? FloorTicketResult::server_fault
                     : answer.print_error ? result_for(*answer.print_error)
                                          : FloorTicketResult::done;
            break;
        case 401: result = FloorTicketResult::login_expired; break;
        case 403: result = FloorTicketResult::not_allowed; break;
        case 404: result = FloorTicketResult::not_found; break;
        case 409: result = FloorTicketResult::already_over; break;
        default: result = FloorTicketResult::server_fault; break;
    }
    if (result != FloorTicketResult::done) {
        log::warn("floor_ticket_action_failed", {{"action", action_name(action)},
                                                 {"number", number},
                                                 {"status", std::to_string(answer.status)},
                                                 {"detail", answer.error}});
    }
    if (result == FloorTicketResult::login_expired) {
        log_out();
        m_login_notice = CounterNotice::login_expired;
        return;
    }
    m_outcome = FloorTicketOutcome{action, number, result};
}

void FloorTicketDesk::apply_snapshot(const QueueSnapshot& snapshot) {
    m_waiting.clear();
    m_called.clear();
    for (const QueueTicket& ticket : snapshot.waiting) {
        if (ticket.state == TicketState::waiting) {
            m_waiting.push_back(ticket);
        }
    }
    for (const QueueTicket& ticket : snapshot.at_counters) {
        if (ticket.state == TicketState::called) {
            m_called.push_back(ticket);
        }
    }
}

void FloorTicketDesk::apply_ticket(const QueueTicket& ticket) {
    const auto same = [&](const QueueTicket& listed_ticket) { return listed_ticket.id == ticket.id; };
    std::erase_if(m_waiting, same);
    std::erase_if(m_called, same);
    if (!listed(ticket.state)) {
        return;
    }
    // A new ticket or one transferred here joins the end of the waiting list, as in issue order.
    (ticket.state == TicketState::waiting ? m_waiting : m_called).push_back(ticket);
}

std::vector<QueueTicket> FloorTicketDesk::tickets() const {
    std::vector<QueueTicket> all = m_waiting;
    all.insert(all.end(), m_called.begin(), m_called.end());
    return all;
}

const QueueTicket* FloorTicketDesk::find(const std::string& ticket_id) const {
    for (const auto* list : {&m_waiting, &m_called}) {
        const auto found = std::ranges::find(*list, ticket_id, &QueueTicket::id);
        if (found != list->end()) {
            return &*found;
        }
    }
    return nullptr;
}

}  // namespace madoguchi
