#include "ticket_sql.hpp"

#include <algorithm>

#include "server/sql_helpers.hpp"

namespace madoguchi::server::ticket_sql {
namespace {

using Unexpected = std::unexpected<Error<StorageError>>;

static_assert(std::ranges::count(k_columns, ',') + 1 == k_column_count);

constexpr std::string_view k_lock_site = "UPDATE sites SET writes = writes + 1 WHERE site = ? RETURNING regular_streak";

Stored<std::int64_t> streak_of(const std::vector<SqlRow>& rows) {
    if (rows.empty()) {
        return fail(StorageError::not_found, "unknown site");
    }
    return as_int(rows.front().at(0));
}

}  // namespace

Ticket ticket_from(const SqlRow& row) {
    Ticket ticket;
    ticket.id = row.at(0).value_or("");
    ticket.site = row.at(1).value_or("");
    ticket.service = row.at(2).value_or("");
    ticket.day = row.at(3).value_or("");
    ticket.sequence = as_int(row.at(4));
    ticket.number = row.at(5).value_or("");
    ticket.priority = as_int(row.at(6)) != 0;
    ticket.state = parse_state(row.at(7).value_or("")).value_or(TicketState::cancelled);
    ticket.counter = row.at(8);
    ticket.issued_at_ms = as_int(row.at(9));
    ticket.updated_at_ms = as_int(row.at(10));
    ticket.transferred_from = row.at(11);
    ticket.reserved_for = row.at(12);
    ticket.assisted = as_int(row.at(13)) != 0;
    return ticket;
}

std::string select_tickets(std::string_view where) {
    return "SELECT " + std::string(k_columns) + " FROM tickets WHERE " + std::string(where);
}

Stored<std::int64_t> lock_site(Statements& statements, const std::string& site) {
    auto rows = statements.query(k_lock_site, {site});
    if (!rows) {
        return Unexpected(rows.error());
    }
    return streak_of(*rows);
}

Stored<LaterRows> lock_site_later(Statements& statements, const std::string& site) {
    return statements.query_later(k_lock_site, {site});
}

Stored<std::int64_t> site_streak(const LaterRows& locked) {
    if (!*locked) {
        return fail(StorageError::failed, "the site's row was read before its answer came");
    }
    return streak_of(**locked);
}

Stored<Reserved> reserve_sequences(Statements& statements, const std::string& site, const std::string& service,
                                   const std::string& day, std::int64_t count, std::int64_t joining) {
    // The RETURNING row holds the values after the update, the new tickets counted.
    auto rows = statements.query(
        "INSERT INTO daily_counters (site, service, day, last, waiting) "
        "SELECT site, ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT) FROM sites WHERE site = ? "
        "ON CONFLICT (site, service, day) DO UPDATE SET last = daily_counters.last + ?, "
        "waiting = daily_counters.waiting + ? RETURNING last, waiting",
        {service, day, count, joining, site, count, joining});
    if (!rows) {
        return Unexpected(rows.error());
    }
    if (rows->empty()) {
        return fail(StorageError::not_found, "unknown site");
    }
    return Reserved{as_int(rows->front().at(0)), as_int(rows->front().at(1)) - joining};
}

namespace {

// A ticket came into (+1) or left (-1) its service's queue of the day. The row exists once the
// day's first number was taken, but a transferred or offline ticket may come first.
Stored<void> count_waiting(Statements& statements, const Ticket& ticket, std::int64_t change) {
    auto rows = statements.execute(
        "INSERT INTO daily_counters (site, service, day, last, waiting) VALUES (?, ?, ?, 0, ?) "
        "ON CONFLICT (site, service, day) DO UPDATE SET waiting = daily_counters.waiting + ?",
        {ticket.site, ticket.service, ticket.day, change, change});
    if (!rows) {
        return Unexpected(rows.error());
    }
    return {};
}

}  // namespace

Stored<void> insert_ticket(Statements& statements, const Ticket& ticket, WaitingCount counted) {
    const SqlValue from = ticket.transferred_from ? SqlValue(*ticket.transferred_from) : SqlValue(nullptr);
    const SqlValue reserved = ticket.reserved_for ? SqlValue(*ticket.reserved_for) : SqlValue(nullptr);
    auto rows = statements.execute(
        "INSERT INTO tickets (" + std::string(k_columns) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)",
        {ticket.id, ticket.site, ticket.service, ticket.day, ticket.sequence, ticket.number,
         std::int64_t{ticket.priority ? 1 : 0}, std::string(state_name(ticket.state)), ticket.issued_at_ms,
         ticket.updated_at_ms, from, reserved, std::int64_t{ticket.assisted ? 1 : 0}});
    if (!rows) {
        return Unexpected(rows.error());
    }
    const bool to_count = ticket.state == TicketState::waiting && counted == WaitingCount::add;
    return to_count ? count_waiting(statements, ticket, +1) : Stored<void>{};
}

Stored<void> set_state(Statements& statements, Ticket& ticket, TicketState state, std::int64_t now_ms) {
    const SqlValue counter = ticket.counter ? SqlValue(*ticket.counter) : SqlValue(nullptr);
    const std::string forget_note = is_final(state) ? ", note = NULL" : "";
    auto rows = statements.execute("UPDATE tickets SET state = ?, counter = ?, updated_at = ?" + forget_note + " WHERE id = ?",
                                 {std::string(state_name(state)), counter, now_ms, ticket.id});
    if (!rows) {
        return Unexpected(rows.error());
    }
    const bool was_waiting = ticket.state == TicketState::waiting;
    const bool waits = state == TicketState::waiting;
    if (was_waiting != waits) {
        if (auto counted = count_waiting(statements, ticket, waits ? +1 : -1); !counted) {
            return counted;
        }
    }
    ticket.state = state;
    ticket.updated_at_ms = now_ms;
    return {};
}

Stored<void> record_event(Statements& statements, const Ticket& ticket, std::string_view kind,
                          std::optional<TicketState> from, const std::string& actor, std::int64_t at_ms) {
    const SqlValue from_value = from ? SqlValue(std::string(state_name(*from))) : SqlValue(nullptr);
    const SqlValue counter = ticket.counter ? SqlValue(*ticket.counter) : SqlValue(nullptr);
    auto rows = statements.execute(
        "INSERT INTO events (ticket_id, site, kind, from_state, to_state, counter, actor, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {ticket.id, ticket.site, std::string(kind), from_value, std::string(state_name(ticket.state)), counter, actor,
         at_ms});
    if (!rows) {
        return Unexpected(rows.error());
    }
    return {};
}

}  // namespace madoguchi::server::ticket_sql
