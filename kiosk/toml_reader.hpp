#pragma once
// Reading TOML data and server files with the terminal's rules (kiosk/config.cpp): a wrong type,
// a bad value or an unknown key is a ConfigError naming the file, the dotted key and the line.
#include <toml++/toml.h>

#include <cstdint>
#include <expected>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/config.hpp"

namespace madoguchi {

template <typename T>
using Parsed = std::expected<T, ConfigError>;

std::uint32_t line_of(const toml::node& node);

// One table of a file, read key by key; `prefix` is its dotted path for error messages.
class TableReader {
public:
    TableReader(const toml::table& table, std::string file, std::string prefix);

    ConfigError error(ConfigErrorCode code, std::string_view key, std::uint32_t line, std::string reason) const;

    const toml::node* find(std::string_view key) const;
    Parsed<std::string> string(std::string_view key, std::string fallback, bool required = false) const;
    Parsed<std::int64_t> integer(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
    Parsed<double> number(std::string_view key, double fallback, double min, double max) const;
    Parsed<std::vector<std::string>> strings(std::string_view key) const;
    Parsed<std::vector<std::int64_t>> integers(std::string_view key, std::int64_t min, std::int64_t max) const;
    // The sub-table `key`, or an empty table when it is absent.
    Parsed<TableReader> table(std::string_view key) const;

    // Every key present must be one of `known`.
    Parsed<void> check_keys(std::initializer_list<std::string_view> known) const;

    const std::string& file() const { return m_file; }
    std::string dotted(std::string_view key) const;

private:
    const toml::table* m_table;
    std::string m_file;
    std::string m_prefix;
};

Parsed<std::string> read_config_text(const std::filesystem::path& path);
Parsed<toml::table> parse_toml_text(std::string_view text, std::string_view file_name);

}  // namespace madoguchi
