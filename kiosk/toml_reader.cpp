#include "toml_reader.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace madoguchi {
namespace {

const toml::table& empty_table() {
    static const toml::table k_empty;
    return k_empty;
}

}  // namespace

std::uint32_t line_of(const toml::node& node) {
    return node.source().begin.line;
}

TableReader::TableReader(const toml::table& table, std::string file, std::string prefix)
    : m_table(&table), m_file(std::move(file)), m_prefix(std::move(prefix)) {}

std::string TableReader::dotted(std::string_view key) const {
    return m_prefix.empty() ? std::string(key) : m_prefix + "." + std::string(key);
}

ConfigError TableReader::error(ConfigErrorCode code, std::string_view key, std::uint32_t line,
                               std::string reason) const {
    return ConfigError{code, m_file, dotted(key), line, std::move(reason)};
}

const toml::node* TableReader::find(std::string_view key) const {
    return m_table->get(key);
}

Parsed<std::string> TableReader::string(std::string_view key, std::string fallback, bool required) const {
    const toml::node* node = find(key);
    if (node == nullptr) {
        if (required) {
            return std::unexpected(error(ConfigErrorCode::missing_key, key, 0, "is required"));
        }
        return fallback;
    }
    if (!node->is_string()) {
        return std::unexpected(error(ConfigErrorCode::wrong_type, key, line_of(*node), "must be a string"));
    }
    return std::string(node->as_string()->get());
}

Parsed<std::int64_t> TableReader::integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                                          std::int64_t max) const {
    const toml::node* node = find(key);
    if (node == nullptr) {
        return fallback;
    }
    if (!node->is_integer()) {
        return std::unexpected(error(ConfigErrorCode::wrong_type, key, line_of(*node), "must be a whole number"));
    }
    const std::int64_t value = node->as_integer()->get();
    if (value < min || value > max) {
        return std::unexpected(error(ConfigErrorCode::bad_value, key, line_of(*node),
                                     "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                                         ", not " + std::to_string(value)));
    }
    return value;
}

Parsed<double> TableReader::number(std::string_view key, double fallback, double min, double max) const {
    const toml::node* node = find(key);
    if (node == nullptr) {
        return fallback;
    }
    const std::optional<double> value = node->value<double>();
    if (!value || !(node->is_floating_point() || node->is_integer())) {
        return std::unexpected(error(ConfigErrorCode::wrong_type, key, line_of(*node), "must be a number"));
    }
    if (*value < min || *value > max) {
        return std::unexpected(error(ConfigErrorCode::bad_value, key, line_of(*node),
                                     "must be between " + std::to_string(min) + " and " + std::to_string(max)));
    }
    return *value;
}

Parsed<std::vector<std::string>> TableReader::strings(std::string_view key) const {
    const toml::node* node = find(key);
    if (node == nullptr) {
        return std::unexpected(error(ConfigErrorCode::missing_key, key, 0, "is required"));
    }
    const toml::array* array = node->as_array();
    if (array == nullptr) {
        return std::unexpected(error(ConfigErrorCode::wrong_type, key, line_of(*node), "must be a list of strings"));
    }
    std::vector<std::string> values;
    for (const toml::node& item : *array) {
        const std::optional<std::string> value = item.value<std::string>();
        if (!value) {
            return std::unexpected(error(ConfigErrorCode::wrong_type, key, line_of(item), "must hold only strings"));
        }
        values.push_back(*value);
    }
    return values;
}

Parsed<std::vector<std::int64_t>> TableReader::integers(std::string_view key, std::int64_t min,
                                                        std::int64_t max) const {
    const toml::node* node = find(key);
    if (node == nullptr) {
        return std::vector<std::int64_t>{};
    }
    const toml::array* array = node->as_array();
    if (array == nullptr) {
        return std::unexpected(error(ConfigErrorCode::wrong_type, key, line_of(*node), "must be a list of numbers"));
    }
    std::vector<std::int64_t> values;
    for (const toml::node& item : *array) {
        if (!item.is_integer()) {
            return std::unexpected(
                error(ConfigErrorCode::wrong_type, key, line_of(item), "must hold only whole numbers"));
        }
        const std::int64_t value = item.as_integer()->get();
        if (value < min || value > max) {
            return std::unexpected(error(
                ConfigErrorCode::bad_value, key, line_of(item),
                "holds " + std::to_string(value) + ", outside " + std::to_string(min) + ".." + std::to_string(max)));
        }
        values.push_back(value);
    }
    return values;
}

Parsed<TableReader> TableReader::table(std::string_view key) const {
    const toml::node* node = find(key);
    if (node == nullptr) {
        return TableReader(empty_table(), m_file, dotted(key));
    }
    if (!node->is_table()) {
        return std::unexpected(error(ConfigErrorCode::wrong_type, key, line_of(*node), "must be a section"));
    }
    return TableReader(*node->as_table(), m_file, dotted(key));
}

Parsed<void> TableReader::check_keys(std::initializer_list<std::string_view> known) const {
    for (const auto& [name, node] : *m_table) {
        if (std::ranges::find(known, name.str()) == known.end()) {
            return std::unexpected(
                error(ConfigErrorCode::unknown_key, name.str(), line_of(node), "is not a known key"));
        }
    }
    return {};
}

Parsed<toml::table> parse_toml_text(std::string_view text, std::string_view file_name) {
    try {
        return toml::parse(text, file_name);
    } catch (const toml::parse_error& parse_error) {
        return std::unexpected(ConfigError{ConfigErrorCode::syntax, std::string(file_name), "",
                                           parse_error.source().begin.line, std::string(parse_error.description())});
    }
}

Parsed<std::string> read_config_text(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return std::unexpected(ConfigError{ConfigErrorCode::unreadable, path.string(), "", 0,
                                           "cannot be opened (missing, or no permission to read it)"});
    }
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace madoguchi
