#include "number_blocks.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "application_payload.hpp"
#include "block_key.hpp"
#include "log.hpp"
#include "sealed_box.hpp"
#include "sqlite_statement.hpp"

namespace madoguchi {
namespace {

constexpr const char* k_schema = R"(
CREATE TABLE IF NOT EXISTS number_blocks (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    service TEXT NOT NULL,
    band TEXT NOT NULL,
    day TEXT NOT NULL,
    first_sequence INTEGER NOT NULL,
    last_sequence INTEGER NOT NULL,
    next_sequence INTEGER NOT NULL,
    status_base_url TEXT NOT NULL,
    sealed_key BLOB NOT NULL,      -- the block's Ed25519 private key: nonce || ciphertext || tag
    broken INTEGER NOT NULL DEFAULT 0
);
)";

constexpr const char* k_columns =
    "SELECT id, site, service, band, day, first_sequence, last_sequence, next_sequence, status_base_url, sealed_key "
    "FROM number_blocks WHERE broken = 0 ";

std::unexpected<Error<BlockError>> storage_error(sqlite3* db, std::string_view what) {
    return std::unexpected(Error<BlockError>{BlockError::storage, std::string(what) + ": " + sqlite3_errmsg(db)});
}

// The key is bound to its block's identity and range: a key moved onto another row, or a row
// whose range was changed, no longer opens.
std::string key_binding(const NumberBlock& block) {
    return "madoguchi-number-block\n" + block.id + "\n" + block.site + "\n" + block.service + "\n" + block.day +
           "\n" + std::to_string(block.first) + "\n" + std::to_string(block.last);
}

struct StoredBlock {
    NumberBlock block;
    std::vector<std::uint8_t> sealed_key;
};

StoredBlock read_row(const Statement& row) {
    StoredBlock stored;
    stored.block = NumberBlock{std::string(row.text(0)), std::string(row.text(1)), std::string(row.text(2)),
                               std::string(row.text(3)), std::string(row.text(4)), row.integer(5),
                               row.integer(6),           row.integer(7),           std::string(row.text(8))};
    const auto sealed = row.blob(9);
    stored.sealed_key.assign(sealed.begin(), sealed.end());
    return stored;
}

Result<std::vector<StoredBlock>, BlockError> read_blocks(sqlite3* db, const std::string& where, std::string_view value) {
    Statement select(db, (std::string(k_columns) + where + " ORDER BY first_sequence").c_str());
    if (!select.ok()) {
        return storage_error(db, "number blocks select");
    }
    if (!value.empty()) {
        select.bind(1, value);
    }
    std::vector<StoredBlock> blocks;
    int step = SQLITE_ROW;
    while ((step = select.step()) == SQLITE_ROW) {
        blocks.push_back(read_row(select));
    }
    if (step != SQLITE_DONE) {
        return storage_error(db, "number blocks select");
    }
    return blocks;
}

std::string random_ticket_id() {
    std::array<std::uint8_t, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw std::runtime_error("the system's random generator failed");
    }
    return base64url_encode(bytes);
}

