#include "display_board.hpp"

#include <algorithm>

namespace madoguchi {
namespace {

bool at_counter(TicketState state) {
    return state == TicketState::called || state == TicketState::serving;
}

DisplayCall to_call(const QueueTicket& ticket, std::optional<Clock::time_point> called_at) {
    return DisplayCall{ticket.id,    ticket.number, ticket.service,        ticket.counter.value_or(""),
                       ticket.state, called_at,     ticket.updated_at_ms};
}

}  // namespace

std::string ticket_band(std::string_view number) {
    const auto end =
        std::find_if(number.begin(), number.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
    return std::string(number.begin(), end);
}

void DisplayBoard::remember_service(const QueueTicket& ticket) {
    m_bands.try_emplace(ticket.service, ticket_band(ticket.number));
}

std::vector<Announcement> DisplayBoard::apply_snapshot(const QueueSnapshot& snapshot, Clock::time_point now) {
    std::vector<Announcement> announcements;
    m_waiting.clear();
    for (const QueueTicket& ticket : snapshot.waiting) {
        m_waiting[ticket.id] = ticket.service;
        remember_service(ticket);
    }
    std::vector<DisplayCall> previous = std::move(m_at_counters);
    m_at_counters.clear();
    for (const QueueTicket& ticket : snapshot.at_counters) {
        if (!at_counter(ticket.state)) {
            continue;
        }
        remember_service(ticket);
        const auto known = std::find_if(previous.begin(), previous.end(), [&](const DisplayCall& call) {
            return call.ticket_id == ticket.id && call.counter == ticket.counter;
        });
        if (known != previous.end()) {
            DisplayCall kept = *known;
            kept.state = ticket.state;
            m_at_counters.push_back(std::move(kept));
        } else if (m_synchronised && ticket.state == TicketState::called) {
            m_at_counters.push_back(to_call(ticket, now));
            m_recent.push_front(m_at_counters.back());
            announcements.push_back(Announcement{ticket.number, *ticket.counter});
        } else {
            m_at_counters.push_back(to_call(ticket, std::nullopt));
        }
    }
    // Newest call first; the ones from before start-up keep the server's (issue) order after them.
    std::stable_sort(m_at_counters.begin(), m_at_counters.end(), [](const DisplayCall& a, const DisplayCall& b) {
        return a.called_at.value_or(Clock::time_point::min()) > b.called_at.value_or(Clock::time_point::min());
    });
    while (m_recent.size() > m_settings.recent_calls) {
        m_recent.pop_back();
    }
    m_synchronised = true;
    return announcements;
}

std::optional<Announcement> DisplayBoard::apply_ticket(const QueueTicket& ticket, Clock::time_point now) {
    remember_service(ticket);
    m_waiting.erase(ticket.id);
    if (ticket.state == TicketState::waiting) {
        m_waiting[ticket.id] = ticket.service;
    }
    if (ticket.state == TicketState::called) {
        return call(ticket, now);
    }
    const auto found = std::find_if(m_at_counters.begin(), m_at_counters.end(),
                                    [&](const DisplayCall& call) { return call.ticket_id == ticket.id; });
    if (ticket.state == TicketState::serving) {
        if (found != m_at_counters.end()) {
            found->state = TicketState::serving;
            found->counter = ticket.counter.value_or(found->counter);
        } else {
            m_at_counters.push_back(to_call(ticket, std::nullopt));
        }
    } else if (found != m_at_counters.end()) {
        m_at_counters.erase(found);
    }
    return std::nullopt;
}

std::optional<Announcement> DisplayBoard::call(const QueueTicket& ticket, Clock::time_point now) {
    // The stream opens before the queue is read, so a call made in between arrives twice.
    const bool seen = std::any_of(m_at_counters.begin(), m_at_counters.end(), [&](const DisplayCall& call) {
        return call.ticket_id == ticket.id && call.counter == ticket.counter && call.state == TicketState::called &&
               ticket.updated_at_ms != 0 && call.server_updated_at_ms == ticket.updated_at_ms;
    });
    if (seen) {
        return std::nullopt;
    }
    std::erase_if(m_at_counters, [&](const DisplayCall& call) { return call.ticket_id == ticket.id; });
    m_at_counters.insert(m_at_counters.begin(), to_call(ticket, now));
    std::erase_if(m_recent, [&](const DisplayCall& call) { return call.ticket_id == ticket.id; });
    m_recent.push_front(m_at_counters.front());
    while (m_recent.size() > m_settings.recent_calls) {
        m_recent.pop_back();
    }
    return Announcement{ticket.number, *ticket.counter};
}

std::vector<WaitingCount> DisplayBoard::waiting_counts() const {
    std::vector<WaitingCount> counts;
    for (const auto& [service, band] : m_bands) {
        const auto waiting = std::count_if(m_waiting.begin(), m_waiting.end(),
                                           [&](const auto& entry) { return entry.second == service; });
        counts.push_back(WaitingCount{service, band, static_cast<int>(waiting)});
    }
    std::sort(counts.begin(), counts.end(), [](const WaitingCount& a, const WaitingCount& b) {
        return a.band != b.band ? a.band < b.band : a.service < b.service;
    });
    return counts;
}

bool DisplayBoard::highlighted(const DisplayCall& call, Clock::time_point now) const {
    return call.state == TicketState::called && call.called_at && now - *call.called_at < m_settings.highlight;
}

std::optional<Clock::time_point> DisplayBoard::next_deadline(Clock::time_point now) const {
    std::optional<Clock::time_point> next;
    for (const DisplayCall& call : m_at_counters) {
        if (highlighted(call, now)) {
            const auto ends = *call.called_at + m_settings.highlight;
            next = next ? std::min(*next, ends) : ends;
        }
    }
    return next;
}

}  // namespace madoguchi
