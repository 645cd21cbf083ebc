#pragma once
// UTF-8 decoding and encoding shared by the font atlas, the text rasterizer and the printer. Invalid bytes
// decode to U+FFFD so that bad input is visible, never a crash.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::text {

inline constexpr char32_t k_replacement_character = 0xFFFD;

// Decodes the code point at `pos` and advances `pos` past it.
char32_t decode_utf8(std::string_view text, std::size_t& pos);
std::vector<char32_t> decode_utf8(std::string_view text);
// Appends `code` to `out` as UTF-8.
void append_utf8(std::string& out, char32_t code);

}  // namespace madoguchi::text
