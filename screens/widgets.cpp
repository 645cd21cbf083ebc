#include "widgets.hpp"

#include <algorithm>
#include <cstring>
#include <numbers>

#include "drivers/text/utf8.hpp"
#include "theme.hpp"

namespace madoguchi::screens {
namespace {

std::vector<LoggedItem> g_frame_log;
std::function<void(std::string_view)> g_glyph_requests;

bool is_cjk(char32_t code) {
    return (code >= 0x2E80 && code <= 0x9FFF) || (code >= 0xF900 && code <= 0xFAFF) || (code >= 0xFF00 && code <= 0xFFEF) ||
           code >= 0x20000;
}

// Japanese line-breaking rules (禁則処理), the common subset: these never start a line...
bool no_line_start(char32_t code) {
    static constexpr std::u32string_view k_closing = U"、。，．・：；？！ー）」』】〕〉》”’ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々…‥,.!?)";
    return k_closing.find(code) != std::u32string_view::npos;
}

// ...and these never end one.
bool no_line_end(char32_t code) {
    static constexpr std::u32string_view k_opening = U"（「『【〔〈《“‘(";
    return k_opening.find(code) != std::u32string_view::npos;
}

// Latin text breaks after spaces; Japanese text between any two characters, but for kinsoku.
bool may_break_between(char32_t before, char32_t after) {
    if (no_line_start(after) || no_line_end(before)) {
        return false;
    }
    return before == U' ' || is_cjk(before) || is_cjk(after);
}

void log_last_item(const char* label) {
    std::string_view visible(label);
    visible = visible.substr(0, visible.find("##"));
    g_frame_log.push_back({std::string(visible), ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
}

}  // namespace

void begin_frame_log() { g_frame_log.clear(); }
void log_item(std::string_view label) {
    g_frame_log.push_back({std::string(label), ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
}
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

bool wrapped_touch_button(std::string_view label, ImVec2 size, ButtonStyle style) {
    const std::string id = "##" + std::string(label);
    const bool pressed = touch_button(id.c_str(), size, style);
    log_item(label);
    ImFont* font = ImGui::GetFont();
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    const float max_width = (max.x - min.x) - 2 * ImGui::GetStyle().FramePadding.x;
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= label.size();) {
        const std::size_t end = std::min(label.find('\n', start), label.size());
        for (const std::string_view line : wrap_lines(label.substr(start, end - start), font, max_width)) {
            lines.push_back(line);
        }
        start = end + 1;
    }
    const float line_height = font->FontSize;
    float y = min.y + ((max.y - min.y) - line_height * static_cast<float>(lines.size())) * 0.5f;
    const ImU32 colour = style == ButtonStyle::secondary ? IM_COL32(26, 26, 26, 255) : IM_COL32(255, 255, 255, 255);
    for (const std::string_view line : lines) {
        const float line_width = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, line.data(), line.data() + line.size()).x;
        ImGui::GetWindowDrawList()->AddText(font, font->FontSize, ImVec2((min.x + max.x - line_width) * 0.5f, y), colour,
                                            line.data(), line.data() + line.size());
        y += line_height;
    }
    return pressed;
}

void working_screen(const char* window_id, const char* heading, const char* note, ImU32 note_colour) {
    const Theme& t = theme();
    begin_fullscreen(window_id);
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    ImGui::SetCursorPosY(height * 0.22f);
    centered_text(heading, t.fonts.heading, width - t.px(240), k_text);
    ImGui::Dummy(ImVec2(0, t.px(16)));
    centered_text(note, t.fonts.body, width - t.px(240), note_colour);

    const ImVec2 centre(width * 0.5f, height * 0.62f);
    const float radius = t.px(70);
    const float start = static_cast<float>(ImGui::GetTime()) * 2.0f * std::numbers::pi_v<float> * 0.8f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddCircle(centre, radius, k_secondary, 64, t.px(14));
    draw->PathArcTo(centre, radius, start, start + std::numbers::pi_v<float> * 0.6f, 32);
    draw->PathStroke(k_primary, 0, t.px(14));
    end_fullscreen();
}

bool touch_area(const char* id_label, ImVec2 size) {
    const bool pressed = ImGui::InvisibleButton(id_label, size);
    log_last_item(id_label);
    return pressed;
}

std::vector<std::string_view> wrap_lines(std::string_view text, const ImFont* font, float max_width) {
    std::vector<std::string_view> lines;
    std::size_t line_start = 0;
    std::size_t last_break = std::string_view::npos;  // where the line may end, if it must
    float width = 0;
    char32_t previous = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t at = pos;
        const char32_t code = text::decode_utf8(text, pos);
        if (code == U'\n') {
            lines.push_back(text.substr(line_start, at - line_start));
            line_start = pos;
            last_break = std::string_view::npos;
            width = 0;
            previous = 0;
            continue;
        }
        if (at > line_start && may_break_between(previous, code)) {
            last_break = at;
        }
        width += font->GetCharAdvance(static_cast<ImWchar>(code <= 0xFFFF ? code : text::k_replacement_character));
        if (width > max_width && at > line_start) {
            const std::size_t end = last_break != std::string_view::npos ? last_break : at;
            lines.push_back(text.substr(line_start, end - line_start));
            line_start = end;
            while (line_start < text.size() && text[line_start] == ' ') {
                ++line_start;
            }
            pos = line_start;
            last_break = std::string_view::npos;
            width = 0;
            previous = 0;
            continue;
        }
        previous = code;
    }
    if (line_start < text.size()) {
        lines.push_back(text.substr(line_start));
    }
    return lines;
}

void paragraph(std::string_view text, ImFont* font, float max_width, ImU32 colour, std::optional<float> left) {
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colour));
    const float window_width = ImGui::GetWindowWidth();
    for (std::string_view line : wrap_lines(text, font, max_width)) {
        if (left) {
            ImGui::SetCursorPosX(*left);
        } else {
            const ImVec2 size =
                font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, line.data(), line.data() + line.size());
            ImGui::SetCursorPosX((window_width - size.x) * 0.5f);
        }
        ImGui::TextUnformatted(line.data(), line.data() + line.size());
    }
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

void centered_text(std::string_view text, ImFont* font, float max_width, ImU32 colour) {
    paragraph(text, font, max_width, colour, std::nullopt);
}

void set_glyph_requests(std::function<void(std::string_view)> request) { g_glyph_requests = std::move(request); }

void request_glyphs(std::string_view text) {
    if (g_glyph_requests) {
        g_glyph_requests(text);
    }
}

void generated_text(std::string_view text, ImFont* font) {
    request_glyphs(text);
    ImGui::PushFont(font);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
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
