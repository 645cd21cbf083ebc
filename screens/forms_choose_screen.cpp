// "Choose your procedures": every form the kiosk fills, two to a row, ticked by a touch. In
// English the official Japanese title is shown under the English one, as on the paper.
#include <algorithm>
#include <string>

#include "forms_screens.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
void FormsChooseScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    begin_fullscreen("forms-choose");
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    ImGui::SetCursorPosY(t.px(64));
    centered_text(view.tr("Choose your procedures"), t.fonts.heading, width - t.px(240), k_text);
    ImGui::Dummy(ImVec2(0, t.px(16)));
    centered_text(view.tr("Touch every form you need; touch again to remove it."),
                  t.fonts.body, width - t.px(240), k_text_muted);

    // The rows share what is left between the explanation and the buttons below.
    const float gap = t.px(20);
    const float top = ImGui::GetCursorPosY() + t.px(24);
    const float bottom = height - t.min_touch() - t.px(56);
    const float rows = static_cast<float>((view.form_choices.size() + 1) / 2);
    const float row_height = rows > 0 ? std::min(t.px(160), (bottom - t.px(24) - top - (rows - 1) * gap) / rows) : 0;
    const ImVec2 button((width - t.px(240) - gap) * 0.5f, row_height);
    bool any_chosen = false;
    ImGui::PushFont(t.fonts.body);
    for (std::size_t i = 0; i < view.form_choices.size(); ++i) {
        const FormChoice& choice = view.form_choices[i];
        any_chosen = any_chosen || choice.chosen;
        const std::string label =
            view.language == "ja" ? choice.form->title : choice.form->title_en + "\n" + choice.form->title;
        request_glyphs(label);
        ImGui::SetCursorPos(ImVec2(t.px(120) + static_cast<float>(i % 2) * (button.x + gap),
                                   top + static_cast<float>(i / 2) * (button.y + gap)));
        if (wrapped_touch_button(label, button, choice.chosen ? ButtonStyle::selected : ButtonStyle::secondary)) {
            intents.push_back(intent::ToggleForm{choice.form->id});
        }
        // Found by its title alone, however the label wraps.
        log_item(view.language == "ja" ? choice.form->title : choice.form->title_en);
    }
    ImGui::PopFont();

    const ImVec2 side(t.px(420), 0);
    ImGui::SetCursorPos(ImVec2(t.px(120), bottom));
    if (touch_button(view.tr("Back"), side, ButtonStyle::secondary)) {
        intents.push_back(intent::Back{});
    }
    ImGui::SetCursorPos(ImVec2((width - side.x) * 0.5f, bottom));
    if (touch_button(view.tr("No forms today"), side, ButtonStyle::secondary)) {
        intents.push_back(intent::SkipForms{});
    }
    ImGui::SetCursorPos(ImVec2(width - t.px(120) - side.x, bottom));
    ImGui::BeginDisabled(!any_chosen);
    if (touch_button(view.tr("Next"), side)) {
        intents.push_back(intent::FormsChosen{});
    }
    ImGui::EndDisabled();
    end_fullscreen();
}

}  // namespace madoguchi::screens
