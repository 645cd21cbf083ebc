#pragma once
// What the storage itself manages without the server, measured in the same run as the server's
// figures so that both share the disk, the machine and its other load.
#include <filesystem>
#include <optional>
#include <string>

namespace madoguchi::bench {

// Rows per second one writer gets from SQLite in a new database `file` in the server's own
// setting (WAL, synchronous=FULL), each row its own INSERT and COMMIT.
double sqlite_insert_rate(const std::filesystem::path& file, int seconds);

// Transactions per second of pgbench (PostgreSQL's own load tool) running one INSERT per
// transaction against the database at `url`, with as many clients as the server has
// connections; its script goes to `dir`. Nothing when pgbench fails.
std::optional<double> pgbench_insert_rate(const std::string& url, const std::filesystem::path& dir, int seconds);

}  // namespace madoguchi::bench
