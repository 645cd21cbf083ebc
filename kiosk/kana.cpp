#include "kana.hpp"

#include <string_view>

namespace madoguchi {
namespace {

constexpr char32_t k_katakana_offset = 0x60;

constexpr std::array<KanaColumn, 10> k_columns{{
    {U'あ', U'い', U'う', U'え', U'お'},
    {U'か', U'き', U'く', U'け', U'こ'},
    {U'さ', U'し', U'す', U'せ', U'そ'},
    {U'た', U'ち', U'つ', U'て', U'と'},
    {U'な', U'に', U'ぬ', U'ね', U'の'},
    {U'は', U'ひ', U'ふ', U'へ', U'ほ'},
    {U'ま', U'み', U'む', U'め', U'も'},
    {U'や', 0, U'ゆ', 0, U'よ'},
    {U'ら', U'り', U'る', U'れ', U'ろ'},
    {U'わ', 0, U'を', 0, U'ん'},
}};

struct MarkPairs {
    std::u32string_view plain;
    std::u32string_view marked;
};

MarkPairs pairs_for(KanaMark mark) {
    switch (mark) {
        case KanaMark::dakuten:
            // ぱ is listed as plain too, so that ゛ turns it into ば rather than undoing a mark.
            return {U"かきくけこさしすせそたちつてとはひふへほうぱぴぷぺぽ", U"がぎぐげござじずぜぞだぢづでどばびぶべぼゔばびぶべぼ"};
        case KanaMark::handakuten:
            return {U"はひふへほばびぶべぼ", U"ぱぴぷぺぽぱぴぷぺぽ"};
        case KanaMark::small:
            return {U"あいうえおつやゆよわかけ", U"ぁぃぅぇぉっゃゅょゎゕゖ"};
    }
    return {};
}

bool is_katakana(char32_t code) { return code >= 0x30A1 && code <= 0x30F6; }

}  // namespace

char32_t hiragana_to_katakana(char32_t code) {
    return code >= 0x3041 && code <= 0x3096 ? code + k_katakana_offset : code;
}

std::optional<char32_t> apply_kana_mark(char32_t kana, KanaMark mark) {
    const bool katakana = is_katakana(kana);
    const char32_t hiragana = katakana ? kana - k_katakana_offset : kana;
    const MarkPairs pairs = pairs_for(mark);
    std::optional<char32_t> result;
    if (const auto plain = pairs.plain.find(hiragana); plain != std::u32string_view::npos) {
        result = pairs.marked[plain];
    } else if (const auto marked = pairs.marked.find(hiragana); marked != std::u32string_view::npos) {
        result = pairs.plain[marked];
    }
    if (result && katakana) {
        return hiragana_to_katakana(*result);
    }
    return result;
}

std::span<const KanaColumn> gojuon_columns() { return k_columns; }

}  // namespace madoguchi
