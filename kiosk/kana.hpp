#pragma once
// Kana as the kiosk's 五十音 keyboard types them (no system IME on a touch kiosk): the table,
// and the marks applied to the kana typed just before, as on a phone's kana pad.
#include <array>
#include <optional>
#include <span>

namespace madoguchi {

enum class KanaMark { dakuten, handakuten, small };
enum class KeyboardMode { hiragana, katakana, digits };

// The previous kana with the mark (が from か, ぱ from は or ば, っ from つ), or without it when it
// already has it, so that a second touch undoes the first; nullopt when the mark does not apply.
std::optional<char32_t> apply_kana_mark(char32_t kana, KanaMark mark);

char32_t hiragana_to_katakana(char32_t code);

// The 五十音 table in hiragana, one column per consonant row (あ行 … わ行), read top to
// bottom as あいうえお; 0 marks an empty key.
using KanaColumn = std::array<char32_t, 5>;
std::span<const KanaColumn> gojuon_columns();

}  // namespace madoguchi
