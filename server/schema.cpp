#include "schema.hpp"

namespace madoguchi::server {

std::vector<Migration> migrations(Dialect dialect) {
    // The only difference between the back ends: how a table gets an increasing row id.
    const std::string serial = dialect == Dialect::sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                                          : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
    return {
        {1,
         {
             // regular_streak: regular tickets called since the last priority one (alternate policy).
             "CREATE TABLE sites (site TEXT PRIMARY KEY, regular_streak BIGINT NOT NULL DEFAULT 0, "
             "writes BIGINT NOT NULL DEFAULT 0)",
             "CREATE TABLE daily_counters (site TEXT NOT NULL REFERENCES sites(site), service TEXT NOT NULL, "
             "day TEXT NOT NULL, last BIGINT NOT NULL, PRIMARY KEY (site, service, day))",
             "CREATE TABLE tickets (id TEXT PRIMARY KEY, site TEXT NOT NULL REFERENCES sites(site), "
             "service TEXT NOT NULL, day TEXT NOT NULL, sequence BIGINT NOT NULL, number TEXT NOT NULL, "
             "priority BIGINT NOT NULL, state TEXT NOT NULL, counter TEXT, issued_at BIGINT NOT NULL, "
             "updated_at BIGINT NOT NULL, transferred_from TEXT REFERENCES tickets(id), "
             "UNIQUE (site, service, day, sequence))",
             "CREATE INDEX tickets_waiting ON tickets (site, state, priority, issued_at)",
             "CREATE INDEX tickets_counter ON tickets (site, counter, state)",
             "CREATE TABLE events (id " + serial +
                 ", ticket_id TEXT NOT NULL REFERENCES tickets(id), site TEXT NOT NULL, kind TEXT NOT NULL, "
                 "from_state TEXT, to_state TEXT NOT NULL, counter TEXT, actor TEXT NOT NULL, at BIGINT NOT NULL)",
             "CREATE INDEX events_ticket ON events (ticket_id)",
             "CREATE INDEX events_site_at ON events (site, at)",
             "CREATE TABLE idempotency (key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, status BIGINT, "
             "body TEXT, created_at BIGINT NOT NULL)",
             "CREATE INDEX idempotency_created ON idempotency (created_at)",
         }},
        {2,
         {
             // payload: the kiosk's AES-256-GCM ciphertext, base64url; the server never decrypts it.
             // seq orders a ticket's applications even when two arrive in the same millisecond.
             "CREATE TABLE applications (seq " + serial +
                 ", id TEXT NOT NULL UNIQUE, ticket_id TEXT NOT NULL REFERENCES tickets(id), "
                 "site TEXT NOT NULL, form TEXT NOT NULL, payload TEXT NOT NULL, metadata TEXT NOT NULL, "
                 "created_at BIGINT NOT NULL)",
             "CREATE INDEX applications_ticket ON applications (ticket_id)",
             "CREATE TABLE audit (seq " + serial +
                 ", at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL, "
                 "previous_hash TEXT NOT NULL, hash TEXT NOT NULL)",
             // The chain's head: appends take turns on this row, and it remembers the last hash and
             // the count, so removing the newest entries is detected too.
             "CREATE TABLE audit_head (id BIGINT PRIMARY KEY, entries BIGINT NOT NULL, hash TEXT NOT NULL)",
             "INSERT INTO audit_head (id, entries, hash) VALUES (1, 0, '" + std::string(64, '0') + "')",
         }},
        {3,
         {
             // A range of one service's numbers of one day, leased to a kiosk for offline issuing;
             // public_key (raw Ed25519, base64url) is the kiosk's key for that block.
             "CREATE TABLE blocks (id TEXT PRIMARY KEY, site TEXT NOT NULL REFERENCES sites(site), "
             "service TEXT NOT NULL, band TEXT NOT NULL, day TEXT NOT NULL, first_sequence BIGINT NOT NULL, "
             "last_sequence BIGINT NOT NULL, public_key TEXT NOT NULL, leased_by TEXT NOT NULL, "
             "leased_at BIGINT NOT NULL)",
             "ALTER TABLE tickets ADD COLUMN block_id TEXT REFERENCES blocks(id)",
         }},
        {4,
         {
             // One photo per application (a retake replaces it), base64url JPEG; it goes when the
             // application goes.
             "CREATE TABLE photos (application_id TEXT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE, "
             "site TEXT NOT NULL, jpeg TEXT NOT NULL, bytes BIGINT NOT NULL, created_at BIGINT NOT NULL)",
         }},
        {5,
         {
             "CREATE TABLE staff (id TEXT PRIMARY KEY, site TEXT NOT NULL, password TEXT NOT NULL)",
             "CREATE TABLE staff_sessions (token_hash TEXT PRIMARY KEY, staff_id TEXT NOT NULL REFERENCES staff(id), "
             "terminal TEXT NOT NULL, expires_at BIGINT NOT NULL)",
         }},
        {6,
         {
             // Wrong passwords per staff id, known or not (so that a refusal does not tell which
             // ids exist); locked_until is 0 while the id is not locked out.
             "CREATE TABLE staff_login_failures (staff_id TEXT PRIMARY KEY, failures BIGINT NOT NULL, "
             "last_failed_at BIGINT NOT NULL, locked_until BIGINT NOT NULL)",
         }},
        {7,
         {
             // Each kiosk's latest health report (printer, card reader, outbox) for the floor
             // console; a new report replaces the last, so the table holds one row per terminal.
             "CREATE TABLE terminal_health (site TEXT NOT NULL, terminal TEXT NOT NULL, printer TEXT NOT NULL, "
             "card_reader TEXT NOT NULL, outbox_pending BIGINT NOT NULL, last_delivery_at BIGINT, "
             "reported_at BIGINT NOT NULL, PRIMARY KEY (site, terminal))",
         }},
        {8,
         {
             // reserved_for: a ticket transferred to one counter, which alone calls it.
             // note: the transferring staff's note for that counter, sealed with the site's note
             // key (base64url); it may name the citizen, so it goes when the ticket ends.
             "ALTER TABLE tickets ADD COLUMN reserved_for TEXT",
             "ALTER TABLE tickets ADD COLUMN note TEXT",
         }},
        {9,
         {
             // Tickets issued in an assisted session, where staff helped the citizen on a tablet.
             "ALTER TABLE tickets ADD COLUMN assisted BIGINT NOT NULL DEFAULT 0",
         }},
        {10,
         {
             // When each counter last opened (staff chose it after log-in) and closed (log-out), so
             // a counter that has opened but not yet called anyone can receive a transfer.
             "CREATE TABLE counter_openings (site TEXT NOT NULL, counter TEXT NOT NULL, opened_at BIGINT NOT NULL, "
             "closed_at BIGINT, PRIMARY KEY (site, counter))",
         }},
        {11,
         {
             // The people ahead of a ticket (reprints, the status page) are counted from the index
             // alone, not from one table row per waiting ticket.
             "CREATE INDEX tickets_waiting_service ON tickets (site, state, service, day)",
         }},
        {12,
         {
             // Each service's waiting tickets of the day, kept with its numbers (ticket_sql): a new
             // ticket's people ahead are one row, while a count walks the whole queue, which grows
             // through a busy day.
             "ALTER TABLE daily_counters ADD COLUMN waiting BIGINT NOT NULL DEFAULT 0",
             "INSERT INTO daily_counters (site, service, day, last, waiting) "
             "SELECT DISTINCT site, service, day, 0, 0 FROM tickets WHERE state = 'waiting' "
             "ON CONFLICT (site, service, day) DO NOTHING",
             "UPDATE daily_counters SET waiting = (SELECT COUNT(*) FROM tickets t WHERE t.site = daily_counters.site "
             "AND t.state = 'waiting' AND t.service = daily_counters.service AND t.day = daily_counters.day)",
         }},
        {13,
         {
             // A call takes the front of the day's queue in this index's own order, so that no
             // plan sorts the queue. PostgreSQL's statistics never expect many tickets waiting
             // today (they were taken over years of finished ones), and with either index looking
             // as good it sorted every waiting ticket on each call: 8-20 ms with 7 000 waiting.
             // The people-ahead index therefore leads with the service, which a call may not name.
             "DROP INDEX tickets_waiting",
             "CREATE INDEX tickets_waiting ON tickets (site, state, priority, day, issued_at, sequence, id)",
             "DROP INDEX tickets_waiting_service",
             "CREATE INDEX tickets_waiting_service ON tickets (site, service, day, state, issued_at, id)",
         }},
    };
}

}  // namespace madoguchi::server
