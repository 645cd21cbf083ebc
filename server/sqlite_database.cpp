#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "kiosk/log.hpp"
#include "server/database.hpp"
#include "server/group_commit.hpp"

namespace madoguchi::server {
namespace {

struct CloseConnection {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, CloseConnection>;

Stored<Connection> open_connection(const std::string& path, int flags) {
    sqlite3* db = nullptr;
    const int opened = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    Connection connection(db);
    if (opened != SQLITE_OK) {
        return fail(StorageError::unavailable,
                    "cannot open " + path + ": " + (db == nullptr ? "out of memory" : sqlite3_errmsg(db)));
    }
    return connection;
}

// The connection's prepared statements by their text. Compiling a statement costs more than
// running most of ours, and a request runs the same few again and again. Statements whose text
// is built per call (lists of ids) would grow the map without end: past the limit they are
// compiled for one use, as before.
class StatementCache {
public:
    explicit StatementCache(sqlite3* db) : m_db(db) {}
    ~StatementCache() {
        for (const auto& [sql, statement] : m_statements) {
            sqlite3_finalize(statement);
        }
    }
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    // Resets a cached statement for its next use, or finalizes one compiled for this use only.
    struct Release {
        bool cached;
        void operator()(sqlite3_stmt* statement) const {
            if (cached) {
                sqlite3_reset(statement);
                sqlite3_clear_bindings(statement);
            } else {
                sqlite3_finalize(statement);
            }
        }
    };
    using Lease = std::unique_ptr<sqlite3_stmt, Release>;

    Stored<Lease> prepare(std::string_view sql) {
        const std::string key(sql);
        if (const auto found = m_statements.find(key); found != m_statements.end()) {
            return Lease(found->second, Release{true});
        }
        const bool keep = m_statements.size() < k_limit;
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), keep ? SQLITE_PREPARE_PERSISTENT : 0,
                               &statement, nullptr) != SQLITE_OK) {
            sqlite3_finalize(statement);
            return fail(StorageError::failed, std::string("sqlite prepare: ") + sqlite3_errmsg(m_db));
        }
        if (keep) {
            m_statements.emplace(key, statement);
        }
        return Lease(statement, Release{keep});
    }

private:
    static constexpr std::size_t k_limit = 512;
    sqlite3* m_db;
    std::unordered_map<std::string, sqlite3_stmt*> m_statements;
};

class SqliteStatements final : public Statements {
public:
    SqliteStatements(sqlite3* db, StatementCache& cache) : m_db(db), m_cache(cache) {}

    Stored<std::vector<SqlRow>> query(std::string_view sql, const std::vector<SqlValue>& params) override {
        auto prepared = m_cache.prepare(sql);
        if (!prepared) {
            return std::unexpected(prepared.error());
        }
        sqlite3_stmt* statement = prepared->get();
        for (std::size_t i = 0; i < params.size(); ++i) {
            const int index = static_cast<int>(i + 1);
            const SqlValue& value = params[i];
            int bound = SQLITE_OK;
            if (std::holds_alternative<std::nullptr_t>(value)) {
                bound = sqlite3_bind_null(statement, index);
            } else if (const auto* number = std::get_if<std::int64_t>(&value)) {
                bound = sqlite3_bind_int64(statement, index, *number);
            } else {
                const std::string& text = std::get<std::string>(value);
                bound =
                    sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
            }
            if (bound != SQLITE_OK) {
                return fail(StorageError::failed, std::string("sqlite bind: ") + sqlite3_errmsg(m_db));
            }
        }
        std::vector<SqlRow> rows;
        for (;;) {
            const int step = sqlite3_step(statement);
            if (step == SQLITE_DONE) {
                return rows;
            }
            if (step != SQLITE_ROW) {
                const bool constraint = (step & 0xff) == SQLITE_CONSTRAINT;
                return fail(constraint ? StorageError::constraint : StorageError::failed,
                            std::string("sqlite step: ") + sqlite3_errmsg(m_db));
            }
            SqlRow row;
            const int columns = sqlite3_column_count(statement);
            for (int column = 0; column < columns; ++column) {
                if (sqlite3_column_type(statement, column) == SQLITE_NULL) {
                    row.emplace_back(std::nullopt);
                } else {
                    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
                    row.emplace_back(
                        std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column))));
                }
            }
            rows.push_back(std::move(row));
        }
    }

private:
    sqlite3* m_db;
    StatementCache& m_cache;
};

