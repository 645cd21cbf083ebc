#include "theme.hpp"

namespace madoguchi::screens {
namespace {
Theme g_theme;
}

const Theme& theme() { return g_theme; }
void set_theme(const Theme& theme) { g_theme = theme; }

void apply_style(float scale) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(48, 40);
    style.FramePadding = ImVec2(24, 16);
    style.ItemSpacing = ImVec2(24, 24);
    style.FrameRounding = 14;
    style.WindowRounding = 18;
    style.WindowBorderSize = 0;
    style.ScaleAllSizes(scale);
    style.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(k_background);
    style.Colors[ImGuiCol_PopupBg] = ImVec4(1, 1, 1, 1);
    style.Colors[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.55f);
    style.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(k_text);
}

}  // namespace madoguchi::screens
