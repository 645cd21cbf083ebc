#include "display_screen.hpp"

#include <algorithm>
#include <string>

#include "kiosk/display_board.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

constexpr ImU32 k_panel = IM_COL32(255, 255, 255, 255);
constexpr ImU32 k_on_primary = IM_COL32(255, 255, 255, 255);
constexpr std::size_t k_rows = 4;

// The configured language that is not the one shown first, for the line under a heading.
std::string_view other_language(const View& view) {
    for (const std::string& language : view.languages) {
        if (language != view.language) {
            return language;
        }
    }
    return {};
}

void text_at(ImDrawList& draw, ImFont* font, float size, ImVec2 at, ImU32 colour, std::string_view text) {
    draw.AddText(font, size, at, colour, text.data(), text.data() + text.size());
}

float text_width(ImFont* font, float size, std::string_view text) {
    return font->CalcTextSizeA(size, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x;
}

// The numerals font holds digits, capitals and the hyphen: ticket numbers and most counter
// names. Anything else (a counter called "受付2") goes through the atlas's glyph requests, at
// heading size.
void big_text(ImDrawList& draw, float size, ImVec2 at, ImU32 colour, std::string_view text) {
    const bool numerals = std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '-';
    });
    if (numerals) {
        text_at(draw, theme().fonts.numerals, size, at, colour, text);
        return;
    }
    ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + size * 0.3f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colour));
    generated_text(text, theme().fonts.heading);
    ImGui::PopStyleColor();
}

// Drawn, not a glyph: the atlas holds only the characters the catalogs and numbers use.
void arrow(ImDrawList& draw, ImVec2 centre, float size, ImU32 colour) {
    const float half = size * 0.5f;
    draw.AddRectFilled(ImVec2(centre.x - half, centre.y - size * 0.12f),
                       ImVec2(centre.x + half * 0.2f, centre.y + size * 0.12f), colour);
    draw.AddTriangleFilled(ImVec2(centre.x + half * 0.1f, centre.y - half * 0.6f), ImVec2(centre.x + half, centre.y),
                           ImVec2(centre.x + half * 0.1f, centre.y + half * 0.6f), colour);
}

// `msgid` in the other language, for the line under a heading; empty with one language.
std::string_view in_other_language(const View& view, const char* msgid) {
    const std::string_view other = other_language(view);
    return other.empty() ? std::string_view{} : view.translator->tr(other, msgid);
}

// A heading in the first language and, smaller under it, in the other.
void heading(ImDrawList& draw, ImVec2 at, std::string_view first, std::string_view second, ImU32 colour) {
    const Theme& t = theme();
    text_at(draw, t.fonts.heading, t.px(52), at, colour, first);
    text_at(draw, t.fonts.body, t.px(30), ImVec2(at.x, at.y + t.px(60)), k_text_muted, second);
    ImGui::SetCursorScreenPos(at);
    ImGui::Dummy(ImVec2(text_width(t.fonts.heading, t.px(52), first), t.px(92)));
    log_item(first);
    log_item(second);
}

void calls_panel(const View& view, ImDrawList& draw, ImVec2 min, ImVec2 max) {
    const Theme& t = theme();
    const DisplayBoard& board = *view.board;
    draw.AddRectFilled(min, max, k_panel, t.px(16));
    heading(draw, ImVec2(min.x + t.px(40), min.y + t.px(24)), view.tr("Number"), in_other_language(view, "Number"),
            k_text);
    const float counter_x = min.x + (max.x - min.x) * 0.64f;
    heading(draw, ImVec2(counter_x, min.y + t.px(24)), view.tr("Counter"), in_other_language(view, "Counter"), k_text);
    const float top = min.y + t.px(130);
    const float row_height = (max.y - top - t.px(16)) / static_cast<float>(k_rows);
    const float number_size = std::min(t.px(170), row_height * 0.86f);
    if (board.at_counters().empty()) {
        ImGui::SetCursorScreenPos(ImVec2(min.x + t.px(40), top + t.px(40)));
        const char* nobody = view.tr("No number is being called");
        generated_text(nobody, t.fonts.heading);
        log_item(nobody);
        return;
    }
    for (std::size_t i = 0; i < std::min(k_rows, board.at_counters().size()); ++i) {
        const DisplayCall& call = board.at_counters()[i];
        const ImVec2 row_min(min.x + t.px(16), top + row_height * static_cast<float>(i));
        const ImVec2 row_max(max.x - t.px(16), row_min.y + row_height - t.px(8));
        const bool fresh = board.highlighted(call, view.now);
        if (fresh) {
            draw.AddRectFilled(row_min, row_max, k_primary, t.px(12));
        } else if (i > 0) {
            draw.AddLine(ImVec2(row_min.x, row_min.y - t.px(4)), ImVec2(row_max.x, row_min.y - t.px(4)), k_secondary,
                         t.px(3));
        }
        const ImU32 ink = fresh ? k_on_primary : k_text;
        const float y = row_min.y + (row_max.y - row_min.y - number_size) * 0.5f;
        big_text(draw, number_size, ImVec2(min.x + t.px(40), y), ink, call.number);
        arrow(draw, ImVec2(counter_x - t.px(80), (row_min.y + row_max.y) * 0.5f), t.px(80),
              fresh ? k_on_primary : k_text_muted);
        big_text(draw, number_size, ImVec2(counter_x, y), ink, call.counter);
        ImGui::SetCursorScreenPos(row_min);
        ImGui::Dummy(ImVec2(row_max.x - row_min.x, row_max.y - row_min.y));
        log_item(call.number + (fresh ? " → " + call.counter + " (new)" : " → " + call.counter));
    }
}

