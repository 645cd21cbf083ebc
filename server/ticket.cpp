#include "ticket.hpp"

#include <array>
#include <cstdio>

namespace madoguchi::server {
namespace {

constexpr std::array k_state_names{"waiting", "called", "serving", "done", "no_show", "transferred", "cancelled"};

}  // namespace

std::string_view state_name(TicketState state) {
    return k_state_names.at(static_cast<std::size_t>(state));
}

std::optional<TicketState> parse_state(std::string_view name) {
    for (std::size_t i = 0; i < k_state_names.size(); ++i) {
        if (name == k_state_names[i]) {
            return static_cast<TicketState>(i);
        }
    }
    return std::nullopt;
}

std::string_view action_name(Action action) {
    switch (action) {
        case Action::call:
            return "called";
        case Action::recall:
            return "recalled";
        case Action::start:
            return "serving";
        case Action::finish:
            return "done";
        case Action::no_show:
            return "no_show";
        case Action::transfer:
            return "transferred";
        case Action::cancel:
            return "cancelled";
    }
    return "unknown";
}

std::optional<TicketState> next_state(TicketState from, Action action) {
    switch (action) {
        case Action::call:
            return from == TicketState::waiting ? std::optional(TicketState::called) : std::nullopt;
        case Action::recall:
            return from == TicketState::called ? std::optional(TicketState::called) : std::nullopt;
        case Action::start:
            return from == TicketState::called ? std::optional(TicketState::serving) : std::nullopt;
        case Action::finish:
            return from == TicketState::called || from == TicketState::serving ? std::optional(TicketState::done)
                                                                               : std::nullopt;
        case Action::no_show:
            return from == TicketState::called ? std::optional(TicketState::no_show) : std::nullopt;
        case Action::transfer:
            return from == TicketState::called || from == TicketState::serving ? std::optional(TicketState::transferred)
                                                                               : std::nullopt;
        case Action::cancel:
            return from == TicketState::waiting || from == TicketState::called ? std::optional(TicketState::cancelled)
                                                                               : std::nullopt;
    }
    return std::nullopt;
}

bool is_final(TicketState state) {
    return state == TicketState::done || state == TicketState::no_show || state == TicketState::transferred ||
           state == TicketState::cancelled;
}

std::string format_number(std::string_view band, std::int64_t number) {
    std::array<char, 32> digits{};
    std::snprintf(digits.data(), digits.size(), "%03lld", static_cast<long long>(number));
    std::string text(band);
    text += '-';
    text += digits.data();
    return text;
}

std::int64_t to_millis(TimePoint time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

std::string_view policy_name(PolicyKind kind) {
    switch (kind) {
        case PolicyKind::strict:
            return "strict";
        case PolicyKind::alternate:
            return "alternate";
        case PolicyKind::weighted:
            return "weighted";
    }
    return "strict";
}

std::optional<PolicyKind> parse_policy(std::string_view name) {
    for (PolicyKind kind : {PolicyKind::strict, PolicyKind::alternate, PolicyKind::weighted}) {
        if (name == policy_name(kind)) {
            return kind;
        }
    }
    return std::nullopt;
}

Pick choose_next(const PriorityPolicy& policy, std::optional<std::int64_t> oldest_priority_ms,
                 std::optional<std::int64_t> oldest_regular_ms, std::int64_t regular_streak, std::int64_t now_ms) {
    if (!oldest_priority_ms && !oldest_regular_ms) {
        return Pick::none;
    }
    if (!oldest_priority_ms) {
        return Pick::regular;
    }
    if (!oldest_regular_ms) {
        return Pick::priority;
    }
    switch (policy.kind) {
        case PolicyKind::strict:
            return Pick::priority;
        case PolicyKind::alternate:
            return regular_streak >= policy.regular_per_priority ? Pick::priority : Pick::regular;
        case PolicyKind::weighted: {
            const double priority_wait = static_cast<double>(now_ms - *oldest_priority_ms) * policy.priority_weight;
            const double regular_wait = static_cast<double>(now_ms - *oldest_regular_ms);
            return priority_wait >= regular_wait ? Pick::priority : Pick::regular;
        }
    }
    return Pick::priority;
}

}  // namespace madoguchi::server
