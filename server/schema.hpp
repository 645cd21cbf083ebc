#pragma once
// Versioned schema migrations, applied in order; each version's statements run in one
// transaction with the version bump, so a half-migrated database cannot exist.
#include <string>
#include <vector>

#include "server/database.hpp"

namespace madoguchi::server {

struct Migration {
    int version;
    std::vector<std::string> statements;
};

std::vector<Migration> migrations(Dialect dialect);

}  // namespace madoguchi::server
