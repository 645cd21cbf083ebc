#pragma once
// The append-only, hash-chained audit log (issue 4, DESIGN.md §7): every staff action and every
// read of an application. Each entry's hash covers the previous hash and its own fields, so a
// changed or removed entry breaks the chain from there on.
#include <cstdint>
#include <string>

#include "server/database.hpp"
#include "server/ticket.hpp"

namespace madoguchi::server {

struct AuditEntry {
    std::int64_t at_ms = 0;
    std::string actor;    // the terminal's certificate name
    std::string action;   // e.g. "application_read"
    std::string subject;  // an id, never personal data
};

std::string audit_hash(const std::string& previous_hash, const AuditEntry& entry);

// Appends inside the caller's transaction, so the audited action and its entry commit together.
Stored<void> append_audit(Statements& statements, const AuditEntry& entry);

struct AuditReport {
    std::int64_t entries = 0;
    bool intact = false;
    std::string problem;  // where the chain breaks, when it does
};

Stored<AuditReport> verify_audit(Database& database);

}  // namespace madoguchi::server
