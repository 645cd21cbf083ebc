#pragma once
// Translation catalogs: gettext .mo files compiled from assets/i18n/*.po at build time. All
// catalogs are loaded at start so that a citizen can switch language at any moment without a
// restart. Lookups return pointers that stay valid as long as the Translator lives.
#include <cstdint>
#include <expected>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"

namespace madoguchi {

// The languages we ship complete catalogs for, Japanese first.
inline constexpr std::string_view k_supported_languages[] = {"ja", "en"};
bool is_supported_language(std::string_view code);

// Replaces each "{}" in a translated pattern by the next argument, so that translators can move
// the values where their grammar puts them.
std::string fill(std::string_view pattern, std::initializer_list<std::string_view> values);

enum class I18nError { unreadable, malformed, missing_language };

class Catalog {
public:
    static Result<Catalog, I18nError> parse(std::span<const std::uint8_t> bytes);
    static Result<Catalog, I18nError> load(const std::filesystem::path& path);

    // msgid, or "context\x04msgid" for a pgettext-style entry; nullptr when absent.
    const char* find(std::string_view key) const;
    std::size_t size() const { return m_entries.size(); }
    template <typename Fn>
    void for_each_translation(Fn&& fn) const {
        for (const auto& [key, value] : m_entries) {
            fn(std::string_view(value));
        }
    }

private:
    std::map<std::string, std::string, std::less<>> m_entries;
};

class Translator {
public:
    void add(std::string language, Catalog catalog);
    // Loads DIR/<lang>.mo for each language, in order.
    static Result<Translator, I18nError> load(const std::filesystem::path& dir, std::span<const std::string> languages);

    std::span<const std::string> languages() const { return m_order; }
    bool has_language(std::string_view language) const { return catalog(language) != nullptr; }

    // Falls back to the msgid (our source strings are English) when the catalog has no entry.
    const char* tr(std::string_view language, const char* msgid) const;
    // The language's name in itself ("日本語", "English"), for the language buttons.
    const char* autonym(std::string_view language) const;

    template <typename Fn>
    void for_each_translation(Fn&& fn) const {
        for (const auto& [language, catalog] : m_catalogs) {
            catalog.for_each_translation(fn);
        }
    }

private:
    const Catalog* catalog(std::string_view language) const;

    std::map<std::string, Catalog, std::less<>> m_catalogs;
    std::vector<std::string> m_order;
};

}  // namespace madoguchi
