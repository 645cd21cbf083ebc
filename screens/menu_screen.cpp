#include "menu_screen.hpp"

#include "language_bar.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void MenuScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    begin_fullscreen("menu");
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    const float text_width = width - t.px(240);

    ImGui::SetCursorPosY(t.px(72));
    centered_text(view.tr("What would you like to do today?"), t.fonts.heading, text_width, k_text);
    ImGui::Dummy(ImVec2(0, t.px(24)));
    centered_text(view.tr("If you need help, please ask the staff in the lobby."), t.fonts.body, text_width,
                  k_text_muted);

    ImGui::Dummy(ImVec2(0, t.px(48)));
    if (view.card_available) {
        const ImVec2 feature(t.px(1040), t.px(180));
        ImGui::SetCursorPosX((width - feature.x) * 0.5f);
        ImGui::PushFont(t.fonts.heading);
        if (touch_button(view.tr("Read my My Number card"), feature)) {
            intents.push_back(intent::ReadCard{});
        }
        ImGui::PopFont();
        centered_text(view.tr("Your name, address and date of birth are read once, so you need not write them."),
                      t.fonts.body, text_width, k_text_muted);
    }

    ImGui::SetCursorPosY(height - 2 * t.min_touch() - t.px(120));
    draw_language_bar(view, intents);

    const ImVec2 finish(t.px(420), 0);
    ImGui::SetCursorPos(ImVec2((width - finish.x) * 0.5f, height - t.min_touch() - t.px(56)));
    if (touch_button(view.tr("Finish"), finish, ButtonStyle::secondary)) {
        intents.push_back(intent::EndSession{});
    }
    end_fullscreen();
}

}  // namespace madoguchi::screens