void recent_panel(const View& view, ImDrawList& draw, ImVec2 min, ImVec2 max) {
    const Theme& t = theme();
    draw.AddRectFilled(min, max, k_panel, t.px(16));
    heading(draw, ImVec2(min.x + t.px(32), min.y + t.px(24)), view.tr("Recent calls"),
            in_other_language(view, "Recent calls"), k_text);
    float y = min.y + t.px(130);
    const float line = t.px(72);
    for (const DisplayCall& call : view.board->recent_calls()) {
        if (y + line > max.y) {
            break;
        }
        big_text(draw, t.px(60), ImVec2(min.x + t.px(32), y), k_text, call.number);
        const float counter_x = min.x + (max.x - min.x) * 0.62f;
        arrow(draw, ImVec2(counter_x - t.px(50), y + t.px(32)), t.px(44), k_text_muted);
        ImGui::SetCursorScreenPos(ImVec2(counter_x, y));
        generated_text(call.counter, t.fonts.heading);
        log_item("recent " + call.number);
        y += line;
    }
}

void waiting_band(const View& view, ImDrawList& draw, ImVec2 min, ImVec2 max) {
    const Theme& t = theme();
    heading(draw, ImVec2(min.x, min.y + t.px(8)), view.tr("Waiting"), in_other_language(view, "Waiting"), k_text);
    float x = min.x + t.px(300);
    const float tile_width = t.px(300);
    for (const WaitingCount& count : view.board->waiting_counts()) {
        if (x + tile_width > max.x) {
            break;
        }
        draw.AddRectFilled(ImVec2(x, min.y), ImVec2(x + tile_width - t.px(16), max.y), k_panel, t.px(12));
        big_text(draw, t.px(72), ImVec2(x + t.px(20), min.y + t.px(14)), k_primary, count.band);
        const std::string people = std::to_string(count.waiting);
        ImGui::SetCursorScreenPos(ImVec2(x + t.px(110), min.y + t.px(22)));
        generated_text(people, t.fonts.heading);
        text_at(draw, t.fonts.body, t.px(28), ImVec2(x + t.px(20), min.y + t.px(100)), k_text_muted,
                view.tr("people waiting"));
        log_item(count.band + " " + people + " waiting");
        x += tile_width;
    }
}

}  // namespace

void DisplayScreen::draw(const View& view, Intents&) {
    if (view.board == nullptr) {
        return;
    }
    const Theme& t = theme();
    begin_fullscreen("display");
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    const float margin = t.px(32);

    heading(draw, ImVec2(origin.x + margin, origin.y + t.px(20)), view.tr("Now calling"),
            in_other_language(view, "Now calling"), k_primary);
    if (!view.board->connected()) {
        // Quiet on purpose: the calls shown stay true, only new ones may be late.
        const char* mark = view.tr("Reconnecting to the server…");
        const float w = text_width(t.fonts.body, t.px(30), mark);
        const ImVec2 at(origin.x + width - margin - w, origin.y + t.px(36));
        draw.AddCircleFilled(ImVec2(at.x - t.px(22), at.y + t.px(16)), t.px(8), k_warning);
        text_at(draw, t.fonts.body, t.px(30), at, k_text_muted, mark);
        ImGui::SetCursorScreenPos(at);
        ImGui::Dummy(ImVec2(w, t.px(30)));
        log_item("reconnecting");
    }
    const float top = origin.y + t.px(130);
    const float band_height = t.px(150);
    const float bottom = origin.y + height - band_height - margin * 1.5f;
    const float split = origin.x + width * 0.66f;
    calls_panel(view, draw, ImVec2(origin.x + margin, top), ImVec2(split - margin * 0.5f, bottom));
    recent_panel(view, draw, ImVec2(split + margin * 0.5f, top), ImVec2(origin.x + width - margin, bottom));
    waiting_band(view, draw, ImVec2(origin.x + margin, bottom + margin),
                 ImVec2(origin.x + width - margin, bottom + margin + band_height));
    end_fullscreen();
}

}  // namespace madoguchi::screens
