#include <libpq-fe.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "server/database.hpp"
#include "server/group_commit.hpp"

namespace madoguchi::server {
namespace {

constexpr int k_attempts = 3;
// A request is a savepoint or two, each a subtransaction. Past 64 of them in one transaction
// PostgreSQL stops listing them in the process array, and every reader's snapshot must then look
// them up in pg_subtrans; the batch's locks are also held longer from other servers.
constexpr std::size_t k_most_per_batch = 16;

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

// A statement prepared on a connection. PostgreSQL keeps the plan it made for the table sizes
// of its first runs: an UPDATE by key planned while the table held a handful of rows scans it
// whole once it holds thousands. So a statement is prepared anew after 1 000, 10 000, … runs,
// and planned again for the tables as they are by then.
struct PreparedStatement {
    std::string name;
    std::uint64_t runs = 0;
    std::uint64_t next_renewal = 1000;

    // Counts a run; true when the statement is due to be prepared anew.
    bool run_and_check_age() {
        if (++runs < next_renewal) {
            return false;
        }
        next_renewal *= 10;
        return true;
    }
};

// A connection and the statements prepared on it (by SQL text). The prepared statements belong
// to the session: a reset connection starts without them.
struct PgConnection {
    PGconn* handle = nullptr;
    std::unordered_map<std::string, PreparedStatement> prepared;
    // Pipeline mode (the writer's connection): statements go out without waiting for their
    // answers, which are read at the next `query`. Each round trip costs both processes a wake-up,
    // and a request's transaction is a dozen statements.
    bool pipelined = false;
    // What was sent and not read yet, in order.
    struct Pending {
        // The SQL of a statement being prepared; empty for a statement run.
        std::string preparing;
        // A statement whose failure undoes what callers were already told had succeeded (a
        // RELEASE that was not waited for).
        bool confirms_earlier = false;
        // Tidying no caller waits for (an old statement's DEALLOCATE): its failure fails nothing.
        bool answer_ignored = false;
        // Where a statement sent by query_later leaves its rows.
        LaterRows rows_for_later{};
    };
    std::vector<Pending> unread;
    // A `confirms_earlier` statement failed: the open transaction must not commit.
    bool transaction_lost = false;
    // Names are never reused: a statement whose preparing failed is forgotten, and tried again.
    std::size_t names = 0;
};

// libpq wants the parameters as C strings that live until the statement is sent.
class PgParameters {
public:
    explicit PgParameters(const std::vector<SqlValue>& params) {
        m_storage.reserve(params.size());
        for (const SqlValue& value : params) {
            if (std::holds_alternative<std::nullptr_t>(value)) {
                m_values.push_back(nullptr);
                continue;
            }
            if (const auto* number = std::get_if<std::int64_t>(&value)) {
                m_storage.push_back(std::to_string(*number));
            } else {
                m_storage.push_back(std::get<std::string>(value));
            }
            m_values.push_back(m_storage.back().c_str());
        }
    }
    int count() const { return static_cast<int>(m_values.size()); }
    const char* const* values() const { return m_values.data(); }

private:
    std::vector<std::string> m_storage;
    std::vector<const char*> m_values;
};

std::vector<SqlRow> rows_of(const PGresult* result) {
    std::vector<SqlRow> rows;
    const int row_count = PQntuples(result);
    const int column_count = PQnfields(result);
    rows.reserve(static_cast<std::size_t>(row_count));
    for (int row = 0; row < row_count; ++row) {
        SqlRow values;
        for (int column = 0; column < column_count; ++column) {
            if (PQgetisnull(result, row, column) == 1) {
                values.emplace_back(std::nullopt);
            } else {
                values.emplace_back(std::string(PQgetvalue(result, row, column),
                                                static_cast<std::size_t>(PQgetlength(result, row, column))));
            }
        }
        rows.push_back(std::move(values));
    }
    return rows;
}

using ResultHandle = std::unique_ptr<PGresult, decltype(&PQclear)>;

class PgStatements final : public Statements {
public:
    explicit PgStatements(PgConnection& connection) : m_pooled(connection), m_connection(connection.handle) {}

