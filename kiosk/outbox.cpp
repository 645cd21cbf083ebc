#include "outbox.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include <algorithm>
#include <iterator>
#include <random>

#include "sealed_box.hpp"
#include "sqlite_statement.hpp"

namespace madoguchi {
namespace {

constexpr auto k_first_backoff = std::chrono::seconds(1);
constexpr auto k_max_backoff = std::chrono::minutes(5);

constexpr const char* k_schema = R"(
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    sealed BLOB NOT NULL,          -- nonce || ciphertext || tag
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,
    set_aside INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (set_aside, next_attempt_ms, id);
)";

std::int64_t to_ms(Outbox::TimePoint time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

std::unexpected<Error<OutboxError>> storage_error(sqlite3* db, std::string_view what) {
    return std::unexpected(Error<OutboxError>{OutboxError::storage, std::string(what) + ": " + sqlite3_errmsg(db)});
}


// The row's identity (key, method, path) is authenticated with the body, so a row cannot be
// replayed under another key or sent to another endpoint.
std::string associated_data(std::string_view key, std::string_view method, std::string_view path) {
    std::string data(key);
    data += '\n';
    data += method;
    data += '\n';
    data += path;
    return data;
}

std::optional<std::string> random_key() {
    std::array<std::uint8_t, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        return std::nullopt;
    }
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string key;
    for (std::uint8_t byte : bytes) {
        key += k_hex[byte >> 4];
        key += k_hex[byte & 0x0F];
    }
    return key;
}

}  // namespace

struct Outbox::State {
    sqlite3* db = nullptr;
    TerminalKey key{};
    std::mt19937 jitter{std::random_device{}()};

    ~State() {
        OPENSSL_cleanse(key.data(), key.size());
        sqlite3_close(db);
    }
};

OutboxResult<TerminalKey> load_terminal_key(const std::filesystem::path& path) {
    auto key = load_secret_key(path, "terminal key");
    if (!key) {
        return fail(OutboxError::key, key.error());
    }
    return *key;
}

Outbox::Outbox(std::unique_ptr<State> state) : m_state(std::move(state)) {}
Outbox::Outbox(Outbox&&) noexcept = default;
Outbox& Outbox::operator=(Outbox&&) noexcept = default;
Outbox::~Outbox() = default;

OutboxResult<Outbox> Outbox::open(const std::filesystem::path& database, const TerminalKey& key) {
    auto state = std::make_unique<State>();
    state->key = key;
    if (sqlite3_open(database.c_str(), &state->db) != SQLITE_OK) {
        return storage_error(state->db, "cannot open outbox " + database.string());
    }
    sqlite3_busy_timeout(state->db, 5000);
    for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", k_schema}) {
        if (sqlite3_exec(state->db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
            return storage_error(state->db, "cannot prepare outbox " + database.string());
        }
    }
    return Outbox(std::move(state));
}

namespace {

OutboxResult<QueuedRequest> insert_row(sqlite3* db, const TerminalKey& terminal_key, std::string_view method,
                                       std::string_view path, std::span<const std::uint8_t> body,
                                       Outbox::TimePoint now) {
    const auto key = random_key();
    if (!key) {
        return fail(OutboxError::storage, "no randomness for an idempotency key");
    }
    const auto sealed = seal(terminal_key, body, associated_data(*key, method, path));
    if (!sealed) {
        return fail(OutboxError::storage, "AES-256-GCM sealing failed");
    }
    Statement insert(db, "INSERT INTO outbox (idempotency_key, method, path, sealed, next_attempt_ms) VALUES (?, ?, ?, ?, ?)");
    if (!insert.ok()) {
        return storage_error(db, "outbox insert");
    }
    insert.bind(1, *key);
    insert.bind(2, method);
    insert.bind(3, path);
    insert.bind(4, std::span<const std::uint8_t>(*sealed));
    insert.bind(5, to_ms(now));
    if (insert.step() != SQLITE_DONE) {
        return storage_error(db, "outbox insert");
    }
    return QueuedRequest{sqlite3_last_insert_rowid(db), *key};
}

}  // namespace

OutboxResult<std::string> Outbox::enqueue(std::string_view method, std::string_view path,
                                          std::span<const std::uint8_t> body, TimePoint now) {
    auto queued = insert_row(m_state->db, m_state->key, method, path, body, now);
    if (!queued) {
        return std::unexpected(queued.error());
    }
    return queued->idempotency_key;
}

