// While the server issues the ticket and the printer prints it: nothing to press, a turning
// arc so the kiosk looks busy rather than frozen.
#include <numbers>

#include "theme.hpp"
#include "ticket_screens.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void TicketPrintingScreen::draw(const View& view, Intents&) {
    const Theme& t = theme();
    begin_fullscreen("ticket-printing");
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    ImGui::SetCursorPosY(height * 0.22f);
    centered_text(view.tr("Printing your ticket…"), t.fonts.heading, width - t.px(240), k_text);
    ImGui::Dummy(ImVec2(0, t.px(16)));
    centered_text(view.tr("Please wait a moment."), t.fonts.body, width - t.px(240), k_text_muted);

    const ImVec2 centre(width * 0.5f, height * 0.62f);
    const float radius = t.px(70);
    const float start = static_cast<float>(ImGui::GetTime()) * 2.0f * std::numbers::pi_v<float> * 0.8f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddCircle(centre, radius, k_secondary, 64, t.px(14));
    draw->PathArcTo(centre, radius, start, start + std::numbers::pi_v<float> * 0.6f, 32);
    draw->PathStroke(k_primary, 0, t.px(14));
    end_fullscreen();
}

}  // namespace madoguchi::screens
