#include "menu_screen.hpp"

#include <algorithm>
#include <string>
#include <vector>

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
    centered_text(view.assisted ? view.tr("Assisted session: a member of staff goes through it with you.")
                                : view.tr("If you need help, please ask the staff in the lobby."),
                  t.fonts.body, text_width, view.assisted ? k_primary : k_text_muted);

    ImGui::Dummy(ImVec2(0, t.px(40)));
    // The features side by side, each a large button with a line on what it does beneath it.
    struct Feature {
        const char* label;
        const char* hint;
        Intent intent;
    };
    std::vector<Feature> features;
    if (view.tickets_available) {
        features.push_back({view.tr("Take a ticket"),
                            view.tr("Choose the service you need; a numbered ticket is printed for you."),
                            intent::TakeTicket{}});
    }
    if (view.card_available) {
        features.push_back({view.tr("Read my My Number card"),
                            view.tr("Your name, address and date of birth are read once, so you need not write them."),
                            intent::ReadCard{}});
    }
    const float gap = t.px(48);
    const float count = static_cast<float>(features.size());
    const float column = std::min(t.px(1040), (width - t.px(240) - gap * (count - 1)) / std::max(count, 1.0f));
    const float first = (width - column * count - gap * (count - 1)) * 0.5f;
    const float top = ImGui::GetCursorPosY();
    for (std::size_t i = 0; i < features.size(); ++i) {
        const float left = first + static_cast<float>(i) * (column + gap);
        ImGui::SetCursorPos(ImVec2(left, top));
        ImGui::PushFont(t.fonts.heading);
        if (wrapped_touch_button(features[i].label, ImVec2(column, t.px(170)))) {
            intents.push_back(features[i].intent);
        }
        ImGui::PopFont();
        ImGui::Dummy(ImVec2(0, t.px(8)));
        paragraph(features[i].hint, t.fonts.body, column, k_text_muted, left);
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
