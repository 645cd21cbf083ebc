#include "audit_log.hpp"

#include "server/signing.hpp"
#include "server/sql_helpers.hpp"

namespace madoguchi::server {
namespace {

using Unexpected = std::unexpected<Error<StorageError>>;

}  // namespace

std::string audit_hash(const std::string& previous_hash, const AuditEntry& entry) {
    // Length-prefixed fields: no choice of actor and subject can imitate another entry.
    std::string text = previous_hash;
    for (const std::string& field : {std::to_string(entry.at_ms), entry.actor, entry.action, entry.subject}) {
        text += '\n' + std::to_string(field.size()) + ':' + field;
    }
    return sha256_hex(text);
}

Stored<void> append_audit(Statements& statements, const AuditEntry& entry) {
    auto head = statements.query("UPDATE audit_head SET entries = entries + 1 WHERE id = 1 RETURNING hash", {});
    if (!head) {
        return Unexpected(head.error());
    }
    if (head->empty()) {
        return fail(StorageError::failed, "the audit head row is missing");
    }
    const std::string previous = head->front().at(0).value_or("");
    const std::string hash = audit_hash(previous, entry);
    auto inserted = statements.execute(
        "INSERT INTO audit (at, actor, action, subject, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?)",
        {entry.at_ms, entry.actor, entry.action, entry.subject, previous, hash});
    if (!inserted) {
        return Unexpected(inserted.error());
    }
    auto moved = statements.execute("UPDATE audit_head SET hash = ? WHERE id = 1", {hash});
    if (!moved) {
        return Unexpected(moved.error());
    }
    return {};
}

Stored<AuditReport> verify_audit(Database& database) {
    return in_transaction<AuditReport>(database, [](Statements& statements) -> Stored<AuditReport> {
        auto rows =
            statements.query("SELECT seq, at, actor, action, subject, previous_hash, hash FROM audit ORDER BY seq", {});
        auto head = statements.query("SELECT entries, hash FROM audit_head WHERE id = 1", {});
        if (!rows || !head) {
            return Unexpected(!rows ? rows.error() : head.error());
        }
        AuditReport report;
        std::string expected_previous(64, '0');
        for (const SqlRow& row : *rows) {
            const AuditEntry entry{as_int(row.at(1)), row.at(2).value_or(""), row.at(3).value_or(""),
                                   row.at(4).value_or("")};
            const std::string seq = row.at(0).value_or("?");
            if (row.at(5).value_or("") != expected_previous) {
                report.problem = "entry " + seq + " does not follow the one before it (an entry was removed)";
                return report;
            }
            const std::string hash = audit_hash(expected_previous, entry);
            if (row.at(6).value_or("") != hash) {
                report.problem = "entry " + seq + " was changed after it was written";
                return report;
            }
            expected_previous = hash;
            ++report.entries;
        }
        if (head->empty() || as_int(head->front().at(0)) != report.entries ||
            head->front().at(1).value_or("") != expected_previous) {
            report.problem = "the newest entries were removed (the head records " +
                             std::to_string(head->empty() ? 0 : as_int(head->front().at(0))) + " entries, " +
                             std::to_string(report.entries) + " remain)";
            return report;
        }
        report.intact = true;
        return report;
    });
}

}  // namespace madoguchi::server
