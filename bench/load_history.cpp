#include "load_history.hpp"

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>

#include "server/database.hpp"

namespace madoguchi::bench {
namespace {

using server::Dialect;
using server::SqlValue;
using server::Statements;
using server::Stored;

constexpr long k_tickets_per_day = 500;
// Rows per transaction: keeps SQLite's WAL and PostgreSQL's undo of one statement moderate.
constexpr long k_chunk = 100'000;
// 2020-01-01 00:00 in Asia/Tokyo, in milliseconds since the epoch.
constexpr long long k_first_day_ms = 1'577'804'400'000LL;

// Numbers [?1, ?2) as rows (i); the recursive form is the one both back ends understand.
constexpr std::string_view k_numbers =
    "WITH RECURSIVE n(i) AS (SELECT CAST(? AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?) ";

std::string day_of(Dialect dialect) {
    return dialect == Dialect::sqlite ? "date('2020-01-01', '+' || (i / 500) || ' days')"
                                      : "to_char(DATE '2020-01-01' + CAST(i / 500 AS INTEGER), 'YYYY-MM-DD')";
}

std::string issued_at() {
    return "(" + std::to_string(k_first_day_ms) + " + (i / " + std::to_string(k_tickets_per_day) +
           ") * 86400000 + (i % " + std::to_string(k_tickets_per_day) + ") * 60000)";
}

Stored<void> run(Statements& statements, const std::string& sql, long first, long last) {
    auto done = statements.query(sql, {SqlValue(std::int64_t{first}), SqlValue(std::int64_t{last})});
    if (!done) {
        return std::unexpected(done.error());
    }
    return {};
}

// A long-running database holds its history vacuumed, analysed and checkpointed. Left to
// itself, PostgreSQL would vacuum the bulk load and write it out during the measured phases. No
// Database transaction: VACUUM refuses to run inside one.
void settle_postgresql(const std::string& storage_url) {
    const std::unique_ptr<PGconn, decltype(&PQfinish)> connection(PQconnectdb(storage_url.c_str()), PQfinish);
    if (PQstatus(connection.get()) != CONNECTION_OK) {
        throw std::runtime_error(std::string("postgresql: ") + PQerrorMessage(connection.get()));
    }
    for (const char* sql : {"VACUUM (ANALYZE)", "CHECKPOINT"}) {
        const std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(connection.get(), sql), PQclear);
        if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
            throw std::runtime_error(std::string(sql) + ": " + PQerrorMessage(connection.get()));
        }
    }
}

}  // namespace

void add_past_tickets(const std::string& storage_url, long first, long last) {
    auto database = server::open_database(storage_url);
    if (!database) {
        throw std::runtime_error(database.error().message);
    }
    const Dialect dialect = (*database)->dialect();
    // Sequences are unique across days too, which the (site, service, day, sequence) key allows.
    const std::string tickets =
        std::string(k_numbers) +
        "INSERT INTO tickets (id, site, service, day, sequence, number, priority, state, counter, issued_at, "
        "updated_at) SELECT 'past-' || i, 'chuo', CASE WHEN i % 3 = 0 THEN 'tax' WHEN i % 3 = 1 THEN 'moving' "
        "ELSE 'certificates' END, " +
        day_of(dialect) + ", i, 'H-' || i, CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END, 'done', 'c' || (i % 8), " +
        issued_at() + ", " + issued_at() + " + 600000 FROM n";
    const std::string events = std::string(k_numbers) +
                               "INSERT INTO events (ticket_id, site, kind, from_state, to_state, counter, actor, at) "
                               "SELECT 'past-' || i, 'chuo', 'finish', 'serving', 'done', 'c' || (i % 8), "
                               "'history', " +
                               issued_at() + " + 600000 FROM n";
    for (long from = first; from < last; from += k_chunk) {
        const long to = std::min(last, from + k_chunk);
        auto added = (*database)->transaction([&](Statements& statements) -> Stored<void> {
            if (auto done = run(statements, tickets, from, to); !done) {
                return done;
            }
            return run(statements, events, from, to);
        });
        if (!added) {
            throw std::runtime_error("adding past tickets: " + added.error().message);
        }
    }
    if (dialect == Dialect::postgresql) {
        settle_postgresql(storage_url);
        return;
    }
    // Planner statistics, as a long-running database would have them.
    auto analysed = (*database)->transaction([](Statements& statements) -> Stored<void> {
        auto done = statements.query("ANALYZE");
        if (!done) {
            return std::unexpected(done.error());
        }
        return {};
    });
    if (!analysed) {
        throw std::runtime_error("ANALYZE: " + analysed.error().message);
    }
}

}  // namespace madoguchi::bench
