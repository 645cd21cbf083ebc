#include "day_close.hpp"

#include <string>
#include <vector>

#include "server/sql_helpers.hpp"
#include "server/ticket_sql.hpp"

namespace madoguchi::server {
namespace {

using namespace ticket_sql;
using Unexpected = std::unexpected<Error<StorageError>>;

// Who closed the ticket, in its event row: no terminal did.
constexpr const char* k_actor = "server/end_of_day";

}  // namespace

Stored<std::int64_t> close_past_days(Database& database, TimePoint now) {
    const std::string today = tokyo_day(now);
    const std::int64_t now_ms = to_millis(now);
    return in_transaction<std::int64_t>(database, [&](Statements& statements) -> Stored<std::int64_t> {
        auto sites = statements.query(
            "SELECT DISTINCT site FROM tickets WHERE state = 'waiting' AND day < ? ORDER BY site", {today});
        if (!sites) {
            return Unexpected(sites.error());
        }
        // Each site's queue lock, in one order, so that a counter calling at this moment waits
        // for the sweep instead of calling a ticket it is closing.
        for (const SqlRow& site : *sites) {
            if (auto locked = lock_site(statements, site.at(0).value_or("")); !locked) {
                return Unexpected(locked.error());
            }
        }
        auto rows = statements.query(select_tickets("state = 'waiting' AND day < ?"), {today});
        if (!rows) {
            return Unexpected(rows.error());
        }
        for (const SqlRow& row : *rows) {
            Ticket ticket = ticket_from(row);
            if (auto updated = set_state(statements, ticket, TicketState::cancelled, now_ms); !updated) {
                return Unexpected(updated.error());
            }
            if (auto event =
                    record_event(statements, ticket, k_end_of_day_event, TicketState::waiting, k_actor, now_ms);
                !event) {
                return Unexpected(event.error());
            }
        }
        // A ticket left at a counter keeps its state for staff to settle, but not its note.
        if (auto forgotten = statements.query("UPDATE tickets SET note = NULL WHERE note IS NOT NULL AND day < ?", {today});
            !forgotten) {
            return Unexpected(forgotten.error());
        }
        return static_cast<std::int64_t>(rows->size());
    });
}

}  // namespace madoguchi::server
