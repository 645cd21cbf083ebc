#pragma once
// Text that comes from a card or a citizen (names, addresses) is drawn by our FreeType
// rasterizer into a texture, not through the ImGui atlas: Debian's ImGui has 16-bit glyph codes,
// so 𠮷 and other characters beyond U+FFFF could never enter the atlas (DESIGN.md §3).
// The textures hold personal data as pixels: wipe() destroys them when the session ends.
#include <imgui.h>

#include <string_view>

namespace madoguchi::screens {

class FreeText {
public:
    virtual ~FreeText() = default;
    // Draws one line at the cursor, `pixel_height` high, shrunk to fit `max_width` if needed.
    virtual void draw(std::string_view utf8, float pixel_height, ImU32 colour, float max_width) = 0;
    virtual void wipe() = 0;
};

}  // namespace madoguchi::screens