OutboxResult<QueuedRequest> Outbox::enqueue_with(const std::function<OutboxResult<OutboxRequest>()>& change,
                                                 TimePoint now) {
    sqlite3* db = m_state->db;
    // IMMEDIATE: the write lock is taken before `change` reads, so two processes sharing the
    // file cannot both read the same state and then write on top of each other.
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
        return storage_error(db, "outbox transaction");
    }
    auto request = change();
    auto queued = request ? insert_row(db, m_state->key, request->method, request->path, request->body, now)
                          : OutboxResult<QueuedRequest>(std::unexpected(request.error()));
    if (queued && sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK) {
        return queued;
    }
    auto failure = queued ? storage_error(db, "outbox commit") : std::unexpected(queued.error());
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return failure;
}

OutboxResult<bool> Outbox::take_back(std::int64_t id) {
    Statement remove(m_state->db, "DELETE FROM outbox WHERE id = ? AND set_aside = 0");
    remove.bind(1, id);
    if (remove.step() != SQLITE_DONE) {
        return storage_error(m_state->db, "outbox take back");
    }
    return sqlite3_changes(m_state->db) == 1;
}

sqlite3* Outbox::database() const {
    return m_state->db;
}

OutboxResult<std::vector<OutboxItem>> Outbox::due(TimePoint now, std::size_t limit) {
    while (true) {
        std::vector<OutboxItem> items;
        std::vector<std::int64_t> tampered;
        {
            Statement select(m_state->db,
                             // "+set_aside": walk the rows in id order (the primary key) and stop at
                             // the limit, rather than sort every waiting row on each call.
                             "SELECT id, idempotency_key, method, path, sealed, attempts FROM outbox "
                             "WHERE +set_aside = 0 AND id < COALESCE((SELECT MIN(id) FROM outbox "
                             "WHERE set_aside = 0 AND next_attempt_ms > ?1), 9223372036854775807) "
                             "ORDER BY id LIMIT ?2");
            if (!select.ok()) {
                return storage_error(m_state->db, "outbox select");
            }
            select.bind(1, to_ms(now));
            select.bind(2, static_cast<std::int64_t>(limit));
            for (int step = select.step(); step != SQLITE_DONE; step = select.step()) {
                if (step != SQLITE_ROW) {
                    return storage_error(m_state->db, "outbox select");
                }
                OutboxItem item;
                sqlite3_stmt* row = select.get();
                item.id = sqlite3_column_int64(row, 0);
                item.idempotency_key = reinterpret_cast<const char*>(sqlite3_column_text(row, 1));
                item.method = reinterpret_cast<const char*>(sqlite3_column_text(row, 2));
                item.path = reinterpret_cast<const char*>(sqlite3_column_text(row, 3));
                const auto* sealed = static_cast<const std::uint8_t*>(sqlite3_column_blob(row, 4));
                const auto sealed_size = static_cast<std::size_t>(sqlite3_column_bytes(row, 4));
                item.attempts = sqlite3_column_int(row, 5);
                auto body = open_sealed(m_state->key, std::span(sealed, sealed_size),
                                        associated_data(item.idempotency_key, item.method, item.path));
                if (body) {
                    item.body = std::move(*body);
                    items.push_back(std::move(item));
                } else {
                    tampered.push_back(item.id);
                }
            }
        }
        for (const std::int64_t id : tampered) {
            if (auto aside = set_aside(id); !aside) {
                return std::unexpected(aside.error());
            }
        }
        // A batch of nothing but tampered rows must not look like an empty outbox.
        if (!items.empty() || tampered.empty()) {
            return items;
        }
    }
}

OutboxResult<std::optional<OutboxItem>> Outbox::next_due(TimePoint now) {
    auto items = due(now, 1);
    if (!items) {
        return std::unexpected(items.error());
    }
    if (items->empty()) {
        return std::optional<OutboxItem>{};
    }
    return std::optional<OutboxItem>(std::move(items->front()));
}

OutboxResult<void> Outbox::set_aside(std::int64_t id) {
    Statement aside(m_state->db, "UPDATE outbox SET set_aside = 1 WHERE id = ?");
    aside.bind(1, id);
    if (aside.step() != SQLITE_DONE) {
        return storage_error(m_state->db, "outbox set aside");
    }
    return {};
}

