#include "widgets.hpp"

#include <algorithm>
#include <cstring>

#include "theme.hpp"

namespace madoguchi::screens {
namespace {

std::vector<LoggedItem> g_frame_log;

void log_last_item(const char* label) {
    std::string_view visible(label);
    visible = visible.substr(0, visible.find("##"));
    g_frame_log.push_back({std::string(visible), ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
}

}  // namespace

void begin_frame_log() { g_frame_log.clear(); }
const std::vector<LoggedItem>& frame_log() { return g_frame_log; }

bool touch_button(const char* label, ImVec2 size, ButtonStyle style) {
    size.y = std::max(size.y, theme().min_touch());
    const bool light = style == ButtonStyle::secondary;
    const ImU32 base = light ? k_secondary : k_primary;
    const ImU32 active = light ? k_secondary_active : k_primary_active;
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(style == ButtonStyle::selected ? active : base));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::ColorConvertU32ToFloat4(base));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImGui::ColorConvertU32ToFloat4(active));
    ImGui::PushStyleColor(ImGuiCol_Text, light ? ImVec4(0.1f, 0.1f, 0.1f, 1) : ImVec4(1, 1, 1, 1));
    if (style == ButtonStyle::selected) {
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, theme().px(4));
        ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(1.0f, 0.75f, 0.1f, 1));
    }
    const bool pressed = ImGui::Button(label, size);
    if (style == ButtonStyle::selected) {
        ImGui::PopStyleColor();
        ImGui::PopStyleVar();
    }
    ImGui::PopStyleColor(4);
    log_last_item(label);
    return pressed;
}

bool touch_area(const char* id_label, ImVec2 size) {
    const bool pressed = ImGui::InvisibleButton(id_label, size);
    log_last_item(id_label);
    return pressed;
}

void centered_text(std::string_view text, ImFont* font, float max_width, ImU32 colour) {
    ImGui::PushFont(font);
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    const float window_width = ImGui::GetWindowWidth();
    // Wrap by hand so that each line is centred on its own.
    while (begin < end) {
        const char* line_end = font->CalcWordWrapPositionA(1.0f, begin, end, max_width);
        if (line_end == begin) {
            ++line_end;
        }
        const char* newline = static_cast<const char*>(std::memchr(begin, '\n', static_cast<std::size_t>(line_end - begin)));
        if (newline != nullptr) {
            line_end = newline;
        }
        const ImVec2 size = font->CalcTextSizeA(font->FontSize, max_width, 0.0f, begin, line_end);
        ImGui::SetCursorPosX((window_width - size.x) * 0.5f);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colour));
        ImGui::TextUnformatted(begin, line_end);
        ImGui::PopStyleColor();
        begin = line_end;
        while (begin < end && (*begin == ' ' || *begin == '\n')) {
            ++begin;
        }
    }
    ImGui::PopFont();
}

void begin_fullscreen(const char* id) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::Begin(id, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
}

void end_fullscreen() { ImGui::End(); }

}  // namespace madoguchi::screens
