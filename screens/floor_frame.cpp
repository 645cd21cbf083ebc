#include "floor_frame.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "kiosk/i18n.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens::floor {
namespace {

constexpr float k_cell_padding = 16;

float text_width(ImFont* font, float size, std::string_view text) {
    return font->CalcTextSizeA(size, FLT_MAX, 0.0f, text.data(), text.data() + text.size()).x;
}

void logged_area(ImVec2 min, ImVec2 max, std::string_view label) {
    ImGui::SetCursorScreenPos(min);
    ImGui::Dummy(ImVec2(max.x - min.x, max.y - min.y));
    log_item(label);
}

// The tablet's own row under the pages: a citizen's assisted session, started by a logged-in
// floor manager; before the log-in the button leads there, and says why. A row of its own, since
// the pages put their own buttons on the right of the status line.
float assist_row(const View& view, Intents& intents, float y) {
    const Theme& t = theme();
    const bool ready = view.floor_assist == FloorAssist::ready;
    const char* label = view.tr("Start assisted session");
    const ImVec2 size(ImGui::CalcTextSize(label).x + t.px(64), t.min_touch());
    const float x = ImGui::GetWindowWidth() - t.px(32) - size.x;
    ImGui::SetCursorPos(ImVec2(x, y));
    if (touch_button(label, size, ready ? ButtonStyle::primary : ButtonStyle::secondary)) {
        if (ready) {
            intents.push_back(intent::StartAssistedSession{});
        } else {
            intents.push_back(intent::ShowFloorTickets{});
        }
    }
    const ImVec2 origin = ImGui::GetWindowPos();
    if (!ready) {
        const char* why = view.tr("An assisted session needs a staff member logged in on the Tickets page.");
        const float font = t.px(32);
        const float width = text_width(t.fonts.body, font, why);
        const ImVec2 at(origin.x + x - t.px(24) - width, origin.y + y + (size.y - font) * 0.5f);
        ImGui::GetWindowDrawList()->AddText(t.fonts.body, font, at, k_text_muted, why);
        logged_area(at, ImVec2(at.x + width, at.y + font), why);
    }
    return origin.y + y + size.y + t.px(8);
}

}  // namespace

Header draw_header(const View& view, Intents& intents) {
    const Theme& t = theme();
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    const float width = ImGui::GetWindowWidth();
    const float top = t.px(24);

    const char* title = view.tr("Floor manager");
    const ImVec2 title_at(origin.x + t.px(32), origin.y + top + t.px(18));
    draw.AddText(t.fonts.heading, t.px(52), title_at, k_text, title);
    logged_area(title_at, ImVec2(title_at.x + text_width(t.fonts.heading, t.px(52), title), title_at.y + t.px(52)),
                title);

    // The pages, right after the title; pressing the page shown fetches it again.
    // Each as wide as its label and close together: four fixed widths wide enough for English
    // leave no room for the language buttons.
    const float gap = t.px(8);
    const auto page = [&](const char* label) {
        return ImVec2(std::max(t.px(140), ImGui::CalcTextSize(label).x + t.px(30)), t.min_touch());
    };
    ImGui::SetCursorPos(ImVec2(t.px(32) + text_width(t.fonts.heading, t.px(52), title) + t.px(28), top));
    if (touch_button(view.tr("Waiting now"), page(view.tr("Waiting now")),
                     view.screen == ScreenId::floor_overview ? ButtonStyle::selected : ButtonStyle::secondary)) {
        intents.push_back(intent::ShowFloorOverview{});
    }
    ImGui::SameLine(0, gap);
    if (touch_button(view.tr("Today's statistics"), page(view.tr("Today's statistics")),
                     view.screen == ScreenId::floor_statistics ? ButtonStyle::selected : ButtonStyle::secondary)) {
        intents.push_back(intent::ShowFloorStatistics{});
    }
    ImGui::SameLine(0, gap);
    if (touch_button(view.tr("Kiosks"), page(view.tr("Kiosks")),
                     view.screen == ScreenId::floor_kiosks ? ButtonStyle::selected : ButtonStyle::secondary)) {
        intents.push_back(intent::ShowFloorKiosks{});
    }
    ImGui::SameLine(0, gap);
    if (touch_button(view.tr("Tickets"), page(view.tr("Tickets")),
                     view.screen == ScreenId::floor_tickets ? ButtonStyle::selected : ButtonStyle::secondary)) {
        intents.push_back(intent::ShowFloorTickets{});
    }

    float languages_width = 0;
    for (const std::string& code : view.languages) {
        languages_width += std::max(t.px(150), ImGui::CalcTextSize(view.autonym(code)).x + t.px(32)) + gap;
    }
    ImGui::SetCursorPos(ImVec2(width - t.px(32) - languages_width + gap, top));
    bool first = true;
    for (const std::string& code : view.languages) {
        if (!first) {
            ImGui::SameLine(0, gap);
        }
        first = false;
        const std::string label = std::string(view.autonym(code)) + "##floor-language-" + code;
        if (touch_button(label.c_str(), ImVec2(std::max(t.px(150), ImGui::CalcTextSize(view.autonym(code)).x + t.px(32)), 0),
                         code == view.language ? ButtonStyle::selected : ButtonStyle::secondary)) {
            intents.push_back(intent::ChooseLanguage{code});
        }
    }
    if (view.floor_assist == FloorAssist::not_offered) {
        return Header{origin.y + top + t.min_touch() + t.px(20)};
    }
    return Header{assist_row(view, intents, top + t.min_touch() + t.px(8))};
}

