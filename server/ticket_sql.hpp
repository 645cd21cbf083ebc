#pragma once
// The statements every store that writes tickets shares (the queue and the offline blocks).
// Each runs inside the caller's transaction.
#include <optional>
#include <string>
#include <string_view>

#include "server/database.hpp"
#include "server/repository.hpp"

namespace madoguchi::server::ticket_sql {

inline constexpr std::string_view k_columns =
    "id, site, service, day, sequence, number, priority, state, counter, issued_at, updated_at, transferred_from, "
    "reserved_for, assisted";
inline constexpr std::size_t k_column_count = 14;

Ticket ticket_from(const SqlRow& row);
std::string select_tickets(std::string_view where);

// Every write to a site's queue starts here: the row update makes PostgreSQL hold the site's
// row lock until commit, so concurrent writers to one site take turns (SQLite's BEGIN IMMEDIATE
// does the same for the whole file). Returns the site's regular streak.
Stored<std::int64_t> lock_site(Statements& statements, const std::string& site);
// lock_site, sent with the statement after it (Statements::query_later); site_streak reads its
// answer once that statement was read: the streak, or not_found for an unknown site.
Stored<LaterRows> lock_site_later(Statements& statements, const std::string& site);
Stored<std::int64_t> site_streak(const LaterRows& locked);

struct Reserved {
    std::int64_t last_sequence = 0;
    // The service's tickets waiting on the day before the new ones: the people ahead of the
    // first. insert_ticket and set_state keep it on the number counter's row, so that the people
    // ahead are one row, not a count over the whole queue.
    std::int64_t waiting = 0;
};

// Takes the next `count` numbers of the service's day, in one statement that also refuses an
// unknown site (not_found) and reads the waiting count: issuing waits on the database once.
// `joining` of them join the queue now, counted in the same statement (insert them with
// WaitingCount::taken_with_number); the others (a leased block's) are counted when inserted.
Stored<Reserved> reserve_sequences(Statements& statements, const std::string& site, const std::string& service,
                                   const std::string& day, std::int64_t count, std::int64_t joining);

// Whether inserting a waiting ticket adds it to its service's waiting count, or reserve_sequences
// counted it already (one statement less for every ticket issued).
enum class WaitingCount { add, taken_with_number };

Stored<void> insert_ticket(Statements& statements, const Ticket& ticket, WaitingCount counted = WaitingCount::add);

// Moves the ticket to `state` (keeping its counter) and updates `ticket` to match. A ticket that
// ends loses its transfer note.
Stored<void> set_state(Statements& statements, Ticket& ticket, TicketState state, std::int64_t now_ms);

Stored<void> record_event(Statements& statements, const Ticket& ticket, std::string_view kind,
                          std::optional<TicketState> from, const std::string& actor, std::int64_t at_ms);

}  // namespace madoguchi::server::ticket_sql
