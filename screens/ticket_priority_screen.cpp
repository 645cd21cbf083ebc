// An ordinary or a priority ticket, for kiosks configured to offer priority ([tickets]
// priority): counters call priority tickets first under the server's policy.
#include "theme.hpp"
#include "ticket_screens.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void TicketPriorityScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    begin_fullscreen("ticket-priority");
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    ImGui::SetCursorPosY(height * 0.16f);
    centered_text(view.tr("Do you need priority service?"), t.fonts.heading, width - t.px(240), k_text);
    ImGui::Dummy(ImVec2(0, t.px(24)));
    centered_text(view.tr("Priority is for people who are pregnant, have a disability, feel unwell or are with "
                          "small children."),
                  t.fonts.body, width - t.px(480), k_text_muted);

    const ImVec2 choice(t.px(640), t.px(160));
    const float gap = t.px(48);
    const float left = (width - 2 * choice.x - gap) * 0.5f;
    ImGui::PushFont(t.fonts.heading);
    ImGui::SetCursorPos(ImVec2(left, height * 0.45f));
    if (touch_button(view.tr("Ordinary ticket"), choice)) {
        intents.push_back(intent::ChoosePriority{false});
    }
    ImGui::SetCursorPos(ImVec2(left + choice.x + gap, height * 0.45f));
    if (touch_button(view.tr("Priority ticket"), choice)) {
        intents.push_back(intent::ChoosePriority{true});
    }
    ImGui::PopFont();

    const ImVec2 back(t.px(420), 0);
    ImGui::SetCursorPos(ImVec2((width - back.x) * 0.5f, height - t.min_touch() - t.px(56)));
    if (touch_button(view.tr("Back"), back, ButtonStyle::secondary)) {
        intents.push_back(intent::Back{});
    }
    end_fullscreen();
}

}  // namespace madoguchi::screens