void status_line(float y, std::string_view text, bool warning) {
    const Theme& t = theme();
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const float left = ImGui::GetWindowPos().x + t.px(32);
    const float size = t.px(32);
    float x = left;
    if (warning) {
        draw.AddCircleFilled(ImVec2(x + t.px(10), y + size * 0.55f), t.px(10), k_warning);
        x += t.px(32);
    }
    request_glyphs(text);
    draw.AddText(t.fonts.body, size, ImVec2(x, y), warning ? k_warning : k_text_muted, text.data(),
                 text.data() + text.size());
    logged_area(ImVec2(x, y), ImVec2(x + text_width(t.fonts.body, size, text), y + size),
                warning ? "warning: " + std::string(text) : std::string(text));
}

std::string problem_text(const View& view, FloorProblem problem) {
    switch (problem) {
        case FloorProblem::none: return "";
        case FloorProblem::server_away: return view.tr("No answer from the server.");
        case FloorProblem::bad_setup:
            return view.tr("This terminal's server address or certificate cannot be used: see the log.");
        case FloorProblem::refused:
            return view.tr("The server refuses this terminal: it needs a floor certificate of this site.");
        case FloorProblem::server_fault: return view.tr("The server could not answer.");
        case FloorProblem::unreadable: return view.tr("The server's answer could not be read.");
        case FloorProblem::write_failed: return view.tr("The file could not be written.");
    }
    return "";
}

std::string sentences(const View& view, std::string_view first, std::string_view second) {
    std::string text(first);
    if (view.language != "ja") {
        text += ' ';
    }
    return text.append(second);
}

std::string age_text(const View& view, std::chrono::seconds age) {
    if (age < std::chrono::minutes(1)) {
        return fill(view.tr("{} s"), {std::to_string(age.count())});
    }
    return fill(view.tr("{} min"), {std::to_string(std::chrono::floor<std::chrono::minutes>(age).count())});
}

