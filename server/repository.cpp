#include "repository.hpp"

#include "server/audit_log.hpp"
#include "server/schema.hpp"
#include "server/signing.hpp"
#include "server/sql_helpers.hpp"
#include "server/ticket_sql.hpp"

namespace madoguchi::server {
namespace {

using namespace ticket_sql;

using Unexpected = std::unexpected<Error<StorageError>>;

// The ticket a counter holds; parameters: site, counter.
constexpr std::string_view k_held_by_counter = "site = ? AND counter = ? AND state IN ('called', 'serving')";

Stored<Ticket> counter_ticket(Statements& statements, const CounterRequest& request) {
    auto rows = statements.query(select_tickets(k_held_by_counter), {request.site, request.counter});
    if (!rows) {
        return Unexpected(rows.error());
    }
    if (rows->empty()) {
        return fail(StorageError::not_found, "the counter holds no ticket");
    }
    return ticket_from(rows->front());
}

struct Candidates {
    // A ticket the counter still holds (called or serving): it may call no other.
    std::optional<Ticket> held;
    std::optional<Ticket> priority;
    std::optional<Ticket> regular;
};

// The ticket the counter holds, the oldest waiting priority ticket and the oldest regular one it
// may call, each with its sealed note, in one statement. Only today's tickets: one left waiting
// when the office closed is not called the next morning.
Stored<Candidates> next_candidates(Statements& statements, const CounterRequest& request, const std::string& day) {
    // A ticket transferred to a counter is that counter's whatever its services, and no one else's.
    std::string where =
        "site = ? AND day = ? AND state = 'waiting' AND priority = ? AND (reserved_for = ? OR (reserved_for IS NULL";
    if (!request.services.empty()) {
        where += " AND service IN (";
        for (std::size_t i = 0; i < request.services.size(); ++i) {
            where += i == 0 ? "?" : ", ?";
        }
        where += ")";
    }
    where += ")) ORDER BY issued_at, sequence, id LIMIT 1";
    const std::string tickets = "SELECT * FROM (SELECT " + std::string(k_columns) + ", note FROM tickets WHERE ";
    std::vector<SqlValue> params{request.site, request.counter};
    for (const std::int64_t priority : {1, 0}) {
        params.insert(params.end(), {request.site, day, priority, request.counter});
        params.insert(params.end(), request.services.begin(), request.services.end());
    }
    auto rows = statements.query(tickets + std::string(k_held_by_counter) + " LIMIT 1) AS held_ticket UNION ALL " +
                                     tickets + where + ") AS priority_ticket UNION ALL " + tickets + where +
                                     ") AS regular_ticket",
                                 params);
    if (!rows) {
        return Unexpected(rows.error());
    }
    Candidates candidates;
    for (const SqlRow& row : *rows) {
        Ticket ticket = ticket_from(row);
        ticket.sealed_note = row.at(k_column_count);
        if (ticket.state != TicketState::waiting) {
            candidates.held = std::move(ticket);
        } else {
            (ticket.priority ? candidates.priority : candidates.regular) = std::move(ticket);
        }
    }
    return candidates;
}

// Rows of SELECT service, kind, ticket_id, at, counter.
std::vector<EventRow> event_rows(const std::vector<SqlRow>& rows) {
    std::vector<EventRow> events;
    events.reserve(rows.size());
    for (const SqlRow& row : rows) {
        events.push_back(EventRow{row.at(0).value_or(""), row.at(1).value_or(""), row.at(2).value_or(""),
                                  as_int(row.at(3)), row.at(4).value_or("")});
    }
    return events;
}

// No turn on the site's row: issuing reads no queue, and the number's counter row already makes
// the kiosks of one service take turns. Holding the site's row until the commit reached the disk
// would make every service of the site wait for each ticket.
Stored<Issued> issue_ticket(Statements& statements, const IssueRequest& request, TimePoint now) {
    Issued issued;
    Ticket& ticket = issued.ticket;
    ticket.id = request.id.empty() ? new_ticket_id() : request.id;
    ticket.site = request.site;
    ticket.service = request.service;
    ticket.day = tokyo_day(now);
    // The people ahead are read with the number, in one statement: two kiosks issuing at once
    // never both print the same number of people ahead.
    auto reserved = reserve_sequences(statements, request.site, request.service, ticket.day, 1, 1);
    if (!reserved) {
        return Unexpected(reserved.error());
    }
    issued.ahead = reserved->waiting;
    ticket.sequence = reserved->last_sequence;
    ticket.number = format_number(request.band, ticket.sequence);
    ticket.priority = request.priority;
    ticket.assisted = request.assisted;
    ticket.issued_at_ms = to_millis(now);
    ticket.updated_at_ms = ticket.issued_at_ms;
    if (auto inserted = insert_ticket(statements, ticket, WaitingCount::taken_with_number); !inserted) {
        return Unexpected(inserted.error());
    }
    if (auto event = record_event(statements, ticket, "issued", std::nullopt, request.actor, ticket.issued_at_ms);
        !event) {
        return Unexpected(event.error());
    }
    return issued;
}

}  // namespace

std::string new_ticket_id() {
    return random_token(12);
}

Repository::Repository(std::unique_ptr<Database> database) : m_database(std::move(database)) {}

Stored<void> Repository::migrate() {
    auto current = in_transaction<std::int64_t>(*m_database, [](Statements& statements) -> Stored<std::int64_t> {
        auto created = statements.query("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)");
        if (!created) {
            return Unexpected(created.error());
        }
        auto rows = statements.query("SELECT MAX(version) FROM schema_version");
        if (!rows) {
            return Unexpected(rows.error());
        }
        return as_int(rows->at(0).at(0));
    });
    if (!current) {
        return Unexpected(current.error());
    }
    for (const Migration& migration : migrations(m_database->dialect())) {
        if (migration.version <= *current) {
            continue;
        }
        auto applied = m_database->transaction([&](Statements& statements) -> Stored<void> {
            for (const std::string& sql : migration.statements) {
                if (auto done = statements.query(sql); !done) {
                    return Unexpected(done.error());
                }
            }
            auto recorded =
                statements.query("INSERT INTO schema_version (version) VALUES (?)", {std::int64_t{migration.version}});
            if (!recorded) {
                return Unexpected(recorded.error());
            }
            return {};
        });
        if (!applied) {
            return applied;
        }
    }
    return {};
}

Stored<void> Repository::ensure_sites(const std::vector<std::string>& sites) {
    return m_database->transaction([&](Statements& statements) -> Stored<void> {
        for (const std::string& site : sites) {
            auto rows = statements.query("INSERT INTO sites (site) VALUES (?) ON CONFLICT (site) DO NOTHING", {site});
            if (!rows) {
                return Unexpected(rows.error());
            }
        }
        return {};
    });
}

Stored<Ticket> Repository::issue(const IssueRequest& request, TimePoint now) {
    return in_transaction<Ticket>(*m_database, [&](Statements& statements) -> Stored<Ticket> {
        auto issued = issue_ticket(statements, request, now);
        if (!issued) {
            return Unexpected(issued.error());
        }
        return std::move(issued->ticket);
    });
}

Stored<Keyed<Issued>> Repository::issue(const IssueRequest& request, TimePoint now, const KeyClaim& claim,
                                        const std::function<StoredResponse(const Issued&)>& respond) {
    return keyed_transaction<Issued>(
        *m_database, claim, now, [&](Statements& statements) { return issue_ticket(statements, request, now); },
        respond);
}

Stored<std::optional<Ticket>> Repository::call_next(const CounterRequest& request, const PriorityPolicy& policy,
                                                    TimePoint now) {
    using Called = std::optional<Ticket>;
    return in_transaction<Called>(*m_database, [&](Statements& statements) -> Stored<Called> {
        // The site's row goes out with the candidates: one wait for both.
        auto locked = lock_site_later(statements, request.site);
        if (!locked) {
            return Unexpected(locked.error());
        }
        auto candidates = next_candidates(statements, request, tokyo_day(now));
        if (!candidates) {
            return Unexpected(candidates.error());
        }
        auto streak = site_streak(*locked);
        if (!streak) {
            return Unexpected(streak.error());
        }
        if (candidates->held) {
            return fail(StorageError::busy, "the counter already holds " + candidates->held->number);
        }
        const auto issued = [](const Called& ticket) {
            return ticket ? std::optional(ticket->issued_at_ms) : std::nullopt;
        };
        const std::int64_t now_ms = to_millis(now);
        const Pick pick =
            choose_next(policy, issued(candidates->priority), issued(candidates->regular), *streak, now_ms);
        if (pick == Pick::none) {
            return Called{};
        }
        Ticket ticket = pick == Pick::priority ? *candidates->priority : *candidates->regular;
        ticket.counter = request.counter;
        if (auto updated = set_state(statements, ticket, TicketState::called, now_ms); !updated) {
            return Unexpected(updated.error());
        }
        if (auto event = record_event(statements, ticket, action_name(Action::call), TicketState::waiting,
                                      request.actor, now_ms);
            !event) {
            return Unexpected(event.error());
        }
        if (auto audited = append_audit(statements, AuditEntry{now_ms, request.actor, "call", ticket.id}); !audited) {
            return Unexpected(audited.error());
        }
        const std::int64_t new_streak = pick == Pick::priority ? 0 : *streak + 1;
        auto saved =
            statements.execute("UPDATE sites SET regular_streak = ? WHERE site = ?", {new_streak, request.site});
        if (!saved) {
            return Unexpected(saved.error());
        }
        return Called{ticket};
    });
}

Stored<Ticket> Repository::act(const CounterRequest& request, Action action, TimePoint now) {
    return in_transaction<Ticket>(*m_database, [&](Statements& statements) -> Stored<Ticket> {
        auto locked = lock_site_later(statements, request.site);
        if (!locked) {
            return Unexpected(locked.error());
        }
        // The site's row goes out with the counter's ticket: one wait for both. An unknown site
        // is told as such, unless the read failed before its answer.
        auto ticket = counter_ticket(statements, request);
        if (auto site = site_streak(*locked); !site && (ticket || **locked)) {
            return Unexpected(site.error());
        }
        if (!ticket) {
            return Unexpected(ticket.error());
        }
        const TicketState from = ticket->state;
        const std::optional<TicketState> to = next_state(from, action);
        if (!to) {
            return fail(StorageError::wrong_state, std::string("cannot ") + std::string(action_name(action)) +
                                                       " a ticket that is " + std::string(state_name(from)));
        }
        const std::int64_t now_ms = to_millis(now);
        if (auto updated = set_state(statements, *ticket, *to, now_ms); !updated) {
            return Unexpected(updated.error());
        }
        if (auto event = record_event(statements, *ticket, action_name(action), from, request.actor, now_ms); !event) {
            return Unexpected(event.error());
        }
        if (auto audited = append_audit(
                statements, AuditEntry{now_ms, request.actor, std::string(action_name(action)), ticket->id});
            !audited) {
            return Unexpected(audited.error());
        }
        return std::move(*ticket);
    });
}

Stored<Ticket> Repository::transfer(const CounterRequest& request, const TransferTarget& target, TimePoint now,
                                    const std::function<std::optional<std::string>(const Ticket&)>& seal_note) {
    return in_transaction<Ticket>(*m_database, [&](Statements& statements) -> Stored<Ticket> {
        if (auto locked = lock_site(statements, request.site); !locked) {
            return Unexpected(locked.error());
        }
        auto ticket = counter_ticket(statements, request);
        if (!ticket) {
            return Unexpected(ticket.error());
        }
        const TicketState from = ticket->state;
        if (!next_state(from, Action::transfer)) {
            return fail(StorageError::wrong_state, "cannot transfer a ticket that is " + std::string(state_name(from)));
        }
        const std::int64_t now_ms = to_millis(now);
        if (auto updated = set_state(statements, *ticket, TicketState::transferred, now_ms); !updated) {
            return Unexpected(updated.error());
        }
        if (auto event = record_event(statements, *ticket, action_name(Action::transfer), from, request.actor, now_ms);
            !event) {
            return Unexpected(event.error());
        }
        if (auto audited = append_audit(statements, AuditEntry{now_ms, request.actor, "transferred", ticket->id});
            !audited) {
            return Unexpected(audited.error());
        }
        const bool same_service = target.service.empty();
        Ticket moved;
        moved.id = new_ticket_id();
        moved.site = request.site;
        moved.service = same_service ? ticket->service : target.service;
        moved.day = tokyo_day(now);
        auto reserved = reserve_sequences(statements, request.site, moved.service, moved.day, 1, 1);
        if (!reserved) {
            return Unexpected(reserved.error());
        }
        moved.sequence = reserved->last_sequence;
        // A number is its band, a dash and digits (format_number).
        const std::string band = same_service ? ticket->number.substr(0, ticket->number.rfind('-')) : target.band;
        moved.number = format_number(band, moved.sequence);
        moved.priority = ticket->priority;
        moved.assisted = ticket->assisted;
        moved.issued_at_ms = ticket->issued_at_ms;
        moved.updated_at_ms = now_ms;
        moved.transferred_from = ticket->id;
        moved.reserved_for = target.counter;
        if (auto inserted = insert_ticket(statements, moved, WaitingCount::taken_with_number); !inserted) {
            return Unexpected(inserted.error());
        }
        if (seal_note) {
            const std::optional<std::string> sealed = seal_note(moved);
            if (!sealed) {
                return fail(StorageError::failed, "the note could not be sealed");
            }
            auto noted = statements.query("UPDATE tickets SET note = ? WHERE id = ?", {*sealed, moved.id});
            if (!noted) {
                return Unexpected(noted.error());
            }
        }
        if (auto event = record_event(statements, moved, "issued", std::nullopt, request.actor, now_ms); !event) {
            return Unexpected(event.error());
        }
        return moved;
    });
}

Stored<std::vector<std::string>> Repository::active_counters(const std::string& site, TimePoint since) {
    using Counters = std::vector<std::string>;
    return in_read<Counters>(*m_database, [&](Statements& statements) -> Stored<Counters> {
        auto rows = statements.query(
            "SELECT counter FROM events WHERE site = ? AND at >= ? AND counter IS NOT NULL UNION "
            "SELECT counter FROM counter_openings WHERE site = ? AND opened_at >= ? ORDER BY counter",
            {site, to_millis(since), site, to_millis(since)});
        if (!rows) {
            return Unexpected(rows.error());
        }
        Counters counters;
        for (const SqlRow& row : *rows) {
            counters.push_back(row.at(0).value_or(""));
        }
        return counters;
    });
}

Stored<void> Repository::set_counter_open(const std::string& site, const std::string& counter, const std::string& actor,
                                          TimePoint now, bool open) {
    return m_database->transaction([&](Statements& statements) -> Stored<void> {
        const std::int64_t now_ms = to_millis(now);
        auto stored = open ? statements.query("INSERT INTO counter_openings (site, counter, opened_at, closed_at) "
                                              "VALUES (?, ?, ?, NULL) ON CONFLICT (site, counter) DO UPDATE SET "
                                              "opened_at = excluded.opened_at, closed_at = NULL",
                                              {site, counter, now_ms})
                           : statements.query("UPDATE counter_openings SET closed_at = ? WHERE site = ? AND counter = ?",
                                              {now_ms, site, counter});
        if (!stored) {
            return Unexpected(stored.error());
        }
        return append_audit(statements, AuditEntry{now_ms, actor, open ? "counter_opened" : "counter_closed",
                                                   site + "/" + counter});
    });
}

Stored<Ticket> Repository::cancel(const std::string& ticket_id, const std::string& site, const std::string& actor,
                                  TimePoint now) {
    return in_transaction<Ticket>(*m_database, [&](Statements& statements) -> Stored<Ticket> {
        if (auto locked = lock_site(statements, site); !locked) {
            return Unexpected(locked.error());
        }
        auto rows = statements.query(select_tickets("id = ? AND site = ?"), {ticket_id, site});
        if (!rows) {
            return Unexpected(rows.error());
        }
        if (rows->empty()) {
            return fail(StorageError::not_found, "no such ticket at this site");
        }
        Ticket ticket = ticket_from(rows->front());
        const TicketState from = ticket.state;
        // A kiosk whose answer was lost sends the cancel again: what it asked for holds, and
        // refusing would leave the repeat in its outbox for ever. Nothing is recorded twice.
        if (from == TicketState::cancelled) {
            return ticket;
        }
        if (!next_state(from, Action::cancel)) {
            return fail(StorageError::wrong_state, "cannot cancel a ticket that is " + std::string(state_name(from)));
        }
        const std::int64_t now_ms = to_millis(now);
        if (auto updated = set_state(statements, ticket, TicketState::cancelled, now_ms); !updated) {
            return Unexpected(updated.error());
        }
        if (auto event = record_event(statements, ticket, action_name(Action::cancel), from, actor, now_ms); !event) {
            return Unexpected(event.error());
        }
        if (auto audited = append_audit(statements, AuditEntry{now_ms, actor, "cancelled", ticket.id}); !audited) {
            return Unexpected(audited.error());
        }
        return ticket;
    });
}

Stored<Ticket> Repository::reprint(const std::string& ticket_id, const std::string& site, const std::string& actor,
                                   TimePoint now) {
    return in_transaction<Ticket>(*m_database, [&](Statements& statements) -> Stored<Ticket> {
        auto rows = statements.query(select_tickets("id = ? AND site = ?"), {ticket_id, site});
        if (!rows) {
            return Unexpected(rows.error());
        }
        if (rows->empty()) {
            return fail(StorageError::not_found, "no such ticket at this site");
        }
        Ticket ticket = ticket_from(rows->front());
        // A ticket that has been served or has ended is no use to anyone on paper.
        if (ticket.state != TicketState::waiting && ticket.state != TicketState::called) {
            return fail(StorageError::wrong_state,
                        "cannot reprint a ticket that is " + std::string(state_name(ticket.state)));
        }
        if (auto audited = append_audit(statements, AuditEntry{to_millis(now), actor, "reprinted", ticket.id});
            !audited) {
            return Unexpected(audited.error());
        }
        return ticket;
    });
}

Stored<void> Repository::ping() {
    return m_database->transaction([](Statements& statements) -> Stored<void> {
        auto rows = statements.query("SELECT 1");
        if (!rows) {
            return Unexpected(rows.error());
        }
        return {};
    });
}

Stored<Ticket> Repository::find(const std::string& ticket_id) {
    return in_read<Ticket>(*m_database, [&](Statements& statements) -> Stored<Ticket> {
        auto rows = statements.query(select_tickets("id = ?"), {ticket_id});
        if (!rows) {
            return Unexpected(rows.error());
        }
        if (rows->empty()) {
            return fail(StorageError::not_found, "no such ticket");
        }
        return ticket_from(rows->front());
    });
}

Stored<std::int64_t> Repository::people_ahead(const Ticket& ticket) {
    return in_read<std::int64_t>(*m_database, [&](Statements& statements) -> Stored<std::int64_t> {
        auto rows = statements.query(
            "SELECT COUNT(*) FROM tickets WHERE site = ? AND service = ? AND day = ? AND state = 'waiting' AND "
            "(issued_at < ? OR (issued_at = ? AND id < ?))",
            {ticket.site, ticket.service, ticket.day, ticket.issued_at_ms, ticket.issued_at_ms, ticket.id});
        if (!rows) {
            return Unexpected(rows.error());
        }
        return as_int(rows->at(0).at(0));
    });
}

Stored<std::vector<Ticket>> Repository::queue(const std::string& site, const std::string& day) {
    using Tickets = std::vector<Ticket>;
    return in_read<Tickets>(*m_database, [&](Statements& statements) -> Stored<Tickets> {
        auto known = statements.query("SELECT site FROM sites WHERE site = ?", {site});
        if (!known) {
            return Unexpected(known.error());
        }
        if (known->empty()) {
            return fail(StorageError::not_found, "unknown site");
        }
        auto rows = statements.query(
            select_tickets("site = ? AND ((state = 'waiting' AND day = ?) OR state IN ('called', 'serving')) "
                           "ORDER BY CASE state WHEN 'waiting' THEN 0 ELSE 1 END, issued_at, day, sequence, id"),
            {site, day});
        if (!rows) {
            return Unexpected(rows.error());
        }
        Tickets tickets;
        for (const SqlRow& row : *rows) {
            tickets.push_back(ticket_from(row));
        }
        return tickets;
    });
}

Stored<std::vector<TicketEvent>> Repository::events(const std::string& ticket_id) {
    using Events = std::vector<TicketEvent>;
    return in_read<Events>(*m_database, [&](Statements& statements) -> Stored<Events> {
        auto rows = statements.query(
            "SELECT ticket_id, kind, from_state, to_state, counter, actor, at FROM events WHERE ticket_id = ? ORDER BY "
            "id",
            {ticket_id});
        if (!rows) {
            return Unexpected(rows.error());
        }
        Events events;
        for (const SqlRow& row : *rows) {
            events.push_back(TicketEvent{row.at(0).value_or(""), row.at(1).value_or(""), row.at(2),
                                         row.at(3).value_or(""), row.at(4), row.at(5).value_or(""), as_int(row.at(6))});
        }
        return events;
    });
}

Stored<std::vector<EventRow>> Repository::day_events(const std::string& site, const std::string& day) {
    using Rows = std::vector<EventRow>;
    return in_read<Rows>(*m_database, [&](Statements& statements) -> Stored<Rows> {
        auto rows = statements.query(
            "SELECT t.service, e.kind, e.ticket_id, e.at, e.counter FROM events e JOIN tickets t ON t.id = e.ticket_id "
            "WHERE t.site = ? AND t.day = ? ORDER BY e.id",
            {site, day});
        if (!rows) {
            return Unexpected(rows.error());
        }
        return event_rows(*rows);
    });
}

Stored<std::vector<EventRow>> Repository::counter_events(const std::string& site, TimePoint since,
                                                         std::int64_t limit) {
    using Rows = std::vector<EventRow>;
    return in_read<Rows>(*m_database, [&](Statements& statements) -> Stored<Rows> {
        auto rows = statements.query(
            "SELECT service, kind, ticket_id, at, counter FROM (SELECT e.id, t.service, e.kind, e.ticket_id, e.at, "
            "e.counter FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE e.site = ? AND e.at >= ? AND "
            "e.counter IS NOT NULL ORDER BY e.id DESC LIMIT ?) AS latest ORDER BY id",
            {site, to_millis(since), limit});
        if (!rows) {
            return Unexpected(rows.error());
        }
        return event_rows(*rows);
    });
}

Stored<std::int64_t> Repository::purge_idempotency(TimePoint cutoff) {
    return in_transaction<std::int64_t>(*m_database, [&](Statements& statements) -> Stored<std::int64_t> {
        auto rows = statements.query("DELETE FROM idempotency WHERE created_at < ? RETURNING key", {to_millis(cutoff)});
        if (!rows) {
            return Unexpected(rows.error());
        }
        return static_cast<std::int64_t>(rows->size());
    });
}

}  // namespace madoguchi::server