// Copies the write-ahead log back into the database file on a connection and thread of its
// own. SQLite would otherwise do it inside the commit that fills the log, on the writer all
// requests wait for: every few thousand tickets one of them would wait for a whole copy and
// flush. A passive checkpoint never blocks the writer; the log starts over once one has caught up.
class WalCheckpointer {
public:
    explicit WalCheckpointer(std::string path) : m_path(std::move(path)), m_thread([this] { run(); }) {}
    ~WalCheckpointer() {
        {
            const std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    void committed() {
        {
            const std::lock_guard lock(m_mutex);
            m_pending = true;
        }
        m_wake.notify_one();
    }

private:
    // Copies at most this often: each copy flushes the database file.
    static constexpr std::chrono::milliseconds k_interval{250};

    void run() {
        Connection db;
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            m_wake.wait(lock, [this] { return m_stopping || m_pending; });
            if (m_stopping) {
                break;
            }
            m_pending = false;
            lock.unlock();
            if (!db) {
                db = open_for_checkpoints();
            }
            if (db && sqlite3_wal_checkpoint_v2(db.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr) !=
                          SQLITE_OK) {
                log::error("sqlite_checkpoint_failed", {{"reason", sqlite3_errmsg(db.get())}});
            }
            lock.lock();
            m_wake.wait_for(lock, k_interval, [this] { return m_stopping; });
        }
    }

    // Empty when it cannot be opened. Nothing is lost then: the log only grows until a later
    // attempt, or the writer's close.
    Connection open_for_checkpoints() const {
        auto opened = open_connection(m_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
        if (!opened) {
            log::error("sqlite_checkpoint_failed", {{"reason", opened.error().message}});
            return {};
        }
        // A connection opens the file only when it first reads, and until then takes it for one
        // without a log: the read makes its checkpoints more than no-ops.
        if (sqlite3_exec(opened->get(), "SELECT COUNT(*) FROM sqlite_master", nullptr, nullptr, nullptr) != SQLITE_OK) {
            log::error("sqlite_checkpoint_failed", {{"reason", sqlite3_errmsg(opened->get())}});
            return {};
        }
        return std::move(*opened);
    }

    std::string m_path;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;
    bool m_stopping = false;
    // Last: it starts running in the constructor.
    std::thread m_thread;
};

// One connection, written by one thread in group commits (group_commit.hpp). synchronous=FULL
// makes every commit wait for the disk: sharing that wait is what lets many terminals issue at once.
class SqliteDatabase final : public Database {
public:
    SqliteDatabase(Connection db, std::string path)
        : m_path(path), m_checkpointer(std::move(path)), m_db(std::move(db)), m_statements(m_db.get()),
          m_writer([this](std::span<GroupCommit::Request* const> batch) {
              run_batch(batch);
              m_checkpointer.committed();
          },
          std::numeric_limits<std::size_t>::max()) {}
    ~SqliteDatabase() override = default;
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    Dialect dialect() const override { return Dialect::sqlite; }

    Stored<void> transaction(const std::function<Stored<void>(Statements&)>& work) override {
        // Only a batch's work runs here: it joins the transaction the writer has open.
        if (m_writer.on_writer_thread()) {
            return nested(work);
        }
        return m_writer.run(work);
    }

    Stored<void> read(const std::function<Stored<void>(Statements&)>& work) override {
        // Inside a batch a read must see the batch's own writes.
        if (m_writer.on_writer_thread()) {
            return nested(work);
        }
        const std::lock_guard lock(m_reader_mutex);
        if (!m_reader) {
            auto opened = open_reader();
            if (!opened) {
                return std::unexpected(opened.error());
            }
        }
        SqliteStatements statements(m_reader->db.get(), m_reader->statements);
        // One snapshot for all of `work`'s statements.
        if (auto begun = statements.query("BEGIN", {}); !begun) {
            return std::unexpected(begun.error());
        }
        Stored<void> result;
        try {
            result = work(statements);
        } catch (...) {
            statements.query("ROLLBACK", {});
            throw;
        }
        statements.query("ROLLBACK", {});
        return result;
    }

    Stored<void> batch(const std::function<void()>& work) override {
        return transaction([&work](Statements&) -> Stored<void> {
            work();
            return {};
        });
    }

private:
    Stored<void> nested(const std::function<Stored<void>(Statements&)>& work) {
        SqliteStatements statements(m_db.get(), m_statements);
        // SQLite rolled the batch back (disk full, I/O error): what follows must not commit alone.
        const auto rolled_back = [this] {
            return sqlite3_get_autocommit(m_db.get()) != 0 ? fail(StorageError::failed, "sqlite rolled the batch back")
                                                     : Stored<void>{};
        };
        if (auto open = rolled_back(); !open) {
            return open;
        }
        if (auto saved = statements.query("SAVEPOINT nested", {}); !saved) {
            return std::unexpected(saved.error());
        }
        Stored<void> result;
        try {
            result = work(statements);
        } catch (...) {
            if (rolled_back()) {
                statements.query("ROLLBACK TO nested", {});
                statements.query("RELEASE nested", {});
            }
            throw;
        }
        if (auto open = rolled_back(); !open) {
            return open;
        }
        if (!result) {
            statements.query("ROLLBACK TO nested", {});
        }
        statements.query("RELEASE nested", {});
        return result;
    }

    // A read-only connection to the same file; WAL lets it read while the writer writes.
    struct Reader {
        Connection db;
        StatementCache statements;
    };

    Stored<void> open_reader() {
        auto opened = open_connection(m_path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
        if (!opened) {
            return std::unexpected(opened.error());
        }
        sqlite3* db = opened->get();
        sqlite3_busy_timeout(db, 5000);
        m_reader.reset(new Reader{std::move(*opened), StatementCache(db)});
        return {};
    }

    void run_batch(std::span<GroupCommit::Request* const> batch) {
        SqliteStatements statements(m_db.get(), m_statements);
        if (auto begun = statements.query("BEGIN IMMEDIATE", {}); !begun) {
            for (GroupCommit::Request* request : batch) {
                request->result = std::unexpected(begun.error());
            }
            return;
        }
        for (std::size_t index = 0; index < batch.size(); ++index) {
            GroupCommit::Request& request = *batch[index];
            if (auto saved = statements.query("SAVEPOINT request", {}); !saved) {
                request.result = std::unexpected(saved.error());
                continue;
            }
            try {
                request.result = (*request.work)(statements);
            } catch (...) {
                request.exception = std::current_exception();
            }
            if (sqlite3_get_autocommit(m_db.get()) != 0) {
                // SQLite rolled the whole transaction back (disk full, I/O error): the requests
                // before this one are lost with it, the ones after start a batch of their own.
                for (GroupCommit::Request* earlier : batch.first(index)) {
                    if (earlier->result && !earlier->exception) {
                        earlier->result = fail(StorageError::failed, "sqlite rolled the transaction back");
                    }
                }
                if (request.result && !request.exception) {
                    request.result = fail(StorageError::failed, "sqlite rolled the transaction back");
                }
                run_batch(batch.subspan(index + 1));
                return;
            }
            if (!request.result || request.exception) {
                statements.query("ROLLBACK TO request", {});
            }
            statements.query("RELEASE request", {});
        }
        if (auto committed = statements.query("COMMIT", {}); !committed) {
            statements.query("ROLLBACK", {});
            for (GroupCommit::Request* request : batch) {
                if (request->result && !request->exception) {
                    request->result = std::unexpected(committed.error());
                }
            }
        }
    }

    std::string m_path;
    std::mutex m_reader_mutex;
    std::unique_ptr<Reader> m_reader;
    WalCheckpointer m_checkpointer;
    // Closed after the statements are finalized, the one member destroyed after them.
    Connection m_db;
    StatementCache m_statements;
    // Last: its thread starts running in the constructor, and must stop before the rest goes.
    GroupCommit m_writer;
};

}  // namespace

Stored<std::unique_ptr<Database>> open_sqlite(const std::string& path) {
    auto opened = open_connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX);
    if (!opened) {
        return std::unexpected(opened.error());
    }
    sqlite3* db = opened->get();
    auto database = std::make_unique<SqliteDatabase>(std::move(*opened), path);
    // WAL lets readers run beside the writer; FULL makes a committed ticket survive power loss.
    // The default 2 MB page cache holds a busy day's tickets only partly, and every page it
    // misses is a system call on the writer thread that all requests wait for.
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                               "PRAGMA busy_timeout=5000", "PRAGMA cache_size=-65536",
                               "PRAGMA wal_autocheckpoint=0"}) {
        char* error = nullptr;
        if (sqlite3_exec(db, pragma, nullptr, nullptr, &error) != SQLITE_OK) {
            std::string message = error == nullptr ? "unknown" : error;
            sqlite3_free(error);
            return fail(StorageError::unavailable, std::string(pragma) + ": " + message);
        }
    }
    return std::unique_ptr<Database>(std::move(database));
}

Stored<std::unique_ptr<Database>> open_database(const std::string& url, std::size_t connections) {
    if (url.starts_with("sqlite:")) {
        return open_sqlite(url.substr(7));
    }
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return open_postgresql(url, connections);
    }
    return fail(StorageError::unavailable, "storage URL must start with sqlite: or postgresql://");
}

}  // namespace madoguchi::server
