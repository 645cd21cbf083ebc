#include "card_screens.hpp"
#include "kiosk/japanese_date.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

const char* sex_label(const View& view, card::Sex sex) {
    switch (sex) {
        case card::Sex::male: return view.tr("Male");
        case card::Sex::female: return view.tr("Female");
        case card::Sex::not_applicable: return view.tr("Not applicable");
        case card::Sex::unknown: return view.tr("Unknown");
    }
    return view.tr("Unknown");
}

}  // namespace

void CardSummaryScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    begin_fullscreen("card-summary");
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    ImGui::SetCursorPosY(t.px(64));
    centered_text(view.tr("Read from your card"), t.fonts.heading, width - t.px(240), k_text);
    ImGui::Dummy(ImVec2(0, t.px(24)));

    if (view.attributes != nullptr) {
        const card::PersonalAttributes& person = *view.attributes;
        const float label_x = t.px(200);
        const float value_x = t.px(520);
        const float value_width = width - value_x - t.px(160);
        const auto row = [&](const char* label, auto draw_value) {
            const float y = ImGui::GetCursorPosY();
            ImGui::SetCursorPos(ImVec2(label_x, y + t.px(8)));
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(k_text_muted));
            ImGui::TextUnformatted(label);
            ImGui::PopStyleColor();
            ImGui::SetCursorPos(ImVec2(value_x, y));
            draw_value();
            ImGui::SetCursorPosY(y + t.px(110));
        };
        row(view.tr("Name"), [&] { m_free_text.draw(person.name, t.px(56), k_text, value_width); });
        row(view.tr("Address"), [&] { m_free_text.draw(person.address, t.px(44), k_text, value_width); });
        row(view.tr("Date of birth"), [&] {
            const auto date = parse_yyyymmdd(person.birth_date);
            if (!date) {
                generated_text(view.tr("Unknown"), t.fonts.heading);
            } else {
                generated_text(view.language == "ja" ? format_date_ja(*date) : format_date_en(*date), t.fonts.heading);
            }
        });
        row(view.tr("Sex"), [&] {
            ImGui::PushFont(t.fonts.heading);
            ImGui::TextUnformatted(sex_label(view, person.sex));
            ImGui::PopFont();
        });
    }
    ImGui::SetCursorPosY(height - 2 * t.min_touch() - t.px(80));
    centered_text(view.tr("Nothing is kept: all of this is erased when you finish."), t.fonts.body, width - t.px(240),
                  k_text_muted);
    const ImVec2 done(t.px(480), 0);
    ImGui::SetCursorPos(ImVec2((width - done.x) * 0.5f, height - t.min_touch() - t.px(56)));
    if (touch_button(view.tr("Done"), done)) {
        intents.push_back(intent::CardDone{});
    }
    end_fullscreen();
}

}  // namespace madoguchi::screens
