#pragma once
// The queue's domain rules, free of storage and HTTP so that they can be tested alone: the ticket
// life cycle, the number bands, the business day and the priority policy.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/number_block.hpp"

namespace madoguchi::server {

enum class TicketState { waiting, called, serving, done, no_show, transferred, cancelled };

std::string_view state_name(TicketState state);
std::optional<TicketState> parse_state(std::string_view name);

enum class Action { call, recall, start, finish, no_show, transfer, cancel };

std::string_view action_name(Action action);

// The state a ticket moves to, or nothing when the action is not allowed from `from`. A recall
// keeps the ticket called; it is still a transition because it is an event the display shows.
std::optional<TicketState> next_state(TicketState from, Action action);

bool is_final(TicketState state);

// "A-001": the band, a dash and at least three digits.
std::string format_number(std::string_view band, std::int64_t number);

using TimePoint = std::chrono::system_clock::time_point;

std::int64_t to_millis(TimePoint time);

// The business day in Japan, "YYYY-MM-DD" (kiosk/number_block): ticket numbers start again each
// day at midnight in Tokyo, not UTC, on the server and in a kiosk's offline blocks alike.
using ::madoguchi::tokyo_day;

enum class PolicyKind { strict, alternate, weighted };

std::string_view policy_name(PolicyKind kind);
std::optional<PolicyKind> parse_policy(std::string_view name);

struct PriorityPolicy {
    PolicyKind kind = PolicyKind::alternate;
    // alternate: after this many regular calls in a row, a waiting priority ticket goes next.
    std::int64_t regular_per_priority = 2;
    // weighted: a priority ticket's waiting time counts this many times over.
    double priority_weight = 2.0;
};

enum class Pick { none, priority, regular };

// Which kind of ticket a counter calls next. The oldest waiting ticket of each kind is given as
// its issue time; `regular_streak` is how many regular tickets were called since the last
// priority one.
Pick choose_next(const PriorityPolicy& policy, std::optional<std::int64_t> oldest_priority_ms,
                 std::optional<std::int64_t> oldest_regular_ms, std::int64_t regular_streak, std::int64_t now_ms);

}  // namespace madoguchi::server
