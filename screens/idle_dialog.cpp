#include "idle_dialog.hpp"

#include <string>

#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void IdleDialog::draw(const View& view, Intents& intents) {
    if (!view.countdown_seconds) {
        return;
    }
    const Theme& t = theme();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const ImVec2 size(t.px(1100), t.px(700));
    ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f, viewport->Pos.y + viewport->Size.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(size);
    // Opening again every frame would re-create the popup, which ImGui hides on its first frame.
    if (!ImGui::IsPopupOpen("idle-countdown")) {
        ImGui::OpenPopup("idle-countdown");
    }
    if (!ImGui::BeginPopupModal("idle-countdown", nullptr,
                                ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_NoSavedSettings)) {
        return;
    }
    const float text_width = size.x - t.px(120);
    ImGui::SetCursorPosY(t.px(48));
    centered_text(view.tr("Are you still there?"), t.fonts.heading, text_width, k_text);
    centered_text(std::to_string(*view.countdown_seconds), t.fonts.numerals, text_width, k_warning);
    centered_text(view.tr("When the count reaches zero, the screen returns to the start and everything you "
                          "entered is erased."),
                  t.fonts.body, text_width, k_text_muted);

    const ImVec2 button(t.px(440), 0);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetCursorPos(ImVec2((size.x - 2 * button.x - spacing) * 0.5f, size.y - t.min_touch() - t.px(40)));
    if (touch_button(view.tr("Continue"), button)) {
        intents.push_back(intent::StillHere{});
    }
    ImGui::SameLine();
    if (touch_button(view.tr("Finish"), button, ButtonStyle::secondary)) {
        intents.push_back(intent::EndSession{});
    }
    ImGui::EndPopup();
}

}  // namespace madoguchi::screens
