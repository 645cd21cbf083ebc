#include <doctest/doctest.h>

#include <cstring>

#include "kiosk/i18n.hpp"

using namespace madoguchi;

namespace {

const std::filesystem::path k_catalogs = MADOGUCHI_BINARY_DIR "/share/madoguchi/locale";

// A tiny .mo image: header + one entry, little-endian.
std::vector<std::uint8_t> mo_with(const std::string& key, const std::string& value) {
    std::vector<std::uint8_t> bytes(28 + 16, 0);
    const auto put = [&](std::size_t at, std::uint32_t v) {
        for (int i = 0; i < 4; ++i) {
            bytes[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
        }
    };
    put(0, 0x950412de);
    put(8, 1);
    put(12, 28);
    put(16, 36);
    const auto key_at = static_cast<std::uint32_t>(bytes.size());
    bytes.insert(bytes.end(), key.begin(), key.end());
    bytes.push_back(0);
    const auto value_at = static_cast<std::uint32_t>(bytes.size());
    bytes.insert(bytes.end(), value.begin(), value.end());
    bytes.push_back(0);
    put(28, static_cast<std::uint32_t>(key.size()));
    put(32, key_at);
    put(36, static_cast<std::uint32_t>(value.size()));
    put(40, value_at);
    return bytes;
}

}  // namespace

TEST_CASE("the shipped catalogs load and translate") {
    const std::vector<std::string> languages{"ja", "en"};
    auto translator = Translator::load(k_catalogs, languages);
    REQUIRE_MESSAGE(translator.has_value(), (translator ? "" : translator.error().message));
    CHECK(std::string(translator->tr("ja", "Touch to start")) == "タッチしてはじめる");
    CHECK(std::string(translator->tr("en", "Touch to start")) == "Touch to start");
    CHECK(std::string(translator->autonym("ja")) == "日本語");
    CHECK(std::string(translator->autonym("en")) == "English");
    CHECK(translator->languages().size() == 2);
}

TEST_CASE("every supported language has a catalog") {
    for (std::string_view language : k_supported_languages) {
        CHECK_MESSAGE(Catalog::load(k_catalogs / (std::string(language) + ".mo")).has_value(), language);
    }
}

TEST_CASE("an unknown message falls back to its English source") {
    Translator translator;
    translator.add("ja", *Catalog::parse(mo_with("Hello", "こんにちは")));
    CHECK(std::string(translator.tr("ja", "Hello")) == "こんにちは");
    CHECK(std::string(translator.tr("ja", "Goodbye")) == "Goodbye");
    CHECK(std::string(translator.tr("ko", "Hello")) == "Hello");
    CHECK(std::string(translator.autonym("ja")) == "ja");
}

TEST_CASE("context entries are kept apart from plain ones") {
    Translator translator;
    translator.add("ja", *Catalog::parse(mo_with(std::string("language-autonym") + '\x04' + "English", "日本語")));
    CHECK(std::string(translator.autonym("ja")) == "日本語");
    CHECK(std::string(translator.tr("ja", "English")) == "English");
}

TEST_CASE("a damaged catalog is an error, not a crash") {
    auto bytes = mo_with("Hello", "こんにちは");
    CHECK_FALSE(Catalog::parse(std::span(bytes.data(), 10)).has_value());
    auto bad_magic = bytes;
    bad_magic[0] = 0;
    CHECK(Catalog::parse(bad_magic).error().code == I18nError::malformed);
    auto out_of_bounds = bytes;
    out_of_bounds[40] = 0xff;  // the translation's offset points past the end
    CHECK_FALSE(Catalog::parse(out_of_bounds).has_value());
    auto huge_count = bytes;
    huge_count[11] = 0x7f;
    CHECK_FALSE(Catalog::parse(huge_count).has_value());
    CHECK(Catalog::load("/nonexistent.mo").error().code == I18nError::unreadable);
}

TEST_CASE("fill puts values where the translation wants them") {
    CHECK(fill("{} 言語", {"2"}) == "2 言語");
    CHECK(fill("{} of {}", {"1", "3"}) == "1 of 3");
    CHECK(fill("no slot", {"x"}) == "no slot");
    CHECK(fill("{} and {}", {"only"}) == "only and {}");
}