    Stored<std::vector<SqlRow>> query(std::string_view sql, const std::vector<SqlValue>& params) override {
        const std::string text = numbered_placeholders(sql);
        const PgParameters values(params);
        if (m_pooled.pipelined) {
            if (auto sent = send(text, values); !sent) {
                return std::unexpected(sent.error());
            }
            if (PQpipelineSync(m_connection) != 1) {
                return lost();
            }
            return read_pipeline();
        }
        const std::string* prepared = worth_preparing(text) ? prepare(text, values.count()) : nullptr;
        const ResultHandle result(
            prepared != nullptr
                ? PQexecPrepared(m_connection, prepared->c_str(), values.count(), values.values(), nullptr, nullptr, 0)
                : PQexecParams(m_connection, text.c_str(), values.count(), nullptr, values.values(), nullptr, nullptr,
                               0),
            PQclear);
        if (auto failed = failure(result.get())) {
            return std::unexpected(std::move(*failed));
        }
        return rows_of(result.get());
    }

    Stored<LaterRows> query_later(std::string_view sql, const std::vector<SqlValue>& params) override {
        if (!m_pooled.pipelined) {
            return Statements::query_later(sql, params);
        }
        if (auto sent = send(numbered_placeholders(sql), PgParameters(params)); !sent) {
            return std::unexpected(sent.error());
        }
        auto rows = std::make_shared<std::optional<std::vector<SqlRow>>>();
        m_pooled.unread.back().rows_for_later = rows;
        return rows;
    }

    Stored<void> execute(std::string_view sql, const std::vector<SqlValue>& params) override {
        if (!m_pooled.pipelined) {
            return Statements::execute(sql, params);
        }
        return send(numbered_placeholders(sql), PgParameters(params));
    }

    // Sends `sql` without waiting, as the confirmation of what was read before it (see
    // PgConnection::Pending).
    Stored<void> execute_confirming(std::string_view sql) {
        if (auto sent = send(std::string(sql), PgParameters({})); !sent) {
            return sent;
        }
        m_pooled.unread.back().confirms_earlier = true;
        return {};
    }

    const std::string& last_sqlstate() const { return m_last_sqlstate; }

private:
    // The error of a result that is one, with its code; nothing for a success.
    std::optional<Error<StorageError>> failure(const PGresult* result) {
        const ExecStatusType status = PQresultStatus(result);
        if (result != nullptr && (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)) {
            return std::nullopt;
        }
        const char* state = result == nullptr ? nullptr : PQresultErrorField(result, PG_DIAG_SQLSTATE);
        m_last_sqlstate = state == nullptr ? "" : state;
        const char* message = result == nullptr ? "" : PQresultErrorMessage(result);
        return Error<StorageError>{m_last_sqlstate.starts_with("23") ? StorageError::constraint : StorageError::failed,
                                   std::string("postgresql: ") + (*message != '\0' ? message : PQerrorMessage(m_connection))};
    }

    std::unexpected<Error<StorageError>> lost() {
        m_last_sqlstate.clear();
        return fail(StorageError::unavailable, std::string("postgresql: ") + PQerrorMessage(m_connection));
    }