std::span<const std::uint8_t> bytes_of(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

struct NumberBlocks::State {
    Outbox* outbox = nullptr;
    TerminalKey key{};

    sqlite3* db() const { return outbox->database(); }
    ~State() { OPENSSL_cleanse(key.data(), key.size()); }
};

NumberBlocks::NumberBlocks(std::unique_ptr<State> state) : m_state(std::move(state)) {}
NumberBlocks::NumberBlocks(NumberBlocks&&) noexcept = default;
NumberBlocks& NumberBlocks::operator=(NumberBlocks&&) noexcept = default;
NumberBlocks::~NumberBlocks() = default;

Result<NumberBlocks, BlockError> NumberBlocks::open(Outbox& outbox, const TerminalKey& key) {
    auto state = std::make_unique<State>();
    state->outbox = &outbox;
    state->key = key;
    if (sqlite3_exec(state->db(), k_schema, nullptr, nullptr, nullptr) != SQLITE_OK) {
        return storage_error(state->db(), "cannot prepare the number blocks");
    }
    return NumberBlocks(std::move(state));
}

Result<void, BlockError> NumberBlocks::add(const NumberBlock& block, const card::SecureBytes& private_key) {
    const auto sealed = seal(m_state->key, private_key, key_binding(block));
    if (!sealed) {
        return fail(BlockError::storage, "AES-256-GCM sealing failed");
    }
    Statement insert(m_state->db(),
                     "INSERT INTO number_blocks (id, site, service, band, day, first_sequence, last_sequence, "
                     "next_sequence, status_base_url, sealed_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, block.id);
    insert.bind(2, block.site);
    insert.bind(3, block.service);
    insert.bind(4, block.band);
    insert.bind(5, block.day);
    insert.bind(6, block.first);
    insert.bind(7, block.last);
    insert.bind(8, block.next);
    insert.bind(9, block.status_base_url);
    insert.bind(10, std::span<const std::uint8_t>(*sealed));
    if (insert.step() != SQLITE_DONE) {
        return storage_error(m_state->db(), "number block insert");
    }
    return {};
}

Result<std::vector<NumberBlock>, BlockError> NumberBlocks::list() {
    auto stored = read_blocks(m_state->db(), "", "");
    if (!stored) {
        return std::unexpected(stored.error());
    }
    std::vector<NumberBlock> blocks;
    for (StoredBlock& row : *stored) {
        if (open_sealed(m_state->key, row.sealed_key, key_binding(row.block))) {
            blocks.push_back(std::move(row.block));
        }
    }
    return blocks;
}

Result<void, BlockError> NumberBlocks::drop_unusable(std::string_view today) {
    auto stored = read_blocks(m_state->db(), "", "");
    if (!stored) {
        return std::unexpected(stored.error());
    }
    for (const StoredBlock& row : *stored) {
        const bool opens = open_sealed(m_state->key, row.sealed_key, key_binding(row.block)).has_value();
        if (opens && row.block.day == today) {
            continue;
        }
        log::warn("number_block_dropped", {{"block", row.block.id},
                                           {"service", row.block.service},
                                           {"reason", opens ? "another day" : "its key does not open"}});
        Statement remove(m_state->db(), "DELETE FROM number_blocks WHERE id = ?");
        remove.bind(1, row.block.id);
        if (remove.step() != SQLITE_DONE) {
            return storage_error(m_state->db(), "number block delete");
        }
    }
    Statement remove(m_state->db(), "DELETE FROM number_blocks WHERE broken = 1");
    if (remove.step() != SQLITE_DONE) {
        return storage_error(m_state->db(), "number block delete");
    }
    return {};
}

Result<OfflineIssue, BlockError> NumberBlocks::issue(std::string_view service, bool priority, bool assisted,
                                                     TimePoint now) {
    const std::string today = tokyo_day(now);
    const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    sqlite3* db = m_state->db();
    std::vector<std::string> broken;
    std::optional<Error<BlockError>> refusal;
    OfflineIssue issued;
    const auto take_number = [&]() -> OutboxResult<OutboxRequest> {
        auto stored = read_blocks(db, "AND service = ?", service);
        if (!stored) {
            refusal = stored.error();
            return fail(OutboxError::storage, stored.error().message);
        }
        std::vector<NumberBlock> candidates;
        for (const StoredBlock& row : *stored) {
            candidates.push_back(row.block);
        }
        while (const NumberBlock* block = block_to_issue_from(candidates, service, today)) {
            const auto row = std::ranges::find_if(*stored, [&](const StoredBlock& s) { return s.block.id == block->id; });
            const auto key = open_sealed(m_state->key, row->sealed_key, key_binding(*block));
            const std::string ticket_id = random_ticket_id();
            const std::int64_t sequence = block->next;
            const auto status_signature =
                key ? sign_with_block_key(*key, offline_status_message(block->site, block->id, ticket_id, sequence))
                    : std::nullopt;
            const auto ticket_signature =
                key ? sign_with_block_key(*key, offline_ticket_message(block->site, block->id, ticket_id, sequence,
                                                                       priority, now_ms))
                    : std::nullopt;
            if (!status_signature || !ticket_signature) {
                broken.push_back(block->id);
                std::erase_if(candidates, [&](const NumberBlock& c) { return c.id == row->block.id; });
                continue;
            }
            Statement advance(db, "UPDATE number_blocks SET next_sequence = ? WHERE id = ? AND next_sequence = ?");
            advance.bind(1, sequence + 1);
            advance.bind(2, block->id);
            advance.bind(3, sequence);
            if (advance.step() != SQLITE_DONE || sqlite3_changes(db) != 1) {
                refusal = Error<BlockError>{BlockError::storage, std::string("number block update: ") + sqlite3_errmsg(db)};
                return fail(OutboxError::storage, refusal->message);
            }
            IssuedTicket& ticket = issued.ticket;
            ticket.id = ticket_id;
            ticket.site = block->site;
            ticket.service = block->service;
            ticket.number = ticket_number(block->band, sequence);
            ticket.priority = priority;
            ticket.issued_at_ms = now_ms;
            ticket.qr_url = offline_qr_url(*block, ticket_id, sequence, base64url_encode(bytes_of(*status_signature)));
            ticket.offline = true;
            const std::string body = nlohmann::json{{"id", ticket_id},
                                                    {"sequence", sequence},
                                                    {"priority", priority},
                                                    {"issued_at_ms", now_ms},
                                                    {"signature", base64url_encode(bytes_of(*ticket_signature))},
                                                    {"assisted", assisted}}
                                         .dump();
            const auto body_bytes = bytes_of(body);
            issued.reconcile = OutboxRequest{"POST", "/api/v1/sites/" + block->site + "/blocks/" + block->id + "/tickets",
                                             std::vector<std::uint8_t>(body_bytes.begin(), body_bytes.end())};
            return issued.reconcile;
        }
        refusal = Error<BlockError>{BlockError::no_block,
                                    "no usable number block for " + std::string(service) + " on " + today};
        return fail(OutboxError::storage, refusal->message);
    };
    auto queued = m_state->outbox->enqueue_with(take_number, now);
    for (const std::string& id : broken) {
        log::error("number_block_broken", {{"block", id}, {"detail", "its key does not open"}});
        Statement mark(db, "UPDATE number_blocks SET broken = 1 WHERE id = ?");
        mark.bind(1, id);
        mark.step();
    }
    if (!queued) {
        if (refusal) {
            return std::unexpected(*refusal);
        }
        return fail(BlockError::storage, queued.error().message);
    }
    issued.outbox_row = queued->id;
    return issued;
}

Result<void, BlockError> NumberBlocks::report_unprinted(const OfflineIssue& issued, TimePoint now) {
    nlohmann::json body = nlohmann::json::parse(issued.reconcile.body, nullptr, false);
    if (!body.is_object()) {
        return fail(BlockError::storage, "the reconcile request is not a JSON object");
    }
    body["printed"] = false;
    const std::string text = body.dump();
    const auto text_bytes = bytes_of(text);
    Outbox& outbox = *m_state->outbox;
    auto queued = outbox.enqueue_with(
        [&]() -> OutboxResult<OutboxRequest> {
            if (auto taken = outbox.take_back(issued.outbox_row); !taken) {
                return std::unexpected(taken.error());
            }
            return OutboxRequest{issued.reconcile.method, issued.reconcile.path,
                                 std::vector<std::uint8_t>(text_bytes.begin(), text_bytes.end())};
        },
        now);
    if (!queued) {
        return fail(BlockError::storage, queued.error().message);
    }
    return {};
}

}  // namespace madoguchi
