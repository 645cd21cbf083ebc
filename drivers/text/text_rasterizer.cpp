#include "text_rasterizer.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>

#include "utf8.hpp"

namespace madoguchi::text {

struct TextRasterizer::Fonts {
    FT_Library library = nullptr;
    std::vector<FT_Face> faces;

    ~Fonts() {
        for (FT_Face face : faces) {
            FT_Done_Face(face);
        }
        if (library != nullptr) {
            FT_Done_FreeType(library);
        }
    }
};

TextRasterizer::TextRasterizer(std::unique_ptr<Fonts> fonts) : m_fonts(std::move(fonts)) {}
TextRasterizer::TextRasterizer(TextRasterizer&&) noexcept = default;
TextRasterizer& TextRasterizer::operator=(TextRasterizer&&) noexcept = default;
TextRasterizer::~TextRasterizer() = default;

Result<TextRasterizer, TextError> TextRasterizer::open(std::span<const std::filesystem::path> font_chain) {
    auto fonts = std::make_unique<Fonts>();
    if (FT_Init_FreeType(&fonts->library) != 0) {
        return fail(TextError::no_fonts, "FreeType failed to start");
    }
    for (const auto& path : font_chain) {
        FT_Face face = nullptr;
        if (FT_New_Face(fonts->library, path.c_str(), 0, &face) != 0) {
            return fail(TextError::font_unreadable, "cannot read font " + path.string());
        }
        fonts->faces.push_back(face);
    }
    if (fonts->faces.empty()) {
        return fail(TextError::no_fonts, "no font given");
    }
    return TextRasterizer(std::move(fonts));
}

int TextRasterizer::font_for(char32_t code) const {
    for (std::size_t i = 0; i < m_fonts->faces.size(); ++i) {
        if (FT_Get_Char_Index(m_fonts->faces[i], code) != 0) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

std::vector<char32_t> TextRasterizer::missing(std::string_view utf8) const {
    std::vector<char32_t> absent;
    for (char32_t code : decode_utf8(utf8)) {
        if (font_for(code) < 0 && std::ranges::find(absent, code) == absent.end()) {
            absent.push_back(code);
        }
    }
    return absent;
}

AlphaBitmap TextRasterizer::render_line(std::string_view utf8, int pixel_height) const {
    struct Placed {
        FT_Face face;
        FT_UInt glyph;
        long pen_x;
    };
    const auto size = static_cast<FT_UInt>(std::max(pixel_height, 1));
    for (FT_Face face : m_fonts->faces) {
        FT_Set_Pixel_Sizes(face, 0, size);
    }
    FT_Face primary = m_fonts->faces.front();
    const long ascender = primary->size->metrics.ascender >> 6;
    const long descender = -(primary->size->metrics.descender >> 6);

    std::vector<Placed> placed;
    long pen_x = 0;
    for (char32_t code : decode_utf8(utf8)) {
        int font = font_for(code);
        if (font < 0) {
            code = k_replacement_character;
            font = std::max(font_for(code), 0);
        }
        FT_Face face = m_fonts->faces[static_cast<std::size_t>(font)];
        const FT_UInt glyph = FT_Get_Char_Index(face, code);
        if (FT_Load_Glyph(face, glyph, FT_LOAD_DEFAULT) != 0) {
            continue;
        }
        placed.push_back({face, glyph, pen_x});
        pen_x += face->glyph->advance.x >> 6;
    }

    AlphaBitmap bitmap;
    bitmap.width = static_cast<int>(std::max(pen_x, 1L));
    bitmap.height = static_cast<int>(ascender + descender);
    bitmap.pixels.assign(static_cast<std::size_t>(bitmap.width) * static_cast<std::size_t>(bitmap.height), 0);
    for (const Placed& item : placed) {
        if (FT_Load_Glyph(item.face, item.glyph, FT_LOAD_RENDER) != 0) {
            continue;
        }
        const FT_GlyphSlot slot = item.face->glyph;
        const FT_Bitmap& source = slot->bitmap;
        const long left = item.pen_x + slot->bitmap_left;
        const long top = ascender - slot->bitmap_top;
        for (unsigned row = 0; row < source.rows; ++row) {
            const long y = top + static_cast<long>(row);
            if (y < 0 || y >= bitmap.height) {
                continue;
            }
            for (unsigned column = 0; column < source.width; ++column) {
                const long x = left + static_cast<long>(column);
                if (x < 0 || x >= bitmap.width) {
                    continue;
                }
                const std::uint8_t value = source.buffer[static_cast<long>(row) * source.pitch + column];
                std::uint8_t& target = bitmap.pixels[static_cast<std::size_t>(y * bitmap.width + x)];
                target = std::max(target, value);
            }
        }
    }
    return bitmap;
}

}  // namespace madoguchi::text
