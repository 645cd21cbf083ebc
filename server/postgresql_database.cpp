#include <libpq-fe.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "server/database.hpp"

namespace madoguchi::server {
namespace {

constexpr int k_attempts = 3;

// The repository's SQL uses '?' placeholders (SQLite's); libpq wants $1, $2, …
std::string numbered_placeholders(std::string_view sql) {
    std::string text;
    int next = 1;
    bool in_literal = false;
    for (char c : sql) {
        if (c == '\'') {
            in_literal = !in_literal;
        }
        if (c == '?' && !in_literal) {
            text += '$' + std::to_string(next++);
        } else {
            text += c;
        }
    }
    return text;
}

bool is_retryable(std::string_view sqlstate) {
    // serialization_failure, deadlock_detected: the whole transaction may simply run again.
    return sqlstate == "40001" || sqlstate == "40P01";
}

// Statements the repository runs again and again: parsed and planned once per connection.
bool worth_preparing(std::string_view sql) {
    for (std::string_view verb : {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}) {
        if (sql.starts_with(verb)) {
            return true;
        }
    }
    return false;
}

// A pooled connection and the statements prepared on it (SQL text → statement name). The
// prepared statements belong to the session: a reset connection starts without them.
struct PgConnection {
    PGconn* handle = nullptr;
    std::unordered_map<std::string, std::string> prepared;
};

class PgStatements final : public Statements {
public:
    explicit PgStatements(PgConnection& connection) : m_pooled(connection), m_connection(connection.handle) {}

    Stored<std::vector<SqlRow>> query(std::string_view sql, const std::vector<SqlValue>& params) override {
        const std::string text = numbered_placeholders(sql);
        std::vector<std::string> storage;
        storage.reserve(params.size());
        std::vector<const char*> values;
        for (const SqlValue& value : params) {
            if (std::holds_alternative<std::nullptr_t>(value)) {
                values.push_back(nullptr);
                continue;
            }
            if (const auto* number = std::get_if<std::int64_t>(&value)) {
                storage.push_back(std::to_string(*number));
            } else {
                storage.push_back(std::get<std::string>(value));
            }
            values.push_back(storage.back().c_str());
        }
        const std::string* prepared = worth_preparing(text) ? prepare(text, static_cast<int>(values.size())) : nullptr;
        PGresult* result = prepared != nullptr
                               ? PQexecPrepared(m_connection, prepared->c_str(), static_cast<int>(values.size()),
                                                values.data(), nullptr, nullptr, 0)
                               : PQexecParams(m_connection, text.c_str(), static_cast<int>(values.size()), nullptr,
                                              values.data(), nullptr, nullptr, 0);
        const std::unique_ptr<PGresult, decltype(&PQclear)> owner(result, PQclear);
        const ExecStatusType status = PQresultStatus(result);
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
            m_last_sqlstate = state == nullptr ? "" : state;
            const bool constraint = m_last_sqlstate.starts_with("23");
            return fail(constraint ? StorageError::constraint : StorageError::failed,
                        std::string("postgresql: ") + PQerrorMessage(m_connection));
        }
        std::vector<SqlRow> rows;
        const int row_count = PQntuples(result);
        const int column_count = PQnfields(result);
        rows.reserve(static_cast<std::size_t>(row_count));
        for (int row = 0; row < row_count; ++row) {
            SqlRow values_out;
            for (int column = 0; column < column_count; ++column) {
                if (PQgetisnull(result, row, column) == 1) {
                    values_out.emplace_back(std::nullopt);
                } else {
                    values_out.emplace_back(std::string(PQgetvalue(result, row, column),
                                                        static_cast<std::size_t>(PQgetlength(result, row, column))));
                }
            }
            rows.push_back(std::move(values_out));
        }
        return rows;
    }

    const std::string& last_sqlstate() const { return m_last_sqlstate; }

private:
    // The statement's name on this connection, prepared now if it is new; nothing when it cannot
    // be prepared (the transaction has failed, say), and the statement then runs unprepared.
    const std::string* prepare(const std::string& text, int parameters) {
        if (const auto found = m_pooled.prepared.find(text); found != m_pooled.prepared.end()) {
            return &found->second;
        }
        std::string name = "madoguchi_" + std::to_string(m_pooled.prepared.size());
        PGresult* result = PQprepare(m_connection, name.c_str(), text.c_str(), parameters, nullptr);
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        if (!ok) {
            return nullptr;
        }
        return &m_pooled.prepared.emplace(text, std::move(name)).first->second;
    }

    PgConnection& m_pooled;
    PGconn* m_connection;
    std::string m_last_sqlstate;
};

// A small pool: each transaction takes a connection of its own, so that concurrent requests
// meet in PostgreSQL's row locks rather than in a mutex here.
class PgDatabase final : public Database {
public:
    PgDatabase(std::string url, std::size_t size) : m_url(std::move(url)), m_size(size) {}
    ~PgDatabase() override {
        for (const auto& connection : m_idle) {
            PQfinish(connection->handle);
        }
    }
    PgDatabase(const PgDatabase&) = delete;
    PgDatabase& operator=(const PgDatabase&) = delete;

    Dialect dialect() const override { return Dialect::postgresql; }

    Stored<PGconn*> connect() {
        PGconn* connection = PQconnectdb(m_url.c_str());
        if (PQstatus(connection) != CONNECTION_OK) {
            std::string message = PQerrorMessage(connection);
            PQfinish(connection);
            return fail(StorageError::unavailable, "postgresql connect: " + message);
        }
        return connection;
    }

