#include "attract_screen.hpp"

#include "language_bar.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void AttractScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    begin_fullscreen("attract");
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    const float text_width = width - t.px(240);

    // The language buttons come first so that they, not the surface behind them, take a touch.
    ImGui::SetCursorPosY(height - t.min_touch() - t.px(72));
    draw_language_bar(view, intents);

    ImGui::SetCursorPos(ImVec2(0, 0));
    if (touch_area("start-anywhere", ImVec2(width, height - t.min_touch() - t.px(96)))) {
        intents.push_back(intent::Start{});
    }

    ImGui::SetCursorPosY(height * 0.16f);
    centered_text(view.tr("Welcome to the ward office"), t.fonts.heading, text_width, k_text);
    ImGui::Dummy(ImVec2(0, t.px(12)));
    centered_text(view.tr("No writing, no waiting, no trip needed"), t.fonts.body, text_width, k_text_muted);

    ImGui::SetCursorPosY(height * 0.46f);
    const ImVec2 button(t.px(880), t.px(150));
    ImGui::SetCursorPosX((width - button.x) * 0.5f);
    ImGui::PushFont(t.fonts.heading);
    if (touch_button(view.tr("Touch to start"), button)) {
        intents.push_back(intent::Start{});
    }
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, t.px(8)));
    centered_text(view.tr("Choose your language below"), t.fonts.body, text_width, k_text_muted);
    end_fullscreen();
}

}  // namespace madoguchi::screens
