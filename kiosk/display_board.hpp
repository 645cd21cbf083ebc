#pragma once
// What the waiting-room display knows: the tickets at counters (newest call first), the last
// calls, how many wait for each service, and whether the server is there. It has no citizen
// session; the queue feed keeps it current and it says which calls are to be announced.
#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "queue_messages.hpp"

namespace madoguchi {

using Clock = std::chrono::steady_clock;

struct DisplayCall {
    std::string ticket_id;
    std::string number;
    std::string service;
    std::string counter;
    TicketState state = TicketState::called;
    // When this display saw the call; empty for calls it learned from a queue read at start-up.
    std::optional<Clock::time_point> called_at;
    std::int64_t server_updated_at_ms = 0;
};

struct Announcement {
    std::string number;
    std::string counter;
};

struct WaitingCount {
    std::string service;
    std::string band;  // the letter before the number ("A" of A-012), what a citizen's ticket shows
    int waiting = 0;
};

struct DisplaySettings {
    std::chrono::seconds highlight{10};
    std::size_t recent_calls = 8;
};

class DisplayBoard {
public:
    explicit DisplayBoard(DisplaySettings settings = {}) : m_settings(settings) {}

    // The whole queue, at each (re)connection. The first one announces nothing (those calls were
    // made before the display started); later ones announce the calls made while it was away.
    std::vector<Announcement> apply_snapshot(const QueueSnapshot& snapshot, Clock::time_point now);
    // One ticket changed. A call, or a call again (recall) of a ticket at the same counter, is
    // announced; the same call already learned from a queue read is not.
    std::optional<Announcement> apply_ticket(const QueueTicket& ticket, Clock::time_point now);
    void set_connected(bool connected) { m_connected = connected; }

    bool connected() const { return m_connected; }
    bool synchronised() const { return m_synchronised; }
    const std::vector<DisplayCall>& at_counters() const { return m_at_counters; }
    const std::deque<DisplayCall>& recent_calls() const { return m_recent; }
    std::vector<WaitingCount> waiting_counts() const;
    bool highlighted(const DisplayCall& call, Clock::time_point now) const;
    // When a highlight ends and the picture must change.
    std::optional<Clock::time_point> next_deadline(Clock::time_point now) const;

private:
    std::optional<Announcement> call(const QueueTicket& ticket, Clock::time_point now);
    void remember_service(const QueueTicket& ticket);

    DisplaySettings m_settings;
    bool m_connected = false;
    bool m_synchronised = false;
    std::vector<DisplayCall> m_at_counters;
    std::deque<DisplayCall> m_recent;
    std::map<std::string, std::string> m_waiting;  // ticket id → service
    std::map<std::string, std::string> m_bands;    // service → band, for every service seen today
};

// "A-012" → "A": the letters before the first digit or hyphen.
std::string ticket_band(std::string_view number);

}  // namespace madoguchi
