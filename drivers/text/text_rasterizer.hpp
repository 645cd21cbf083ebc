#pragma once
// Draws any Unicode text with FreeType into an 8-bit coverage bitmap, taking each character
// from the first font of a chain that has it (BIZ UDGothic, then IPAmj Mincho for rare kanji).
// The kiosk uses it for names and addresses that the ImGui atlas cannot hold (characters beyond
// U+FFFF); the receipt printer will use it for Japanese raster text.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "kiosk/error.hpp"

namespace madoguchi::text {

enum class TextError { font_unreadable, no_fonts };

struct AlphaBitmap {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // width * height coverage values, row-major
};

class TextRasterizer {
public:
    static Result<TextRasterizer, TextError> open(std::span<const std::filesystem::path> font_chain);
    TextRasterizer(TextRasterizer&&) noexcept;
    TextRasterizer& operator=(TextRasterizer&&) noexcept;
    ~TextRasterizer();

    // Index in the chain of the first font with a glyph for `code`, or -1 when none has it.
    int font_for(char32_t code) const;
    // One line of text, `pixel_height` pixels from ascender to descender. A character no font
    // has is drawn as the chain's replacement glyph (U+FFFD or a box), never skipped silently.
    AlphaBitmap render_line(std::string_view utf8, int pixel_height) const;
    // Characters in `utf8` that no font in the chain can draw.
    std::vector<char32_t> missing(std::string_view utf8) const;

private:
    struct Fonts;
    explicit TextRasterizer(std::unique_ptr<Fonts> fonts);
    std::unique_ptr<Fonts> m_fonts;
};

}  // namespace madoguchi::text
