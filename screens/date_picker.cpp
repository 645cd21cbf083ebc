#include <string>

#include "answer_widgets.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/japanese_date.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

struct Stepper {
    const char* caption;
    DateField field;
    std::string value;
    bool tens;  // years also turn ten at a time: a birth year is far from today
};

// One part: its caption, + buttons above its value, − buttons below.
void draw_stepper(const Stepper& stepper, const DateParts& parts, ImVec2 pos, float width, Intents& intents) {
    const Theme& t = theme();
    const float gap = t.px(12);
    const float button_height = t.min_touch();
    const float half = (width - gap) * 0.5f;
    ImGui::SetCursorPos(pos);
    paragraph(stepper.caption, t.fonts.body, width, k_text_muted, pos.x);
    const float buttons_top = ImGui::GetCursorPosY() + t.px(4);
    const auto step_button = [&](const char* label, int delta, float x, float y, float w) {
        ImGui::SetCursorPos(ImVec2(x, y));
        request_glyphs(label);
        const std::string id = std::string(label) + "##" + stepper.caption;
        if (touch_button(id.c_str(), ImVec2(w, button_height), ButtonStyle::secondary)) {
            const DateParts next = step_date(parts, stepper.field, delta);
            intents.push_back(intent::AnswerDate{next.era, next.year, next.month, next.day});
        }
    };
    ImGui::PushFont(t.fonts.heading);
    if (stepper.tens) {
        step_button("+10", 10, pos.x, buttons_top, half);
        step_button("+1", 1, pos.x + half + gap, buttons_top, half);
    } else {
        step_button("+", 1, pos.x, buttons_top, width);
    }
    // The value, large, between its buttons.
    const float value_top = buttons_top + button_height + gap;
    const float value_height = t.px(110);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    draw->AddRectFilled(ImVec2(origin.x + pos.x, origin.y + value_top),
                        ImVec2(origin.x + pos.x + width, origin.y + value_top + value_height), IM_COL32(255, 255, 255, 255),
                        t.px(12));
    draw->AddRect(ImVec2(origin.x + pos.x, origin.y + value_top),
                  ImVec2(origin.x + pos.x + width, origin.y + value_top + value_height), k_primary, t.px(12), 0, t.px(3));
    request_glyphs(stepper.value);
    ImFont* font = t.fonts.heading;
    const ImVec2 text = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, stepper.value.c_str());
    ImGui::SetCursorPos(ImVec2(pos.x + (width - text.x) * 0.5f, value_top + (value_height - text.y) * 0.5f));
    ImGui::TextUnformatted(stepper.value.c_str());
    log_item(std::string(stepper.caption) + ": " + stepper.value);
    const float minus_top = value_top + value_height + gap;
    if (stepper.tens) {
        step_button("−10", -10, pos.x, minus_top, half);
        step_button("−1", -1, pos.x + half + gap, minus_top, half);
    } else {
        step_button("−", -1, pos.x, minus_top, width);
    }
    ImGui::PopFont();
}

}  // namespace

void date_picker(const View& view, const AnswerEditor& editor, ImVec2 pos, ImVec2 size, Intents& intents) {
    const Theme& t = theme();
    const DateParts& parts = editor.date();
    const bool japanese = view.language == "ja";

    // The eras, newest first, then 西暦.
    const auto eras = era_names();
    const float gap = t.px(16);
    const float era_width = (size.x - static_cast<float>(eras.size()) * gap) / static_cast<float>(eras.size() + 1);
    ImGui::PushFont(t.fonts.body);
    for (std::size_t i = 0; i <= eras.size(); ++i) {
        const std::string era = i < eras.size() ? std::string(eras[i]) : std::string();
        std::string label = era.empty() ? view.tr("Western year") : era;
        if (!japanese && !era.empty()) {
            label = std::string(era_latin_name(era)) + " " + era;
        }
        request_glyphs(label);
        ImGui::SetCursorPos(ImVec2(pos.x + static_cast<float>(i) * (era_width + gap), pos.y));
        if (wrapped_touch_button(label, ImVec2(era_width, t.min_touch()),
                                 parts.era == era ? ButtonStyle::selected : ButtonStyle::secondary)) {
            const DateParts next = with_era(parts, era);
            intents.push_back(intent::AnswerDate{next.era, next.year, next.month, next.day});
        }
    }
    ImGui::PopFont();

    std::string year;
    if (parts.era.empty()) {
        year = std::to_string(parts.year) + (japanese ? "年" : "");
    } else if (japanese) {
        year = parts.era + (parts.year == 1 ? std::string("元") : std::to_string(parts.year)) + "年";
    } else {
        year = std::string(era_latin_name(parts.era)) + " " + std::to_string(parts.year);
    }
    const Stepper steppers[] = {
        {view.tr("Year"), DateField::year, year, true},
        {view.tr("Month"), DateField::month, std::to_string(parts.month) + (japanese ? "月" : ""), false},
        {view.tr("Day"), DateField::day, std::to_string(parts.day) + (japanese ? "日" : ""), false},
    };
    const float top = pos.y + t.min_touch() + t.px(28);
    const float stepper_gap = t.px(48);
    const float year_width = t.px(520);
    const float other_width = t.px(300);
    float x = pos.x + (size.x - year_width - 2 * other_width - 2 * stepper_gap) * 0.5f;
    for (const Stepper& stepper : steppers) {
        const float width = stepper.tens ? year_width : other_width;
        draw_stepper(stepper, parts, ImVec2(x, top), width, intents);
        x += width + stepper_gap;
    }

    // The date in words, in both calendars, or why it cannot be chosen.
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + t.px(24));
    if (const auto date = date_of(parts)) {
        const std::string shown = japanese ? format_date_ja(*date) : format_date_en(*date);
        request_glyphs(shown);
        centered_text(shown, t.fonts.heading, size.x, k_primary);
    } else {
        centered_text(view.tr("There is no such day. Please check the era, year, month and day."), t.fonts.body,
                      size.x, k_warning);
    }
}

}  // namespace madoguchi::screens