std::string minutes_text(const View& view, std::int64_t ms) {
    return fill(view.tr("{} min"), {std::to_string(ms / 60'000)});
}

std::string decimal_minutes_text(const View& view, std::int64_t ms) {
    const std::int64_t tenths = (ms + 3'000) / 6'000;
    return fill(view.tr("{} min"), {std::to_string(tenths / 10) + "." + std::to_string(tenths % 10)});
}

std::string tokyo_clock(std::int64_t unix_ms) {
    const std::int64_t day_seconds = 24 * 3600;
    const std::int64_t seconds = ((unix_ms / 1000 + 9 * 3600) % day_seconds + day_seconds) % day_seconds;
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d:%02d", static_cast<int>(seconds / 3600),
                  static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
    return text;
}

Table::Table(std::span<const Column> columns, ImVec2 origin, float row_height, float font_size)
    : m_columns(columns), m_origin(origin), m_y(origin.y), m_row_height(row_height), m_font_size(font_size) {}

float Table::width() const {
    float total = 0;
    for (const Column& column : m_columns) {
        total += column.width;
    }
    return total;
}

void Table::header() {
    const Theme& t = theme();
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    ImFont* font = t.fonts.body;
    const float size = m_font_size * 0.85f;
    const float line = size * 1.1f;
    float x = m_origin.x;
    float tallest = 1;
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        const Column& column = m_columns[i];
        const float room = column.width - 2 * t.px(k_cell_padding);
        // wrap_lines measures at the font's own size.
        const auto lines = wrap_lines(column.heading, font, room * font->FontSize / size);
        float y = m_y;
        for (std::string_view text : lines) {
            const float w = text_width(font, size, text);
            const float left = i == 0 ? x + t.px(k_cell_padding) : x + column.width - t.px(k_cell_padding) - w;
            draw.AddText(font, size, ImVec2(left, y), k_text_muted, text.data(), text.data() + text.size());
            y += line;
        }
        tallest = std::max(tallest, static_cast<float>(lines.size()));
        logged_area(ImVec2(x, m_y), ImVec2(x + column.width, m_y + line), column.heading);
        x += column.width;
    }
    m_y += tallest * line + t.px(8);
    draw.AddLine(ImVec2(m_origin.x, m_y), ImVec2(m_origin.x + width(), m_y), k_text_muted, t.px(2));
    m_y += t.px(4);
}

void Table::row(std::string_view id, std::span<const std::string> cells, ImU32 background, ImU32 ink,
                std::size_t emphasised_column, ImU32 emphasis) {
    const Theme& t = theme();
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    ImFont* font = t.fonts.body;
    const ImVec2 row_min(m_origin.x, m_y);
    const ImVec2 row_max(m_origin.x + width(), m_y + m_row_height);
    draw.AddRectFilled(row_min, row_max, background);
    draw.AddLine(ImVec2(row_min.x, row_max.y), row_max, k_secondary, t.px(2));
    float x = m_origin.x;
    for (std::size_t i = 0; i < m_columns.size() && i < cells.size(); ++i) {
        const Column& column = m_columns[i];
        const std::string& text = cells[i];
        request_glyphs(text);
        const float room = column.width - 2 * t.px(k_cell_padding);
        float size = m_font_size;
        const float natural = text_width(font, size, text);
        if (natural > room) {
            size = std::max(size * room / natural, size * 0.6f);
        }
        const float w = std::min(text_width(font, size, text), room);
        const float left = i == 0 ? x + t.px(k_cell_padding) : x + column.width - t.px(k_cell_padding) - w;
        const ImVec2 at(left, m_y + (m_row_height - size) * 0.5f);
        draw.PushClipRect(ImVec2(x, m_y), ImVec2(x + column.width, m_y + m_row_height), true);
        draw.AddText(font, size, at, i == emphasised_column ? emphasis : ink, text.data(), text.data() + text.size());
        draw.PopClipRect();
        logged_area(ImVec2(x, m_y), ImVec2(x + column.width, m_y + m_row_height),
                    std::string(id) + "/" + column.key + " " + text);
        x += column.width;
    }
    m_y += m_row_height;
}

}  // namespace madoguchi::screens::floor
