#include "profile.hpp"

#include <toml++/toml.h>

#include <set>

namespace madoguchi::sim {
namespace {

using Unexpected = std::unexpected<std::string>;

std::expected<std::vector<std::uint8_t>, std::string> parse_hex(std::string_view text, std::string_view key) {
    std::vector<std::uint8_t> bytes;
    int high = -1;
    for (char c : text) {
        int value = -1;
        if (c >= '0' && c <= '9') {
            value = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            value = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            value = c - 'A' + 10;
        } else if (c == ' ' || c == ':' || c == '\n') {
            continue;
        } else {
            return Unexpected(std::string(key) + ": not a hex digit: " + c);
        }
        if (high < 0) {
            high = value;
        } else {
            bytes.push_back(static_cast<std::uint8_t>(high << 4 | value));
            high = -1;
        }
    }
    if (high >= 0) {
        return Unexpected(std::string(key) + ": odd number of hex digits");
    }
    return bytes;
}

}  // namespace

std::expected<Profile, std::string> load_profile(const std::filesystem::path& path) {
    toml::table root;
    try {
        root = toml::parse_file(path.string());
    } catch (const toml::parse_error& error) {
        return Unexpected(path.string() + ": " + std::string(error.description()));
    }
    static const std::set<std::string, std::less<>> k_card_keys{"name",   "address", "birth_date", "sex",
                                                                "number", "pin",     "tries_left"};
    static const std::set<std::string, std::less<>> k_encoding_keys{
        "long_form_lengths", "prefix", "short_form", "filler", "attributes_hex", "number_hex", "has_attributes_ap"};
    for (const auto& [table, keys] : {std::pair{"card", &k_card_keys}, std::pair{"encoding", &k_encoding_keys}}) {
        if (const toml::table* section = root[table].as_table()) {
            for (const auto& [key, node] : *section) {
                if (!keys->contains(key.str())) {
                    return Unexpected(path.string() + ": unknown key " + table + "." + std::string(key.str()));
                }
            }
        }
    }
    for (const auto& [name, node] : root) {
        if (name.str() != "card" && name.str() != "encoding") {
            return Unexpected(path.string() + ": unknown table " + std::string(name.str()));
        }
    }

    Profile profile;
    profile.name = root["card"]["name"].value_or(std::string("番号\u3000花子"));
    profile.address = root["card"]["address"].value_or(std::string("東京都千代田区永田町１丁目７番１号"));
    profile.birth_date = root["card"]["birth_date"].value_or(std::string("19850401"));
    profile.sex = root["card"]["sex"].value_or(std::string("2"));
    profile.number = root["card"]["number"].value_or(std::string("123456789018"));
    profile.pin = root["card"]["pin"].value_or(std::string("1234"));
    profile.tries_left = static_cast<int>(root["card"]["tries_left"].value_or(std::int64_t{3}));
    if (profile.tries_left < 0 || profile.tries_left > 3) {
        return Unexpected(path.string() + ": card.tries_left must be 0..3");
    }
    if (profile.pin.size() != 4) {
        return Unexpected(path.string() + ": card.pin must be 4 digits");
    }
    profile.long_form_lengths = root["encoding"]["long_form_lengths"].value_or(false);
    profile.short_form = root["encoding"]["short_form"].value_or(true);
    profile.has_attributes_ap = root["encoding"]["has_attributes_ap"].value_or(true);
    profile.filler = static_cast<int>(root["encoding"]["filler"].value_or(std::int64_t{16}));
    if (profile.filler < 0 || profile.filler > 4096) {
        return Unexpected(path.string() + ": encoding.filler must be 0..4096");
    }
    const std::pair<const char*, std::vector<std::uint8_t>*> hex_keys[] = {
        {"prefix", &profile.prefix}, {"attributes_hex", &profile.attributes_raw}, {"number_hex", &profile.number_raw}};
    for (const auto& [key, target] : hex_keys) {
        auto bytes = parse_hex(root["encoding"][key].value_or(std::string()), key);
        if (!bytes) {
            return Unexpected(path.string() + ": encoding." + bytes.error());
        }
        *target = std::move(*bytes);
    }
    return profile;
}

}  // namespace madoguchi::sim
