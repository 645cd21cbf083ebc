// The storage back ends under concurrent transactions: SQLite commits the requests that queue up
// together in one transaction, and each of them must still apply whole or not at all.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <thread>

#include "server/database.hpp"
#include "support.hpp"

using namespace madoguchi;
using namespace madoguchi::server;
using namespace madoguchi::server::test;

namespace {

Stored<void> run(Statements& statements, const std::string& sql, const std::vector<SqlValue>& params = {}) {
    auto done = statements.query(sql, params);
    if (!done) {
        return std::unexpected(done.error());
    }
    return {};
}

enum class Through { transaction, read };

std::int64_t count(Database& database, const std::string& where, Through through = Through::transaction) {
    std::int64_t rows = -1;
    const auto counting = [&](Statements& statements) -> Stored<void> {
        auto found = statements.query("SELECT COUNT(*) FROM numbers WHERE " + where);
        if (!found) {
            return std::unexpected(found.error());
        }
        rows = std::stoll(found->at(0).at(0).value_or("-1"));
        return {};
    };
    REQUIRE((through == Through::read ? database.read(counting) : database.transaction(counting)));
    return rows;
}

// The database at `url`, given an empty table `numbers (n)`.
std::unique_ptr<Database> numbers_database(const std::string& url) {
    auto opened = open_database(url);
    REQUIRE_MESSAGE(opened.has_value(), (opened ? "" : opened.error().message));
    REQUIRE((*opened)->transaction(
        [](Statements& statements) { return run(statements, "CREATE TABLE numbers (n BIGINT PRIMARY KEY)"); }));
    return std::move(*opened);
}

// A fresh database of `backend` with an empty table `numbers (n)`.
std::unique_ptr<Database> numbers_database(Backend backend, const TempDir& dir) {
    return numbers_database(fresh_storage_url(backend, dir));
}

// The first row of what `sql` answers, read in a transaction.
SqlRow first_row(Database& database, const std::string& sql) {
    SqlRow row;
    REQUIRE(database.transaction([&](Statements& statements) -> Stored<void> {
        auto rows = statements.query(sql);
        if (!rows) {
            return std::unexpected(rows.error());
        }
        REQUIRE_FALSE(rows->empty());
        row = rows->front();
        return {};
    }));
    return row;
}

// 8 threads × 30 transactions. Each writes its number; every third then writes a second row and
// fails, every tenth throws after writing: neither may leave a row behind, and the failure
// reaches the thread that asked, while the others' rows all stay.
void check_concurrent_transactions(Backend backend) {
    const TempDir dir;
    const auto opened = numbers_database(backend, dir);
    Database& database = *opened;
    constexpr int k_threads = 8;
    constexpr int k_each = 30;
    std::atomic<int> wrong_outcomes{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < k_threads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < k_each; ++i) {
                const std::int64_t n = t * 1000 + i;
                const auto work = [n](Statements& statements) -> Stored<void> {
                    if (auto written = run(statements, "INSERT INTO numbers (n) VALUES (?)", {n}); !written) {
                        return written;
                    }
                    if (n % 10 == 0) {
                        throw std::logic_error("a programming error mid-transaction");
                    }
                    if (n % 3 == 0) {
                        if (auto second = run(statements, "INSERT INTO numbers (n) VALUES (?)", {n + 100'000});
                            !second) {
                            return second;
                        }
                        return fail(StorageError::wrong_state, "refused after writing");
                    }
                    return {};
                };
                try {
                    const Stored<void> result = database.transaction(work);
                    const bool expected = n % 3 == 0 ? !result && result.error().code == StorageError::wrong_state
                                                     : result.has_value();
                    if (!expected || n % 10 == 0) {
                        ++wrong_outcomes;
                    }
                } catch (const std::logic_error&) {
                    if (n % 10 != 0) {
                        ++wrong_outcomes;
                    }
                }
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    CHECK(wrong_outcomes == 0);
    std::int64_t committed = 0;
    for (int t = 0; t < k_threads; ++t) {
        for (int i = 0; i < k_each; ++i) {
            const std::int64_t n = t * 1000 + i;
            committed += n % 10 != 0 && n % 3 != 0 ? 1 : 0;
        }
    }
    CHECK(count(database, "n < 100000") == committed);
    CHECK(count(database, "n >= 100000") == 0);
    CHECK(count(database, "n % 10 = 0 OR n % 3 = 0") == 0);
}

// A kiosk's batch (POST /api/v1/batch): its transactions share one commit, a failed one changes
// nothing and the ones before and after it stand; a programming error commits none of it.
void check_batch(Backend backend) {
    const TempDir dir;
    const auto opened = numbers_database(backend, dir);
    Database& database = *opened;
    const auto insert = [&database](std::int64_t n, bool then_fail) {
        return database.transaction([n, then_fail](Statements& statements) -> Stored<void> {
            if (auto written = run(statements, "INSERT INTO numbers (n) VALUES (?)", {n}); !written) {
                return written;
            }
            return then_fail ? fail(StorageError::wrong_state, "refused after writing") : Stored<void>{};
        });
    };
    std::vector<Stored<void>> results;
    std::optional<std::int64_t> seen_outside;
    auto ran = database.batch([&] {
        results.push_back(insert(1, false));
        results.push_back(insert(2, true));
        results.push_back(insert(1, false));  // a constraint refuses it, inside the same transaction
        results.push_back(insert(3, false));
        // A read from another thread sees none of it before the batch commits. (A transaction
        // from there would wait for this batch to end: batch work must not wait for others.)
        std::thread([&] {
            std::int64_t rows = -1;
            auto counted = database.read([&rows](Statements& statements) -> Stored<void> {
                auto found = statements.query("SELECT COUNT(*) FROM numbers");
                if (!found) {
                    return std::unexpected(found.error());
                }
                rows = std::stoll(found->at(0).at(0).value_or("-1"));
                return {};
            });
            if (counted) {
                seen_outside = rows;
            }
        }).join();
    });
    REQUIRE_MESSAGE(ran.has_value(), (ran ? "" : ran.error().message));
    REQUIRE(results.size() == 4);
    CHECK(results[0].has_value());
    CHECK(results[1].error().code == StorageError::wrong_state);
    CHECK(results[2].error().code == StorageError::constraint);
    CHECK(results[3].has_value());
    CHECK(seen_outside == 0);
    CHECK(count(database, "n > 0") == 2);
    CHECK(count(database, "n = 2") == 0);

    CHECK_THROWS_AS(static_cast<void>(database.batch([&] {
                        static_cast<void>(insert(10, false));
                        throw std::logic_error("a programming error mid-batch");
                    })),
                    std::logic_error);
    CHECK(count(database, "n = 10") == 0);
    CHECK(insert(11, false).has_value());  // the connection went back to the pool clean
    CHECK(count(database, "n > 0") == 3);
}

// SQLite keeps compiled statements for reuse, up to a limit: a statement must give its own
// answer whether it is compiled anew, reused after a success or reused after it failed.
void check_statement_reuse(Backend backend) {
    const TempDir dir;
    const auto opened = numbers_database(backend, dir);
    Database& database = *opened;
    const auto insert = [&database](std::int64_t n) {
        return database.transaction(
            [n](Statements& statements) { return run(statements, "INSERT INTO numbers (n) VALUES (?)", {n}); });
    };
    REQUIRE(insert(1));
    CHECK(insert(1).error().code == StorageError::constraint);
    REQUIRE(insert(2));
    // More distinct statements than are kept, each text built for its call.
    for (int i = 0; i < 600; ++i) {
        REQUIRE(database.transaction([i](Statements& statements) -> Stored<void> {
            auto rows = statements.query("SELECT n + " + std::to_string(i) + " FROM numbers WHERE n = ?",
                                         {std::int64_t{2}});
            if (!rows) {
                return std::unexpected(rows.error());
            }
            CHECK(rows->at(0).at(0) == std::to_string(2 + i));
            return {};
        }));
    }
    REQUIRE(insert(3));
    CHECK(count(database, "n > 0") == 3);
    CHECK(count(database, "n = 3") == 1);

    // One statement run past the 1 000th time, when PostgreSQL's connections prepare it anew for
    // tables that have grown: on the writer and on a reader, every answer stays right, and the
    // old statement is gone from the writer's session.
    const std::string added = "SELECT n + CAST(? AS BIGINT) FROM numbers WHERE n = 3";
    const auto run_added = [&added](Statements& statements) -> Stored<void> {
        for (std::int64_t i = 0; i < 2100; ++i) {
            auto rows = statements.query(added, {i});
            if (!rows) {
                return std::unexpected(rows.error());
            }
            REQUIRE(rows->at(0).at(0) == std::to_string(3 + i));
        }
        return {};
    };
    REQUIRE(database.transaction(run_added));
    REQUIRE(database.read(run_added));
    if (backend == Backend::postgresql) {
        const SqlRow kept =
            first_row(database,
                      "SELECT COUNT(*), SUM(generic_plans + custom_plans) FROM pg_prepared_statements WHERE statement = "
                      "'SELECT n + CAST($1 AS BIGINT) FROM numbers WHERE n = 3'");
        CHECK(kept.at(0) == "1");
        // Prepared anew at its 1 000th run and not again before its 10 000th: the new
        // statement ran the last 1 100 times.
        CHECK(kept.at(1) == "1100");
    }
}

// A read sees what was committed before it, and inside a batch also the batch's own writes; a
// write in a read is refused, and the read's connection stays usable.
void check_reads(Backend backend) {
    const TempDir dir;
    const auto opened = numbers_database(backend, dir);
    Database& database = *opened;
    CHECK(count(database, "n > 0", Through::read) == 0);
    REQUIRE(database.transaction([](Statements& statements) { return run(statements, "INSERT INTO numbers VALUES (1)"); }));
    CHECK(count(database, "n > 0", Through::read) == 1);
    std::int64_t inside = -1;
    REQUIRE(database.batch([&] {
        REQUIRE(database.transaction(
            [](Statements& statements) { return run(statements, "INSERT INTO numbers VALUES (2)"); }));
        inside = count(database, "n > 0", Through::read);
    }));
    CHECK(inside == 2);
    CHECK_FALSE(database.read([](Statements& statements) { return run(statements, "INSERT INTO numbers VALUES (3)"); }));
    CHECK(count(database, "n > 0", Through::read) == 2);
}

// A statement run without reading its answer (`execute`, sent ahead on PostgreSQL's writer) still
// fails its transaction when it fails, with its own error code: through the next statement that
// is read, or at the end when none is. Nothing of that transaction stays; the others do.
void check_unanswered_statements(Backend backend) {
    const TempDir dir;
    const auto opened = numbers_database(backend, dir);
    Database& database = *opened;
    const auto insert = [](Statements& statements, std::int64_t n) {
        return statements.execute("INSERT INTO numbers (n) VALUES (?)", {n});
    };
    REQUIRE(database.transaction([&](Statements& statements) { return insert(statements, 1); }));

    const auto last_fails = database.transaction([&](Statements& statements) -> Stored<void> {
        if (auto written = insert(statements, 2); !written) {
            return written;
        }
        return insert(statements, 1);
    });
    REQUIRE_FALSE(last_fails);
    CHECK(last_fails.error().code == StorageError::constraint);

    bool read_answered = false;
    const auto read_fails = database.transaction([&](Statements& statements) -> Stored<void> {
        if (auto written = insert(statements, 1); !written) {
            return written;
        }
        // A statement never sent before, after the failure: it must be sent again next time.
        auto rows = statements.query("SELECT COUNT(*) + 100 FROM numbers");
        read_answered = rows.has_value();
        return rows ? Stored<void>{} : std::unexpected(rows.error());
    });
    REQUIRE_FALSE(read_fails);
    CHECK(read_fails.error().code == StorageError::constraint);
    CHECK_FALSE(read_answered);

    std::vector<Stored<void>> results;
    REQUIRE(database.batch([&] {
        for (std::int64_t n : {3, 1, 4}) {
            results.push_back(database.transaction([&](Statements& statements) { return insert(statements, n); }));
        }
    }));
    REQUIRE(results.size() == 3);
    CHECK(results[0].has_value());
    CHECK(results[1].error().code == StorageError::constraint);
    CHECK(results[2].has_value());

    CHECK(first_row(database, "SELECT COUNT(*) + 100 FROM numbers").at(0) == "103");
    CHECK(count(database, "n = 2") == 0);
}

// A statement sent with query_later: its rows are there once the query after it was answered,
// on the writer and on a read; when it fails, the query after it fails with its error and its
// rows stay unset, and when a statement after it fails, its own rows are still there.
void check_later_rows(Backend backend) {
    const TempDir dir;
    const auto opened = numbers_database(backend, dir);
    Database& database = *opened;
    REQUIRE(database.transaction(
        [](Statements& statements) { return run(statements, "INSERT INTO numbers (n) VALUES (7)"); }));
    for (const Through through : {Through::transaction, Through::read}) {
        LaterRows later;
        const auto reading = [&](Statements& statements) -> Stored<void> {
            auto sent = statements.query_later("SELECT n + 1 FROM numbers WHERE n = ?", {std::int64_t{7}});
            REQUIRE(sent.has_value());
            later = *sent;
            auto after = statements.query("SELECT COUNT(*) FROM numbers");
            REQUIRE(after.has_value());
            CHECK(after->at(0).at(0) == "1");
            return {};
        };
        REQUIRE((through == Through::read ? database.read(reading) : database.transaction(reading)));
        REQUIRE(later);
        REQUIRE(later->has_value());
        REQUIRE((*later)->size() == 1);
        CHECK((*later)->front().at(0) == "8");
    }

    LaterRows refused;
    const auto later_fails = database.transaction([&](Statements& statements) -> Stored<void> {
        auto sent = statements.query_later("INSERT INTO numbers (n) VALUES (7) RETURNING n");
        if (!sent) {
            return std::unexpected(sent.error());
        }
        refused = *sent;
        return run(statements, "INSERT INTO numbers (n) VALUES (8)");
    });
    REQUIRE_FALSE(later_fails);
    CHECK(later_fails.error().code == StorageError::constraint);
    CHECK((refused == nullptr || !refused->has_value()));

    LaterRows kept;
    const auto next_fails = database.transaction([&](Statements& statements) -> Stored<void> {
        auto sent = statements.query_later("INSERT INTO numbers (n) VALUES (9) RETURNING n");
        REQUIRE(sent.has_value());
        kept = *sent;
        return run(statements, "INSERT INTO numbers (n) VALUES (7)");
    });
    REQUIRE_FALSE(next_fails);
    CHECK(next_fails.error().code == StorageError::constraint);
    REQUIRE(kept->has_value());
    CHECK((*kept)->front().at(0) == "9");
    CHECK(count(database, "n IN (8, 9)") == 0);
}

}  // namespace

// SQLite's log is copied into the database file beside the writer, not by a commit: while the
// connection stays open, the file itself must come to hold what was written.
TEST_CASE("sqlite copies its write-ahead log into the database file while it keeps writing") {
    const TempDir dir;
    auto opened = open_database(fresh_storage_url(Backend::sqlite, dir));
    REQUIRE_MESSAGE(opened.has_value(), (opened ? "" : opened.error().message));
    Database& database = **opened;
    REQUIRE(database.transaction([](Statements& statements) {
        return run(statements, "CREATE TABLE pages (n BIGINT PRIMARY KEY, filler TEXT NOT NULL)");
    }));
    const std::string filler(4000, 'x');
    constexpr std::int64_t k_rows = 600;
    const auto file = dir.path() / "server.db";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    std::int64_t written = 0;
    // Keeps writing, a row per commit, until the file has caught up with most of it.
    while (written < k_rows || (std::filesystem::file_size(file) < static_cast<std::uintmax_t>(k_rows) * 4000 &&
                                std::chrono::steady_clock::now() < deadline)) {
        const std::int64_t n = written++;
        REQUIRE(database.transaction([n, &filler](Statements& statements) {
            return run(statements, "INSERT INTO pages (n, filler) VALUES (?, ?)", {n, filler});
        }));
        if (written >= k_rows) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    CHECK(std::filesystem::file_size(file) >= static_cast<std::uintmax_t>(k_rows) * 4000);
}

TEST_CASE("a read sees what was committed before it, and a batch's own writes inside the batch") {
    SUBCASE("sqlite") {
        check_reads(Backend::sqlite);
    }
    SUBCASE("postgresql") {
        check_reads(Backend::postgresql);
    }
}

TEST_CASE("a statement gives its own answer compiled anew, reused, or reused after failing") {
    SUBCASE("sqlite") {
        check_statement_reuse(Backend::sqlite);
    }
    SUBCASE("postgresql") {
        check_statement_reuse(Backend::postgresql);
    }
}

TEST_CASE("a statement whose answer is not read still fails its transaction, and only that one") {
    SUBCASE("sqlite") {
        check_unanswered_statements(Backend::sqlite);
    }
    SUBCASE("postgresql") {
        check_unanswered_statements(Backend::postgresql);
    }
}

TEST_CASE("a statement whose rows are read later has them after the next answer, or its error there") {
    SUBCASE("sqlite") {
        check_later_rows(Backend::sqlite);
    }
    SUBCASE("postgresql") {
        check_later_rows(Backend::postgresql);
    }
}

TEST_CASE("a batch's transactions share one commit, and a failed one is undone alone") {
    SUBCASE("sqlite") {
        check_batch(Backend::sqlite);
    }
    SUBCASE("postgresql") {
        check_batch(Backend::postgresql);
    }
}

TEST_CASE("concurrent transactions each apply whole or not at all") {
    SUBCASE("sqlite") {
        check_concurrent_transactions(Backend::sqlite);
    }
    SUBCASE("postgresql") {
        check_concurrent_transactions(Backend::postgresql);
    }
}

// PostgreSQL's writer reads a request's last answer together with the next request's: a batch
// whose connection dies after a request looked done must still fail that request, keep none of
// it, and the next write must find a new connection.
TEST_CASE("postgresql: a writer that loses its connection fails its whole batch, and the next write reconnects") {
    const TempDir dir;
    const std::string url = fresh_storage_url(Backend::postgresql, dir);
    const auto opened = numbers_database(url);
    Database& database = *opened;
    const std::string writer_pid = first_row(database, "SELECT pg_backend_pid()").at(0).value_or("");
    auto other = open_database(url);
    REQUIRE(other.has_value());

    Stored<void> first;
    Stored<void> second;
    const auto batch = database.batch([&] {
        first = database.transaction([](Statements& statements) { return run(statements, "INSERT INTO numbers VALUES (1)"); });
        REQUIRE((*other)->read([&](Statements& statements) {
            return run(statements, "SELECT pg_terminate_backend(CAST(? AS INTEGER))", {writer_pid});
        }));
        second = database.transaction([](Statements& statements) { return run(statements, "INSERT INTO numbers VALUES (2)"); });
    });
    CHECK_FALSE(batch);
    CHECK_FALSE(second);
    CHECK(count(**other, "n > 0", Through::read) == 0);

    REQUIRE(database.transaction([](Statements& statements) { return run(statements, "INSERT INTO numbers VALUES (3)"); }));
    CHECK(count(database, "n > 0", Through::read) == 1);
}
