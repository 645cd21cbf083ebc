#include "furigana.hpp"

#include <mecab.h>

#include <vector>

#include "drivers/card/my_number_data.hpp"

namespace madoguchi {
namespace {

constexpr std::string_view k_ideographic_space = "\u3000";
constexpr std::size_t k_reading_field = 7;  // ipadic: 品詞,細分類1,2,3,活用型,活用形,原形,読み,発音

std::optional<std::string> field_of(std::string_view csv, std::size_t index) {
    for (std::size_t i = 0; i < index; ++i) {
        const std::size_t comma = csv.find(',');
        if (comma == std::string_view::npos) {
            return std::nullopt;
        }
        csv.remove_prefix(comma + 1);
    }
    const std::string_view value = csv.substr(0, csv.find(','));
    if (value.empty() || value == "*") {
        return std::nullopt;
    }
    return std::string(value);
}

}  // namespace

struct Furigana::Tagger {
    mecab_t* mecab = nullptr;
    ~Tagger() {
        if (mecab != nullptr) {
            mecab_destroy(mecab);
        }
    }
};

Furigana::Furigana(std::unique_ptr<Tagger> tagger) : m_tagger(std::move(tagger)) {}
Furigana::Furigana(Furigana&&) noexcept = default;
Furigana& Furigana::operator=(Furigana&&) noexcept = default;
Furigana::~Furigana() = default;

Result<Furigana, FuriganaError> Furigana::open(const std::filesystem::path& dictionary) {
    auto tagger = std::make_unique<Tagger>();
    const std::string arguments = "-d " + dictionary.string();
    tagger->mecab = mecab_new2(arguments.c_str());
    if (tagger->mecab == nullptr) {
        return fail(FuriganaError::no_dictionary,
                    "MeCab cannot open the dictionary " + dictionary.string() + " (Debian package mecab-ipadic-utf8)");
    }
    return Furigana(std::move(tagger));
}

std::optional<std::string> Furigana::reading(std::string_view name) const {
    std::string kana;
    while (!name.empty()) {
        const std::size_t space = name.find(k_ideographic_space);
        std::string part(name.substr(0, space));
        name = space == std::string_view::npos ? std::string_view() : name.substr(space + k_ideographic_space.size());
        if (!kana.empty()) {
            kana += k_ideographic_space;
        }
        bool known = !part.empty();
        for (const mecab_node_t* node = mecab_sparse_tonode(m_tagger->mecab, part.c_str()); node != nullptr && known;
             node = node->next) {
            if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE) {
                continue;
            }
            const auto reading = node->stat == MECAB_NOR_NODE ? field_of(node->feature, k_reading_field) : std::nullopt;
            if (!reading) {
                known = false;
                break;
            }
            kana += *reading;
        }
        card::wipe_string(part);
        if (!known) {
            card::wipe_string(kana);
            return std::nullopt;
        }
    }
    if (kana.empty()) {
        return std::nullopt;
    }
    return kana;
}

}  // namespace madoguchi