    // Sends a statement in pipeline mode, preparing it first if it is one worth preparing.
    Stored<void> send(const std::string& text, const PgParameters& values) {
        if (!worth_preparing(text)) {
            if (PQsendQueryParams(m_connection, text.c_str(), values.count(), nullptr, values.values(), nullptr,
                                  nullptr, 0) != 1) {
                return lost();
            }
            m_pooled.unread.emplace_back();
            return {};
        }
        auto found = m_pooled.prepared.find(text);
        const bool renewing = found != m_pooled.prepared.end() && found->second.run_and_check_age();
        if (renewing) {
            const std::string deallocate = "DEALLOCATE " + found->second.name;
            if (PQsendQueryParams(m_connection, deallocate.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
                return lost();
            }
            m_pooled.unread.push_back({.preparing = {}, .confirms_earlier = false, .answer_ignored = true});
        }
        if (found == m_pooled.prepared.end() || renewing) {
            std::string name = "madoguchi_" + std::to_string(m_pooled.names++);
            if (PQsendPrepare(m_connection, name.c_str(), text.c_str(), values.count(), nullptr) != 1) {
                return lost();
            }
            m_pooled.unread.push_back({text});
            if (renewing) {
                found->second.name = std::move(name);
            } else {
                found = m_pooled.prepared.emplace(text, PreparedStatement{std::move(name)}).first;
            }
        }
        if (PQsendQueryPrepared(m_connection, found->second.name.c_str(), values.count(), values.values(), nullptr,
                                nullptr, 0) != 1) {
            return lost();
        }
        m_pooled.unread.emplace_back();
        return {};
    }

    // Reads every answer sent for since the last sync, up to the sync that followed the last: the
    // rows of the last statement, or the first error (after which the server skipped the rest).
    Stored<std::vector<SqlRow>> read_pipeline() {
        std::vector<PgConnection::Pending> unread;
        unread.swap(m_pooled.unread);
        std::optional<Error<StorageError>> first_error;
        std::vector<SqlRow> rows;
        for (std::size_t index = 0; index < unread.size(); ++index) {
            while (PGresult* raw = PQgetResult(m_connection)) {
                const ResultHandle result(raw, PQclear);
                if (unread[index].answer_ignored) {
                    continue;
                }
                const bool skipped = PQresultStatus(raw) == PGRES_PIPELINE_ABORTED;
                auto failed = skipped ? std::nullopt : failure(raw);
                if ((skipped || failed) && !unread[index].preparing.empty()) {
                    // Not prepared after all: prepared again when next sent.
                    m_pooled.prepared.erase(unread[index].preparing);
                }
                if ((skipped || failed) && unread[index].confirms_earlier) {
                    m_pooled.transaction_lost = true;
                }
                if (failed) {
                    if (!first_error) {
                        first_error = std::move(failed);
                    }
                } else if (skipped) {
                    continue;
                } else if (unread[index].rows_for_later) {
                    *unread[index].rows_for_later = rows_of(raw);
                } else if (index + 1 == unread.size()) {
                    rows = rows_of(raw);
                }
            }
        }
        const ResultHandle sync(PQgetResult(m_connection), PQclear);
        if (PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) {
            return lost();
        }
        if (first_error) {
            return std::unexpected(std::move(*first_error));
        }
        return rows;
    }

    // The statement's name on this connection, prepared now if it is new; nothing when it cannot
    // be prepared (the transaction has failed, say), and the statement then runs unprepared.
    const std::string* prepare(const std::string& text, int parameters) {
        const auto found = m_pooled.prepared.find(text);
        const bool known = found != m_pooled.prepared.end();
        if (known && !found->second.run_and_check_age()) {
            return &found->second.name;
        }
        if (known) {
            PQclear(PQexec(m_connection, ("DEALLOCATE " + found->second.name).c_str()));
        }
        std::string name = "madoguchi_" + std::to_string(m_pooled.names++);
        PGresult* result = PQprepare(m_connection, name.c_str(), text.c_str(), parameters, nullptr);
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        if (!ok) {
            if (known) {
                m_pooled.prepared.erase(found);
            }
            return nullptr;
        }
        if (known) {
            found->second.name = std::move(name);
            return &found->second.name;
        }
        return &m_pooled.prepared.emplace(text, PreparedStatement{std::move(name)}).first->second.name;
    }

    PgConnection& m_pooled;
    PGconn* m_connection;
    std::string m_last_sqlstate;
};

// Writes go through one connection in group commits (group_commit.hpp), as on SQLite: the
// requests of a batch take no turns on each other's rows, and share one commit. Reads take a
// connection of their own from a small pool, beside the writer. Several servers may share the
// database; their writers then meet in PostgreSQL's row locks.
class PgDatabase final : public Database {
public:
    PgDatabase(std::string url, std::size_t size)
        : m_url(std::move(url)), m_size(size),
          m_writer(std::make_unique<GroupCommit>(
              [this](std::span<GroupCommit::Request* const> batch) { run_batch(batch); }, k_most_per_batch)) {}
    ~PgDatabase() override {
        // The writer's thread first: it may still be using its connection.
        m_writer.reset();
        for (const auto& connection : m_idle) {
            PQfinish(connection->handle);
        }
        if (m_writer_connection.handle != nullptr) {
            PQfinish(m_writer_connection.handle);
        }
    }
    PgDatabase(const PgDatabase&) = delete;
    PgDatabase& operator=(const PgDatabase&) = delete;

