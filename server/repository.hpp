#pragma once
// The queue's storage: tickets, their events, per-day numbering and idempotency records, written
// once against the Database interface so that SQLite and PostgreSQL run the same code.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/database.hpp"
#include "server/idempotency.hpp"
#include "server/stats.hpp"
#include "server/ticket.hpp"

namespace madoguchi::server {

struct Ticket {
    std::string id;
    std::string site;
    std::string service;
    std::string day;
    std::int64_t sequence = 0;
    std::string number;  // "A-001"
    bool priority = false;
    TicketState state = TicketState::waiting;
    std::optional<std::string> counter;
    std::int64_t issued_at_ms = 0;
    std::int64_t updated_at_ms = 0;
    std::optional<std::string> transferred_from;
    std::optional<std::string> reserved_for;  // the one counter that may call it (a transfer's)
    // The transfer's note, sealed (base64url): read only by call_next, for the counter it calls.
    std::optional<std::string> sealed_note;
    // Issued in an assisted session: staff helped the citizen on a tablet (issue 7).
    bool assisted = false;
};

struct TicketEvent {
    std::string ticket_id;
    std::string kind;  // an action name, "issued", or "not_printed" (an offline number whose print failed)
    std::optional<std::string> from_state;
    std::string to_state;
    std::optional<std::string> counter;
    std::string actor;
    std::int64_t at_ms = 0;
};

struct IssueRequest {
    std::string site;
    std::string service;
    std::string band;
    bool priority = false;
    std::string actor;  // the terminal's certificate name, for the event row
    bool assisted = false;
    // Chosen by the caller (new_ticket_id), so that it can sign the ticket's QR before the
    // transaction instead of on the writer all requests wait for; empty: a new one.
    std::string id{};
};

// A new ticket's id: it appears in status-page URLs, so 96 random bits keep it from being guessed.
std::string new_ticket_id();

struct CounterRequest {
    std::string site;
    std::string counter;
    std::string actor;
    // call-next: the services this counter serves; empty means all of them.
    std::vector<std::string> services;
};

struct TransferTarget {
    std::string service;  // empty: the ticket's own service
    std::string band;     // the number band of `service` (or of the ticket's own)
    std::optional<std::string> counter;
};

// A ticket just issued, with the number of its service's tickets that were waiting before it.
struct Issued {
    Ticket ticket;
    std::int64_t ahead = 0;
};

class Repository {
public:
    explicit Repository(std::unique_ptr<Database> database);

    // Brings the schema to the newest version; safe to run on every start.
    Stored<void> migrate();
    // Makes sure each site has its row (the lock that serialises its queue).
    Stored<void> ensure_sites(const std::vector<std::string>& sites);

    // Issues a ticket: the next number of the service's day at the site.
    Stored<Ticket> issue(const IssueRequest& request, TimePoint now);
    // The same under an idempotency key (keyed_transaction): `respond` builds the answer stored
    // with the ticket.
    Stored<Keyed<Issued>> issue(const IssueRequest& request, TimePoint now, const KeyClaim& claim,
                                const std::function<StoredResponse(const Issued&)>& respond);

    // The next ticket for the counter under `policy`, or nothing when no one waits. Two counters
    // calling at once never get the same ticket.
    Stored<std::optional<Ticket>> call_next(const CounterRequest& request, const PriorityPolicy& policy, TimePoint now);
    // recall, start, finish or no_show on the ticket the counter holds.
    Stored<Ticket> act(const CounterRequest& request, Action action, TimePoint now);
    // Ends the counter's ticket as transferred and queues a new one that keeps the original issue
    // time, so the citizen does not go to the back of the line: for `target.service` (empty: the
    // same service), reserved for `target.counter` when one is named. `seal_note`, when given,
    // seals the note for the new ticket (its id is the box's associated data).
    Stored<Ticket> transfer(const CounterRequest& request, const TransferTarget& target, TimePoint now,
                            const std::function<std::optional<std::string>(const Ticket&)>& seal_note = {});
    // The counters that opened or acted at the site since `since`, in name order (the transfer's
    // choices).
    Stored<std::vector<std::string>> active_counters(const std::string& site, TimePoint since);
    // Staff opened the counter (after log-in) or closed it (log-out); both audited with the staff.
    Stored<void> set_counter_open(const std::string& site, const std::string& counter, const std::string& actor,
                                  TimePoint now, bool open);
    // A ticket already cancelled is returned as it is: a repeated cancel succeeds.
    Stored<Ticket> cancel(const std::string& ticket_id, const std::string& site, const std::string& actor,
                          TimePoint now);

    // A waiting or called ticket of `site`, to be printed again on staff's behalf; the reprint
    // goes into the audit log with the ticket, so a second paper ticket is always traceable.
    Stored<Ticket> reprint(const std::string& ticket_id, const std::string& site, const std::string& actor,
                           TimePoint now);

    // Succeeds when the database answers a query.
    Stored<void> ping();
    Stored<Ticket> find(const std::string& ticket_id);
    // Waiting tickets of the same site, service and day issued before `ticket`.
    Stored<std::int64_t> people_ahead(const Ticket& ticket);
    // The day's waiting tickets in issue order, then the ones at counters.
    Stored<std::vector<Ticket>> queue(const std::string& site, const std::string& day);
    Stored<std::vector<TicketEvent>> events(const std::string& ticket_id);
    // Every event of the site's tickets of one business day, in order.
    Stored<std::vector<EventRow>> day_events(const std::string& site, const std::string& day);
    // The site's events at counters since `since`, in order (for wait estimates).
    // At most the `limit` latest of them, still in order.
    Stored<std::vector<EventRow>> counter_events(const std::string& site, TimePoint since, std::int64_t limit);

    // Drops idempotency records older than `cutoff`.
    Stored<std::int64_t> purge_idempotency(TimePoint cutoff);

    Dialect dialect() const { return m_database->dialect(); }
    // For the stores that share this database (applications, audit).
    Database& database() { return *m_database; }

private:
    std::unique_ptr<Database> m_database;
};

}  // namespace madoguchi::server
