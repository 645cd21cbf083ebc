#pragma once
// Colours and sizes for a lobby kiosk: high contrast, large type, touch targets of at least
// 20 mm (about 96 px on a 1080p, 24-inch panel, scaled with the window height).
#include <imgui.h>

namespace madoguchi::screens {

struct Fonts {
    ImFont* body = nullptr;      // running text and buttons
    ImFont* heading = nullptr;   // titles
    ImFont* numerals = nullptr;  // the idle countdown, the display's numbers: digits and capitals, huge
};

struct Theme {
    float scale = 1.0f;  // window height / 1080
    Fonts fonts;

    float px(float reference_pixels) const { return reference_pixels * scale; }
    float min_touch() const { return px(96.0f); }
};

inline constexpr ImU32 k_background = IM_COL32(247, 246, 240, 255);
inline constexpr ImU32 k_text = IM_COL32(26, 26, 26, 255);
inline constexpr ImU32 k_text_muted = IM_COL32(80, 80, 80, 255);
inline constexpr ImU32 k_primary = IM_COL32(0, 80, 160, 255);
inline constexpr ImU32 k_primary_active = IM_COL32(0, 56, 120, 255);
inline constexpr ImU32 k_secondary = IM_COL32(222, 224, 228, 255);
inline constexpr ImU32 k_secondary_active = IM_COL32(190, 194, 200, 255);
inline constexpr ImU32 k_warning = IM_COL32(176, 48, 0, 255);

const Theme& theme();
void set_theme(const Theme& theme);
// ImGui's style for our look; called once after the context exists.
void apply_style(float scale);

}  // namespace madoguchi::screens
