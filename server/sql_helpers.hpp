#pragma once
// Small helpers shared by the stores that run SQL through the Database interface.
#include <charconv>
#include <optional>
#include <string>
#include <utility>

#include "server/database.hpp"

namespace madoguchi::server {

inline std::int64_t as_int(const std::optional<std::string>& text) {
    std::int64_t value = 0;
    if (text) {
        std::from_chars(text->data(), text->data() + text->size(), value);
    }
    return value;
}

// Runs `work` (Statements& → Stored<T>) in one transaction and hands back its value.
template <typename T, typename Work>
Stored<T> in_transaction(Database& database, Work&& work) {
    std::optional<T> output;
    auto done = database.transaction([&](Statements& statements) -> Stored<void> {
        auto value = work(statements);
        if (!value) {
            return std::unexpected(value.error());
        }
        output = std::move(*value);
        return {};
    });
    if (!done) {
        return std::unexpected(done.error());
    }
    return std::move(*output);
}

}  // namespace madoguchi::server