    Dialect dialect() const override { return Dialect::postgresql; }

    Stored<void> transaction(const std::function<Stored<void>(Statements&)>& work) override {
        // Only a batch's work runs here: it joins the transaction the writer has open.
        if (m_writer->on_writer_thread()) {
            return nested(m_writer_connection, work);
        }
        return m_writer->run(work);
    }

    // One snapshot for all of `work`'s statements, on a pooled connection; inside a batch, on the
    // writer's, so that it sees the batch's own writes.
    Stored<void> read(const std::function<Stored<void>(Statements&)>& work) override {
        if (m_writer->on_writer_thread()) {
            return nested(m_writer_connection, work);
        }
        auto connection = acquire();
        if (!connection) {
            return std::unexpected(connection.error());
        }
        PgStatements statements(**connection);
        Stored<void> result;
        if (auto begun = statements.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", {}); !begun) {
            result = std::unexpected(begun.error());
        } else {
            try {
                result = work(statements);
            } catch (...) {
                statements.query("ROLLBACK", {});
                release(*connection);
                throw;
            }
            statements.query("ROLLBACK", {});
        }
        release(*connection);
        return result;
    }

    // The whole of `work` is one request of a batch; its transactions join it in savepoints.
    Stored<void> batch(const std::function<void()>& work) override {
        return transaction([&work](Statements&) -> Stored<void> {
            work();
            return {};
        });
    }

private:
    // A failed transaction changes nothing and the others stand; one that hit a deadlock or a
    // serialization failure (another server writing the same rows) runs again from its savepoint.
    static Stored<void> nested(PgConnection& connection, const std::function<Stored<void>(Statements&)>& work) {
        Stored<void> result;
        for (int attempt = 0; attempt < k_attempts; ++attempt) {
            PgStatements statements(connection);
            if (auto saved = statements.execute("SAVEPOINT nested", {}); !saved) {
                return std::unexpected(saved.error());
            }
            try {
                result = work(statements);
            } catch (...) {
                statements.query("ROLLBACK TO SAVEPOINT nested", {});
                statements.query("RELEASE SAVEPOINT nested", {});
                throw;
            }
            if (result && connection.pipelined && connection.unread.empty()) {
                // Every statement of `work` was answered, and a RELEASE then only fails with the
                // connection or the transaction: it is read with the next request's statements or
                // the COMMIT, and the batch is lost if it failed.
                auto released = statements.execute_confirming("RELEASE SAVEPOINT nested");
                if (released) {
                    return result;
                }
                result = std::unexpected(released.error());
            } else if (result) {
                // Its answer is also that of every statement `work` sent without waiting.
                auto released = statements.query("RELEASE SAVEPOINT nested", {});
                if (released) {
                    return result;
                }
                result = std::unexpected(released.error());
            }
            statements.query("ROLLBACK TO SAVEPOINT nested", {});
            statements.query("RELEASE SAVEPOINT nested", {});
            if (!is_retryable(statements.last_sqlstate())) {
                break;
            }
        }
        return result;
    }

