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
namespace detail {

template <typename T, typename Work>
Stored<T> run_for_value(Database& database, bool read_only, Work&& work) {
    std::optional<T> output;
    const std::function<Stored<void>(Statements&)> collect = [&](Statements& statements) -> Stored<void> {
        auto value = work(statements);
        if (!value) {
            return std::unexpected(value.error());
        }
        output = std::move(*value);
        return {};
    };
    auto done = read_only ? database.read(collect) : database.transaction(collect);
    if (!done) {
        return std::unexpected(done.error());
    }
    return std::move(*output);
}

}  // namespace detail

template <typename T, typename Work>
Stored<T> in_transaction(Database& database, Work&& work) {
    return detail::run_for_value<T>(database, false, std::forward<Work>(work));
}

// For work that only reads: Database::read.
template <typename T, typename Work>
Stored<T> in_read(Database& database, Work&& work) {
    return detail::run_for_value<T>(database, true, std::forward<Work>(work));
}

}  // namespace madoguchi::server