    Stored<void> transaction(const std::function<Stored<void>(Statements&)>& work) override {
        if (t_batch.database == this) {
            return nested(*t_batch.connection, work);
        }
        auto connection = acquire();
        if (!connection) {
            return std::unexpected(connection.error());
        }
        Stored<void> result;
        for (int attempt = 0; attempt < k_attempts; ++attempt) {
            PgStatements statements(**connection);
            if (auto begun = statements.query("BEGIN", {}); !begun) {
                result = std::unexpected(begun.error());
                break;
            }
            try {
                result = work(statements);
            } catch (...) {
                // A programming error: the connection goes back to the pool clean, not holding
                // the transaction's locks for ever.
                statements.query("ROLLBACK", {});
                release(*connection);
                throw;
            }
            if (result) {
                auto committed = statements.query("COMMIT", {});
                if (committed) {
                    break;
                }
                result = std::unexpected(committed.error());
            } else {
                statements.query("ROLLBACK", {});
            }
            if (!is_retryable(statements.last_sqlstate())) {
                break;
            }
        }
        release(*connection);
        return result;
    }

    // One transaction on one connection for the whole batch; each transaction `work` runs on this
    // thread joins it in a savepoint of its own (nested), as on SQLite.
    Stored<void> batch(const std::function<void()>& work) override {
        auto connection = acquire();
        if (!connection) {
            return std::unexpected(connection.error());
        }
        PgStatements statements(**connection);
        if (auto begun = statements.query("BEGIN", {}); !begun) {
            release(*connection);
            return std::unexpected(begun.error());
        }
        t_batch = BatchConnection{this, *connection};
        try {
            work();
        } catch (...) {
            t_batch = {};
            statements.query("ROLLBACK", {});
            release(*connection);
            throw;
        }
        t_batch = {};
        auto committed = statements.query("COMMIT", {});
        if (!committed) {
            statements.query("ROLLBACK", {});
        }
        release(*connection);
        if (!committed) {
            return std::unexpected(committed.error());
        }
        return {};
    }

private:
    // A failed transaction changes nothing and the others stand; one that hit a deadlock or a
    // serialization failure runs again from its savepoint.
    static Stored<void> nested(PgConnection& connection, const std::function<Stored<void>(Statements&)>& work) {
        Stored<void> result;
        for (int attempt = 0; attempt < k_attempts; ++attempt) {
            PgStatements statements(connection);
            if (auto saved = statements.query("SAVEPOINT nested", {}); !saved) {
                return std::unexpected(saved.error());
            }
            try {
                result = work(statements);
            } catch (...) {
                statements.query("ROLLBACK TO SAVEPOINT nested", {});
                statements.query("RELEASE SAVEPOINT nested", {});
                throw;
            }
            if (result) {
                if (auto released = statements.query("RELEASE SAVEPOINT nested", {}); !released) {
                    return std::unexpected(released.error());
                }
                return result;
            }
            statements.query("ROLLBACK TO SAVEPOINT nested", {});
            statements.query("RELEASE SAVEPOINT nested", {});
            if (!is_retryable(statements.last_sqlstate())) {
                break;
            }
        }
        return result;
    }

    // The batch running on this thread, if any, and the connection its transaction is open on.
    struct BatchConnection {
        const PgDatabase* database = nullptr;
        PgConnection* connection = nullptr;
    };
    static thread_local BatchConnection t_batch;

    Stored<PgConnection*> acquire() {
        std::unique_lock lock(m_mutex);
        m_available.wait(lock, [&] { return !m_idle.empty() || m_open < m_size; });
        if (!m_idle.empty()) {
            PgConnection* connection = m_idle.back().release();
            m_idle.pop_back();
            lock.unlock();
            if (PQstatus(connection->handle) != CONNECTION_OK) {
                PQreset(connection->handle);
                connection->prepared.clear();
            }
            return connection;
        }
        ++m_open;
        lock.unlock();
        auto connection = connect();
        if (!connection) {
            const std::lock_guard relock(m_mutex);
            --m_open;
            m_available.notify_one();
            return std::unexpected(connection.error());
        }
        return new PgConnection{*connection, {}};
    }

    void release(PgConnection* connection) {
        const std::lock_guard lock(m_mutex);
        m_idle.emplace_back(connection);
        m_available.notify_one();
    }

    std::string m_url;
    std::size_t m_size;
    std::size_t m_open = 0;
    std::vector<std::unique_ptr<PgConnection>> m_idle;
    std::mutex m_mutex;
    std::condition_variable m_available;
};

thread_local PgDatabase::BatchConnection PgDatabase::t_batch;

}  // namespace

Stored<std::unique_ptr<Database>> open_postgresql(const std::string& url, std::size_t connections) {
    auto database = std::make_unique<PgDatabase>(url, connections);
    // Connect once now so that a wrong URL stops the server at start-up, not at the first ticket.
    auto probe = database->transaction([](Statements& statements) -> Stored<void> {
        auto rows = statements.query("SELECT 1", {});
        if (!rows) {
            return std::unexpected(rows.error());
        }
        return {};
    });
    if (!probe) {
        return std::unexpected(probe.error());
    }
    return std::unique_ptr<Database>(std::move(database));
}

}  // namespace madoguchi::server
