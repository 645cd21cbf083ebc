#pragma once
// The narrow SQL interface both storage back ends implement. The repository writes its SQL once
// with '?' placeholders; a back end runs it inside transactions that serialise writers.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kiosk/error.hpp"

namespace madoguchi::server {

enum class StorageError {
    unavailable,  // the database cannot be reached or opened
    failed,       // a statement failed for a reason the request cannot fix
    constraint,   // a unique or foreign key constraint refused the write
    not_found,    // an unknown site, ticket or counter
    wrong_state,  // the ticket or counter is not in a state that allows the action
    busy,         // retry later: the counter already has a ticket, a staff id is locked out a while
    mismatch,     // an idempotency key reused with another request
    rejected,     // content the request cannot change into something valid (a bad signature)
};

template <typename T>
using Stored = Result<T, StorageError>;

using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string>;
using SqlRow = std::vector<std::optional<std::string>>;

enum class Dialect { sqlite, postgresql };

// The rows of a statement sent with Statements::query_later: there once a `query` after it in
// the same transaction has succeeded.
using LaterRows = std::shared_ptr<std::optional<std::vector<SqlRow>>>;

class Statements {
public:
    virtual ~Statements() = default;
    // Runs one statement; rows come back as text (NULL as nullopt) whatever the column type.
    virtual Stored<std::vector<SqlRow>> query(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
    // Runs a statement whose rows nobody reads. A back end may send it without waiting for its
    // answer (PostgreSQL's writer does): its error, with its own code, then comes back from the
    // next `query` of the same transaction, or fails the transaction when none follows. Either
    // way the transaction never commits past it.
    virtual Stored<void> execute(std::string_view sql, const std::vector<SqlValue>& params = {}) {
        auto rows = query(sql, params);
        if (!rows) {
            return std::unexpected(rows.error());
        }
        return {};
    }
    // Runs a statement whose rows are needed only after the next `query`. A back end may send it
    // and read its answer with that query's (PostgreSQL's writer does): one wait for both. Its
    // error then comes back from that query, and its rows stay empty (nullopt) when it, or a
    // statement before it, failed.
    virtual Stored<LaterRows> query_later(std::string_view sql, const std::vector<SqlValue>& params = {}) {
        auto rows = query(sql, params);
        if (!rows) {
            return std::unexpected(rows.error());
        }
        return std::make_shared<std::optional<std::vector<SqlRow>>>(std::move(*rows));
    }
};

class Database {
public:
    virtual ~Database() = default;
    virtual Dialect dialect() const = 0;
    // Runs `work` in one transaction: committed when it succeeds, rolled back when it fails.
    virtual Stored<void> transaction(const std::function<Stored<void>(Statements&)>& work) = 0;
    // Runs `work`, which only reads, in a transaction that sees everything committed before it.
    // SQLite runs it on a connection of its own beside the writer, so that a long read (an
    // hour of events) holds up no ticket; here, the default: an ordinary transaction.
    virtual Stored<void> read(const std::function<Stored<void>(Statements&)>& work) { return transaction(work); }
    // Runs `work`, whose transactions share one commit where the back end can (SQLite and
    // PostgreSQL: each in a savepoint of its own, so a failed one changes nothing and the others
    // stand; `work` runs on the writer thread, and it must not wait for other transactions). An error means nothing of it
    // was committed. Here, the default: `work` runs on this thread and each transaction commits
    // on its own, in order.
    virtual Stored<void> batch(const std::function<void()>& work) {
        work();
        return {};
    }
};

// Connections the server keeps to PostgreSQL for reads unless `[storage] connections` says
// otherwise: each read takes one. Writes go through one more, the writer's.
inline constexpr std::size_t k_postgresql_connections = 4;

// "sqlite:PATH" or "postgresql://…" (a libpq connection URI). `connections` is PostgreSQL's pool
// of readers; SQLite has one writer and one reader whatever it says.
Stored<std::unique_ptr<Database>> open_database(const std::string& url,
                                                std::size_t connections = k_postgresql_connections);

Stored<std::unique_ptr<Database>> open_sqlite(const std::string& path);
Stored<std::unique_ptr<Database>> open_postgresql(const std::string& url, std::size_t connections);

}  // namespace madoguchi::server
