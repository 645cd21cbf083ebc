#pragma once
// The ImGui font atlas: BIZ UDGothic at three sizes, with IPAmj Mincho merged in for kanji it
// lacks. Building every JIS X 0208 kanji at every size would blow the start-up and memory
// budgets (DESIGN.md §3), so the atlas starts with what the catalogs can show plus kana, Latin
// and full-width forms, and grows: text from outside (a name, an address) is noted with
// require() and the atlas is rebuilt with its characters before the next frame. Characters
// beyond U+FFFF cannot enter Debian's 16-bit ImGui atlas at all; those go through the FreeType
// text texture instead.
//
// ImGui copies every font file it is given, so files are mapped only while the atlas is built
// and the copies are dropped right after: IPAmj Mincho alone is 46 MB.
#include <imgui.h>

#include <filesystem>
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
    FontAtlas(FontFiles files, float scale, std::string_view always_needed_text);

    // Fills `atlas` (cleared first) and returns the fonts in it. Throws std::runtime_error when
    // a font file cannot be read: the kiosk cannot start without its fonts.
    Fonts build(ImFontAtlas& atlas);
    void require(std::string_view utf8);
    bool needs_rebuild() const { return !m_pending.empty(); }

private:
    FontFiles m_files;
    float m_scale;
    std::string m_always_needed_text;
    std::set<char32_t> m_extra;    // characters added after start-up
    std::set<char32_t> m_pending;  // noted since the last build
    Fonts m_built;
    ImVector<ImWchar> m_body_ranges;
    ImVector<ImWchar> m_heading_ranges;
    ImVector<ImWchar> m_numeral_ranges;
};

}  // namespace madoguchi::screens
