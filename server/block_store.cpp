#include "block_store.hpp"

#include <algorithm>

#include "kiosk/number_block.hpp"
#include "server/audit_log.hpp"
#include "server/signing.hpp"
#include "server/sql_helpers.hpp"
#include "server/ticket_sql.hpp"

namespace madoguchi::server {
namespace {

using namespace ticket_sql;
using Unexpected = std::unexpected<Error<StorageError>>;

Stored<Block> read_block(Statements& statements, const std::string& block_id, const std::string& site) {
    auto rows = statements.query(
        "SELECT id, site, service, band, day, first_sequence, last_sequence, public_key, leased_by FROM blocks "
        "WHERE id = ? AND site = ?",
        {block_id, site});
    if (!rows) {
        return Unexpected(rows.error());
    }
    if (rows->empty()) {
        return fail(StorageError::not_found, "no such block at this site");
    }
    const SqlRow& row = rows->front();
    auto key = base64url_decode(row.at(7).value_or(""));
    return Block{row.at(0).value_or(""), row.at(1).value_or(""), row.at(2).value_or(""),
                 row.at(3).value_or(""), row.at(4).value_or(""), as_int(row.at(5)),
                 as_int(row.at(6)),      key.value_or(""),       row.at(8).value_or("")};
}

Stored<Block> lease_numbers(Statements& statements, const Block& block, std::int64_t size, TimePoint now) {
    if (auto locked = lock_site(statements, block.site); !locked) {
        return Unexpected(locked.error());
    }
    Block leased = block;
    leased.id = random_token(12);
    leased.day = tokyo_day(now);
    auto reserved = reserve_sequences(statements, leased.site, leased.service, leased.day, size, 0);
    if (!reserved) {
        return Unexpected(reserved.error());
    }
    leased.last_sequence = reserved->last_sequence;
    leased.first_sequence = reserved->last_sequence - size + 1;
    auto inserted = statements.query(
        "INSERT INTO blocks (id, site, service, band, day, first_sequence, last_sequence, public_key, leased_by, "
        "leased_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {leased.id, leased.site, leased.service, leased.band, leased.day, leased.first_sequence, leased.last_sequence,
         base64url_encode(leased.public_key), leased.leased_by, to_millis(now)});
    if (!inserted) {
        return Unexpected(inserted.error());
    }
    return leased;
}

}  // namespace

// One text for both sides: the kiosk signs with the same functions.
std::string offline_ticket_message(const Block& block, const OfflineTicket& ticket) {
    return madoguchi::offline_ticket_message(block.site, block.id, ticket.id, ticket.sequence, ticket.priority,
                                             ticket.issued_at_ms);
}

std::string offline_status_message(std::string_view site, std::string_view block_id, std::string_view ticket_id,
                                   std::int64_t sequence) {
    return madoguchi::offline_status_message(site, block_id, ticket_id, sequence);
}

std::string block_lease_message(const Block& block) {
    return "madoguchi-block-v1\n" + block.site + "\n" + block.id + "\n" + block.service + "\n" + block.day + "\n" +
           std::to_string(block.first_sequence) + "\n" + std::to_string(block.last_sequence) + "\n" +
           base64url_encode(block.public_key);
}

Stored<Block> BlockStore::lease(const Block& block, std::int64_t size, TimePoint now) {
    return in_transaction<Block>(m_database,
                                 [&](Statements& statements) { return lease_numbers(statements, block, size, now); });
}

Stored<Keyed<Block>> BlockStore::lease(const Block& block, std::int64_t size, TimePoint now, const KeyClaim& claim,
                                       const std::function<StoredResponse(const Block&)>& respond) {
    return keyed_transaction<Block>(
        m_database, claim, now, [&](Statements& statements) { return lease_numbers(statements, block, size, now); },
        respond);
}

Stored<Block> BlockStore::find(const std::string& block_id, const std::string& site) {
    return in_transaction<Block>(m_database,
                                 [&](Statements& statements) { return read_block(statements, block_id, site); });
}

Stored<Ticket> BlockStore::reconcile(const std::string& block_id, const std::string& site, const OfflineTicket& offline,
                                     const std::string& actor, TimePoint now) {
    return in_transaction<Ticket>(m_database, [&](Statements& statements) -> Stored<Ticket> {
        if (auto locked = lock_site(statements, site); !locked) {
            return Unexpected(locked.error());
        }
        auto block = read_block(statements, block_id, site);
        if (!block) {
            return Unexpected(block.error());
        }
        if (!verify_signature(block->public_key, offline_ticket_message(*block, offline), offline.signature)) {
            return fail(StorageError::rejected, "the ticket's signature does not verify with the block key");
        }
        if (offline.sequence < block->first_sequence || offline.sequence > block->last_sequence) {
            return fail(StorageError::rejected, "the number lies outside the block");
        }
        auto existing = statements.query(select_tickets("id = ?"), {offline.id});
        if (!existing) {
            return Unexpected(existing.error());
        }
        const std::int64_t now_ms = to_millis(now);
        if (!existing->empty()) {
            Ticket ticket = ticket_from(existing->front());
            if (ticket.site != site || ticket.service != block->service || ticket.day != block->day ||
                ticket.sequence != offline.sequence) {
                return fail(StorageError::constraint, "another ticket has this id");
            }
            if (offline.printed || ticket.state == TicketState::cancelled) {
                return ticket;
            }
            // The printed version was delivered before the kiosk learnt the print had failed.
            if (ticket.state != TicketState::waiting) {
                return fail(StorageError::wrong_state,
                            "cannot cancel a ticket that is " + std::string(state_name(ticket.state)));
            }
            if (auto updated = set_state(statements, ticket, TicketState::cancelled, now_ms); !updated) {
                return Unexpected(updated.error());
            }
            if (auto event = record_event(statements, ticket, "not_printed", TicketState::waiting, actor, now_ms);
                !event) {
                return Unexpected(event.error());
            }
            if (auto audited = append_audit(statements, AuditEntry{now_ms, actor, "not_printed", ticket.id}); !audited) {
                return Unexpected(audited.error());
            }
            return ticket;
        }
        Ticket ticket;
        ticket.id = offline.id;
        ticket.site = site;
        ticket.service = block->service;
        ticket.day = block->day;
        ticket.sequence = offline.sequence;
        ticket.number = format_number(block->band, offline.sequence);
        ticket.priority = offline.priority;
        ticket.assisted = offline.assisted;
        // A kiosk clock running ahead must not push its tickets behind people already waiting.
        ticket.issued_at_ms = std::min(offline.issued_at_ms, now_ms);
        ticket.updated_at_ms = now_ms;
        ticket.state = offline.printed ? TicketState::waiting : TicketState::cancelled;
        if (auto inserted = insert_ticket(statements, ticket); !inserted) {
            return Unexpected(inserted.error());
        }
        auto linked = statements.query("UPDATE tickets SET block_id = ? WHERE id = ?", {block_id, ticket.id});
        if (!linked) {
            return Unexpected(linked.error());
        }
        // Never on paper, never in the queue: the one event says why the number was used.
        const std::string_view kind = offline.printed ? "issued" : "not_printed";
        if (auto event = record_event(statements, ticket, kind, std::nullopt, actor, ticket.issued_at_ms); !event) {
            return Unexpected(event.error());
        }
        if (!offline.printed) {
            if (auto audited = append_audit(statements, AuditEntry{now_ms, actor, "not_printed", ticket.id}); !audited) {
                return Unexpected(audited.error());
            }
        }
        return ticket;
    });
}

}  // namespace madoguchi::server
