#pragma once
// End of the business day: a ticket still waiting when its day (Tokyo) is over will never be
// called, so the hourly sweep closes it — state cancelled and an "end_of_day" event row — and the
// statistics and exports see the day as finished.
#include <cstdint>

#include "server/database.hpp"
#include "server/ticket.hpp"

namespace madoguchi::server {

inline constexpr const char* k_end_of_day_event = "end_of_day";

// Closes the waiting tickets of every business day before `now`'s; returns how many.
Stored<std::int64_t> close_past_days(Database& database, TimePoint now);

}  // namespace madoguchi::server
