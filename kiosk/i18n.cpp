#include "i18n.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

namespace madoguchi {
namespace {

constexpr std::uint32_t k_mo_magic = 0x950412de;
constexpr std::uint32_t k_mo_magic_swapped = 0xde120495;
constexpr char k_context_separator = '\x04';

class MoReader {
public:
    explicit MoReader(std::span<const std::uint8_t> bytes) : m_bytes(bytes) {}

    bool u32(std::size_t offset, std::uint32_t& out) const {
        if (offset > m_bytes.size() || m_bytes.size() - offset < 4) {
            return false;
        }
        const std::uint8_t* p = m_bytes.data() + offset;
        out = m_swapped ? (std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3])
                        : (std::uint32_t(p[3]) << 24 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[1]) << 8 | p[0]);
        return true;
    }

    bool detect_byte_order() {
        std::uint32_t magic = 0;
        if (!u32(0, magic)) {
            return false;
        }
        if (magic == k_mo_magic_swapped) {
            m_swapped = true;
            return true;
        }
        return magic == k_mo_magic;
    }

    // Reads entry `index` of a (length, offset) table; the string must be NUL-terminated in bounds.
    bool string(std::uint32_t table, std::uint32_t index, std::string& out) const {
        std::uint32_t length = 0;
        std::uint32_t offset = 0;
        const std::size_t entry = std::size_t(table) + std::size_t(index) * 8;
        if (!u32(entry, length) || !u32(entry + 4, offset)) {
            return false;
        }
        if (std::size_t(offset) + length >= m_bytes.size() || m_bytes[std::size_t(offset) + length] != 0) {
            return false;
        }
        out.assign(reinterpret_cast<const char*>(m_bytes.data()) + offset, length);
        return true;
    }

private:
    std::span<const std::uint8_t> m_bytes;
    bool m_swapped = false;
};

// A plural entry stores its forms NUL-separated; the kiosk shows the singular form's key and
// the first translation (Japanese has a single form).
std::string first_form(const std::string& text) { return text.substr(0, text.find('\0')); }

}  // namespace

bool is_supported_language(std::string_view code) {
    return std::ranges::find(k_supported_languages, code) != std::end(k_supported_languages);
}

std::string fill(std::string_view pattern, std::initializer_list<std::string_view> values) {
    std::string out;
    auto next = values.begin();
    std::size_t pos = 0;
    while (pos < pattern.size()) {
        const std::size_t slot = pattern.find("{}", pos);
        if (slot == std::string_view::npos || next == values.end()) {
            out += pattern.substr(pos);
            break;
        }
        out += pattern.substr(pos, slot - pos);
        out += *next++;
        pos = slot + 2;
    }
    return out;
}

Result<Catalog, I18nError> Catalog::parse(std::span<const std::uint8_t> bytes) {
    MoReader reader(bytes);
    if (!reader.detect_byte_order()) {
        return fail(I18nError::malformed, "not a gettext .mo file (bad magic number)");
    }
    std::uint32_t count = 0;
    std::uint32_t originals = 0;
    std::uint32_t translations = 0;
    if (!reader.u32(8, count) || !reader.u32(12, originals) || !reader.u32(16, translations)) {
        return fail(I18nError::malformed, "truncated .mo header");
    }
    if (std::size_t(count) * 8 > bytes.size()) {
        return fail(I18nError::malformed, ".mo string count larger than the file");
    }
    Catalog catalog;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::string key;
        std::string value;
        if (!reader.string(originals, i, key) || !reader.string(translations, i, value)) {
            return fail(I18nError::malformed, ".mo string table entry " + std::to_string(i) + " out of bounds");
        }
        if (key.empty()) {
            continue;  // the header entry
        }
        catalog.m_entries.insert_or_assign(first_form(key), first_form(value));
    }
    return catalog;
}

Result<Catalog, I18nError> Catalog::load(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return fail(I18nError::unreadable, "cannot open catalog " + path.string());
    }
    const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    auto catalog = parse(bytes);
    if (!catalog) {
        return fail(I18nError::malformed, path.string() + ": " + catalog.error().message);
    }
    return catalog;
}

const char* Catalog::find(std::string_view key) const {
    const auto it = m_entries.find(key);
    return it == m_entries.end() || it->second.empty() ? nullptr : it->second.c_str();
}

void Translator::add(std::string language, Catalog catalog) {
    if (std::ranges::find(m_order, language) == m_order.end()) {
        m_order.push_back(language);
    }
    m_catalogs.insert_or_assign(std::move(language), std::move(catalog));
}

Result<Translator, I18nError> Translator::load(const std::filesystem::path& dir,
                                              std::span<const std::string> languages) {
    Translator translator;
    for (const std::string& language : languages) {
        auto catalog = Catalog::load(dir / (language + ".mo"));
        if (!catalog) {
            return std::unexpected(catalog.error());
        }
        translator.add(language, std::move(*catalog));
    }
    if (translator.m_order.empty()) {
        return fail(I18nError::missing_language, "no language configured");
    }
    return translator;
}

const Catalog* Translator::catalog(std::string_view language) const {
    const auto it = m_catalogs.find(language);
    return it == m_catalogs.end() ? nullptr : &it->second;
}

const char* Translator::tr(std::string_view language, const char* msgid) const {
    const Catalog* found = catalog(language);
    const char* text = found != nullptr ? found->find(msgid) : nullptr;
    return text != nullptr ? text : msgid;
}

const char* Translator::autonym(std::string_view language) const {
    const Catalog* found = catalog(language);
    std::string key = "language-autonym";
    key += k_context_separator;
    key += "English";
    const char* text = found != nullptr ? found->find(key) : nullptr;
    if (text != nullptr) {
        return text;
    }
    // A catalog without its own name still gets a button, labelled with its code.
    const auto code = std::ranges::find(m_order, language);
    return code != m_order.end() ? code->c_str() : "";
}

}  // namespace madoguchi
