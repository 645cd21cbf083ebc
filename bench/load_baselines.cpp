#include "load_baselines.hpp"

#include <sqlite3.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <regex>
#include <stdexcept>

#include "server/database.hpp"

namespace madoguchi::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

void exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error == nullptr ? "unknown" : error;
        sqlite3_free(error);
        throw std::runtime_error(std::string(sql) + ": " + message);
    }
}

// The newest PostgreSQL's pgbench, like tests/server/pg_cluster.sh picks its server.
std::optional<fs::path> find_pgbench() {
    std::optional<fs::path> found;
    std::error_code ignored;
    for (const auto& version : fs::directory_iterator("/usr/lib/postgresql", ignored)) {
        const fs::path candidate = version.path() / "bin" / "pgbench";
        if (fs::exists(candidate) && (!found || candidate > *found)) {
            found = candidate;
        }
    }
    return found;
}

}  // namespace

double sqlite_insert_rate(const fs::path& file, int seconds) {
    const std::string path = file.string();
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + path);
    }
    const std::unique_ptr<sqlite3, decltype(&sqlite3_close)> owner(db, sqlite3_close);
    exec(db, "PRAGMA journal_mode=WAL");
    exec(db, "PRAGMA synchronous=FULL");
    exec(db, "CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL, at INTEGER NOT NULL)");
    sqlite3_stmt* insert = nullptr;
    if (sqlite3_prepare_v2(db, "INSERT INTO rows (payload, at) VALUES ('ticket', ?)", -1, &insert, nullptr) !=
        SQLITE_OK) {
        throw std::runtime_error(sqlite3_errmsg(db));
    }
    const std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(insert, sqlite3_finalize);
    long rows = 0;
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::seconds(seconds);
    while (Clock::now() < deadline) {
        exec(db, "BEGIN");
        sqlite3_bind_int64(insert, 1, rows);
        if (sqlite3_step(insert) != SQLITE_DONE) {
            throw std::runtime_error(sqlite3_errmsg(db));
        }
        sqlite3_reset(insert);
        exec(db, "COMMIT");
        ++rows;
    }
    return static_cast<double>(rows) / std::chrono::duration<double>(Clock::now() - start).count();
}

std::optional<double> pgbench_insert_rate(const std::string& url, const fs::path& dir, int seconds) {
    const std::optional<fs::path> pgbench = find_pgbench();
    if (!pgbench) {
        std::fprintf(stderr, "server_load: pgbench not found (Debian package postgresql)\n");
        return std::nullopt;
    }
    auto database = server::open_database(url);
    if (!database) {
        std::fprintf(stderr, "server_load: %s\n", database.error().message.c_str());
        return std::nullopt;
    }
    auto created = (*database)->transaction([](server::Statements& statements) -> server::Stored<void> {
        // The table stays for the next measurement; PostgreSQL's notice saying so is noise.
        if (auto quiet = statements.query("SET LOCAL client_min_messages = warning"); !quiet) {
            return std::unexpected(quiet.error());
        }
        auto done = statements.query(
            "CREATE TABLE IF NOT EXISTS load_baseline (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload TEXT NOT NULL, "
            "at BIGINT NOT NULL)");
        if (!done) {
            return std::unexpected(done.error());
        }
        return {};
    });
    if (!created) {
        std::fprintf(stderr, "server_load: %s\n", created.error().message.c_str());
        return std::nullopt;
    }
    const fs::path script = dir / "insert.sql";
    std::ofstream(script) << "INSERT INTO load_baseline (payload, at) VALUES ('ticket', :client_id);\n";
    const int clients = static_cast<int>(server::k_postgresql_connections);
    // The URL is the server's own configuration value; it names a local socket, not a secret.
    const std::string command = pgbench->string() + " -n -f " + script.string() + " -c " + std::to_string(clients) +
                                " -j " + std::to_string(clients) + " -T " + std::to_string(seconds) + " '" + url +
                                "' 2>&1";
    const std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) {
        return std::nullopt;
    }
    std::string output;
    std::array<char, 4096> buffer{};
    while (const std::size_t read = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) {
        output.append(buffer.data(), read);
    }
    const std::regex tps(R"(tps = ([0-9.]+))");
    std::smatch match;
    if (!std::regex_search(output, match, tps)) {
        std::fprintf(stderr, "server_load: pgbench gave no rate:\n%s\n", output.c_str());
        return std::nullopt;
    }
    return std::stod(match[1].str());
}

}  // namespace madoguchi::bench