    // The writer's connection, opened on the first batch and again after it was lost.
    Stored<void> writer_connected() {
        if (m_writer_connection.handle != nullptr && PQstatus(m_writer_connection.handle) == CONNECTION_OK) {
            return {};
        }
        if (m_writer_connection.handle != nullptr) {
            PQfinish(m_writer_connection.handle);
            m_writer_connection = {};
        }
        auto connection = connect();
        if (!connection) {
            return std::unexpected(connection.error());
        }
        m_writer_connection.handle = *connection;
        if (PQenterPipelineMode(m_writer_connection.handle) != 1) {
            return fail(StorageError::unavailable,
                        std::string("postgresql pipeline mode: ") + PQerrorMessage(m_writer_connection.handle));
        }
        m_writer_connection.pipelined = true;
        return {};
    }

    // While answers are unread the connection reports itself busy, not in a transaction: they
    // are judged when read.
    bool transaction_lost() const {
        if (m_writer_connection.transaction_lost || PQstatus(m_writer_connection.handle) != CONNECTION_OK) {
            return true;
        }
        return m_writer_connection.unread.empty() && PQtransactionStatus(m_writer_connection.handle) != PQTRANS_INTRANS;
    }

    void run_batch(std::span<GroupCommit::Request* const> batch) {
        const auto fail_all = [](std::span<GroupCommit::Request* const> requests, const Error<StorageError>& error) {
            for (GroupCommit::Request* request : requests) {
                if (request->result && !request->exception) {
                    request->result = std::unexpected(error);
                }
            }
        };
        if (auto connected = writer_connected(); !connected) {
            fail_all(batch, connected.error());
            return;
        }
        PgStatements statements(m_writer_connection);
        m_writer_connection.transaction_lost = false;
        if (auto begun = statements.execute("BEGIN", {}); !begun) {
            fail_all(batch, begun.error());
            return;
        }
        for (std::size_t index = 0; index < batch.size(); ++index) {
            GroupCommit::Request& request = *batch[index];
            try {
                request.result = nested(m_writer_connection, *request.work);
            } catch (...) {
                request.exception = std::current_exception();
            }
            if (transaction_lost()) {
                // The transaction is lost (the connection broke, a savepoint could not be rolled
                // back to or released): so are the requests before this one; the ones after start
                // a batch of their own.
                statements.query("ROLLBACK", {});
                const Error<StorageError> lost{StorageError::unavailable, "postgresql: the transaction was lost"};
                fail_all(batch.first(index + 1), lost);
                run_batch(batch.subspan(index + 1));
                return;
            }
        }
        if (auto committed = statements.query("COMMIT", {}); !committed) {
            statements.query("ROLLBACK", {});
            fail_all(batch, committed.error());
        }
    }

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
        auto* pooled = new PgConnection;
        pooled->handle = *connection;
        return pooled;
    }

    void release(PgConnection* connection) {
        const std::lock_guard lock(m_mutex);
        m_idle.emplace_back(connection);
        m_available.notify_one();
    }

    Stored<PGconn*> connect() {
        PGconn* connection = PQconnectdb(m_url.c_str());
        if (PQstatus(connection) != CONNECTION_OK) {
            std::string message = PQerrorMessage(connection);
            PQfinish(connection);
            return fail(StorageError::unavailable, "postgresql connect: " + message);
        }
        return connection;
    }

    std::string m_url;
    std::size_t m_size;
    std::size_t m_open = 0;
    std::vector<std::unique_ptr<PgConnection>> m_idle;
    std::mutex m_mutex;
    std::condition_variable m_available;
    // Used only on the writer's thread.
    PgConnection m_writer_connection;
    // Last: its thread starts running in the constructor.
    std::unique_ptr<GroupCommit> m_writer;
};


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