OutboxResult<void> Outbox::acknowledge(std::int64_t id) {
    return acknowledge(std::span<const std::int64_t>(&id, 1));
}

OutboxResult<void> Outbox::acknowledge(std::span<const std::int64_t> ids) {
    if (sqlite3_exec(m_state->db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
        return storage_error(m_state->db, "outbox delete");
    }
    Statement remove(m_state->db, "DELETE FROM outbox WHERE id = ?");
    for (const std::int64_t id : ids) {
        remove.bind(1, id);
        if (remove.step() != SQLITE_DONE) {
            auto failed = storage_error(m_state->db, "outbox delete");
            sqlite3_exec(m_state->db, "ROLLBACK", nullptr, nullptr, nullptr);
            return failed;
        }
        sqlite3_reset(remove.get());
    }
    if (sqlite3_exec(m_state->db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        auto failed = storage_error(m_state->db, "outbox delete");
        sqlite3_exec(m_state->db, "ROLLBACK", nullptr, nullptr, nullptr);
        return failed;
    }
    return {};
}

OutboxResult<void> Outbox::retry_later(std::int64_t id, TimePoint now) {
    Statement attempts(m_state->db, "SELECT attempts FROM outbox WHERE id = ?");
    attempts.bind(1, id);
    if (attempts.step() != SQLITE_ROW) {
        return fail(OutboxError::storage, "outbox row " + std::to_string(id) + " is gone");
    }
    const int done = sqlite3_column_int(attempts.get(), 0) + 1;
    const std::chrono::milliseconds doubled = k_first_backoff * (std::int64_t{1} << std::min(done - 1, 16));
    const std::chrono::milliseconds backoff = std::min<std::chrono::milliseconds>(doubled, k_max_backoff);
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    const auto delay = std::chrono::milliseconds(
        static_cast<std::int64_t>(static_cast<double>(backoff.count()) * jitter(m_state->jitter)));
    Statement update(m_state->db, "UPDATE outbox SET attempts = ?, next_attempt_ms = ? WHERE id = ?");
    update.bind(1, static_cast<std::int64_t>(done));
    update.bind(2, to_ms(now + delay));
    update.bind(3, id);
    if (update.step() != SQLITE_DONE) {
        return storage_error(m_state->db, "outbox retry");
    }
    return {};
}

OutboxResult<void> Outbox::make_due_now(TimePoint now) {
    Statement update(m_state->db, "UPDATE outbox SET next_attempt_ms = ? WHERE set_aside = 0 AND next_attempt_ms > ?");
    update.bind(1, to_ms(now));
    update.bind(2, to_ms(now));
    if (update.step() != SQLITE_DONE) {
        return storage_error(m_state->db, "outbox make due");
    }
    return {};
}

namespace {

OutboxResult<std::size_t> count(sqlite3* db, const char* sql) {
    Statement select(db, sql);
    if (!select.ok() || select.step() != SQLITE_ROW) {
        return storage_error(db, "outbox count");
    }
    return static_cast<std::size_t>(sqlite3_column_int64(select.get(), 0));
}

}  // namespace

OutboxResult<std::size_t> Outbox::pending() {
    return count(m_state->db, "SELECT COUNT(*) FROM outbox WHERE set_aside = 0");
}

OutboxResult<std::size_t> Outbox::set_aside_count() {
    return count(m_state->db, "SELECT COUNT(*) FROM outbox WHERE set_aside = 1");
}

OutboxResult<std::optional<Outbox::TimePoint>> Outbox::next_attempt() {
    // The oldest waiting row's time: nothing behind it goes before it does.
    Statement select(m_state->db, "SELECT next_attempt_ms FROM outbox WHERE +set_aside = 0 ORDER BY id LIMIT 1");
    if (!select.ok()) {
        return storage_error(m_state->db, "outbox next attempt");
    }
    const int step = select.step();
    if (step == SQLITE_DONE) {
        return std::optional<TimePoint>{};
    }
    if (step != SQLITE_ROW) {
        return storage_error(m_state->db, "outbox next attempt");
    }
    return std::optional<TimePoint>(TimePoint(std::chrono::milliseconds(sqlite3_column_int64(select.get(), 0))));
}

}  // namespace madoguchi
