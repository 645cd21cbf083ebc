#include "application_store.hpp"

#include "server/audit_log.hpp"
#include "server/signing.hpp"
#include "server/sql_helpers.hpp"

namespace madoguchi::server {
namespace {

using Unexpected = std::unexpected<Error<StorageError>>;

Stored<Application> add_application(Statements& statements, const Application& application, TimePoint now) {
    auto ticket = statements.query("SELECT state FROM tickets WHERE id = ? AND site = ?",
                                   {application.ticket_id, application.site});
    if (!ticket) {
        return Unexpected(ticket.error());
    }
    if (ticket->empty()) {
        return fail(StorageError::not_found, "no such ticket at this site");
    }
    const std::optional<TicketState> state = parse_state(ticket->front().at(0).value_or(""));
    if (!state || is_final(*state)) {
        return fail(StorageError::wrong_state, "the ticket has ended");
    }
    Application stored = application;
    stored.id = random_token(12);
    stored.created_at_ms = to_millis(now);
    auto inserted = statements.query(
        "INSERT INTO applications (id, ticket_id, site, form, payload, metadata, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        {stored.id, stored.ticket_id, stored.site, stored.form, stored.payload, stored.metadata, stored.created_at_ms});
    if (!inserted) {
        return Unexpected(inserted.error());
    }
    return stored;
}

}  // namespace

Stored<Application> ApplicationStore::add(const Application& application, TimePoint now) {
    return in_transaction<Application>(
        m_database, [&](Statements& statements) { return add_application(statements, application, now); });
}

Stored<Keyed<Application>> ApplicationStore::add(const Application& application, TimePoint now, const KeyClaim& claim,
                                                 const std::function<StoredResponse(const Application&)>& respond) {
    return keyed_transaction<Application>(
        m_database, claim, now, [&](Statements& statements) { return add_application(statements, application, now); },
        respond);
}

Stored<Application> ApplicationStore::read_for_counter(const std::string& ticket_id, const std::string& site,
                                                       const std::string& actor, TimePoint now) {
    return in_transaction<Application>(m_database, [&](Statements& statements) -> Stored<Application> {
        auto rows = statements.query(
            "SELECT id, ticket_id, site, form, payload, metadata, created_at FROM applications "
            "WHERE ticket_id = ? AND site = ? ORDER BY seq DESC LIMIT 1",
            {ticket_id, site});
        if (!rows) {
            return Unexpected(rows.error());
        }
        if (rows->empty()) {
            return fail(StorageError::not_found, "the ticket has no application");
        }
        const SqlRow& row = rows->front();
        Application application{row.at(0).value_or(""), row.at(1).value_or(""), row.at(2).value_or(""),
                                row.at(3).value_or(""), row.at(4).value_or(""), row.at(5).value_or(""),
                                as_int(row.at(6))};
        if (auto audited =
                append_audit(statements, AuditEntry{to_millis(now), actor, "application_read", application.id});
            !audited) {
            return Unexpected(audited.error());
        }
        return application;
    });
}

Stored<void> ApplicationStore::attach_photo(const std::string& application_id, const std::string& site,
                                            const std::string& jpeg, TimePoint now) {
    return m_database.transaction([&](Statements& statements) -> Stored<void> {
        auto found = statements.query("SELECT id FROM applications WHERE id = ? AND site = ?", {application_id, site});
        if (!found) {
            return Unexpected(found.error());
        }
        if (found->empty()) {
            return fail(StorageError::not_found, "no such application at this site");
        }
        auto stored = statements.query(
            "INSERT INTO photos (application_id, site, jpeg, bytes, created_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (application_id) DO UPDATE SET jpeg = excluded.jpeg, bytes = excluded.bytes, "
            "created_at = excluded.created_at",
            {application_id, site, base64url_encode(jpeg), static_cast<std::int64_t>(jpeg.size()), to_millis(now)});
        if (!stored) {
            return Unexpected(stored.error());
        }
        return {};
    });
}

Stored<std::string> ApplicationStore::read_photo_for_counter(const std::string& application_id, const std::string& site,
                                                             const std::string& actor, TimePoint now) {
    return in_transaction<std::string>(m_database, [&](Statements& statements) -> Stored<std::string> {
        auto rows =
            statements.query("SELECT jpeg FROM photos WHERE application_id = ? AND site = ?", {application_id, site});
        if (!rows) {
            return Unexpected(rows.error());
        }
        if (rows->empty()) {
            return fail(StorageError::not_found, "the application has no photo");
        }
        auto jpeg = base64url_decode(rows->front().at(0).value_or(""));
        if (!jpeg) {
            return fail(StorageError::failed, "a stored photo is not base64url");
        }
        if (auto audited = append_audit(statements, AuditEntry{to_millis(now), actor, "photo_read", application_id});
            !audited) {
            return Unexpected(audited.error());
        }
        return std::move(*jpeg);
    });
}

Stored<std::int64_t> ApplicationStore::purge(TimePoint cutoff) {
    return in_transaction<std::int64_t>(m_database, [&](Statements& statements) -> Stored<std::int64_t> {
        auto rows = statements.query(
            "DELETE FROM applications WHERE ticket_id IN (SELECT id FROM tickets WHERE state IN "
            "('done', 'no_show', 'transferred', 'cancelled') AND updated_at < ?) RETURNING id",
            {to_millis(cutoff)});
        if (!rows) {
            return Unexpected(rows.error());
        }
        return static_cast<std::int64_t>(rows->size());
    });
}

}  // namespace madoguchi::server
