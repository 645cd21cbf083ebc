#pragma once
// The ImGui font atlas: BIZ UDGothic with IPAmj Mincho merged in for kanji it lacks, at three
// sizes. Building every JIS X 0208 kanji at every size would blow the start-up budget
// (DESIGN.md §3), so the atlas starts with the catalogs' characters (all sizes) plus ImGui's
// common-kanji set (body size), and grows: text that needs a glyph it lacks is noted with
// require() and the atlas is rebuilt before the next frame. Characters beyond U+FFFF cannot enter
// Debian's 16-bit ImGui atlas at all; those go through the FreeType text texture instead.
#include <imgui.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "theme.hpp"

namespace madoguchi::screens {

struct FontFiles {
    std::filesystem::path regular;
    std::filesystem::path bold;
    std::filesystem::path fallback;
};

class FontAtlas {
public:
    // Throws std::runtime_error when a font file cannot be read: the kiosk cannot start without.
    FontAtlas(const FontFiles& files, float scale, std::string_view always_needed_text);
    ~FontAtlas();
    FontAtlas(const FontAtlas&) = delete;
    FontAtlas& operator=(const FontAtlas&) = delete;

    // Fills `atlas` (cleared first) and returns the fonts in it.
    Fonts build(ImFontAtlas& atlas);
    void require(std::string_view utf8);
    bool needs_rebuild() const { return !m_pending.empty(); }

private:
    struct Mapped;
    std::unique_ptr<Mapped> m_regular;
    std::unique_ptr<Mapped> m_bold;
    std::unique_ptr<Mapped> m_fallback;
    float m_scale;
    std::string m_always_needed_text;
    std::set<char32_t> m_extra;    // characters added after start-up
    std::set<char32_t> m_pending;  // noted since the last build
    ImVector<ImWchar> m_body_ranges;
    ImVector<ImWchar> m_heading_ranges;
    ImVector<ImWchar> m_numeral_ranges;
};

}  // namespace madoguchi::screens
