// "Please take your ticket", with the number as large as the screen allows: the citizen
// compares it with the waiting-room display.
#include <string>

#include "theme.hpp"
#include "ticket_screens.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void TicketTakeScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    begin_fullscreen("ticket-take");
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    ImGui::SetCursorPosY(t.px(96));
    centered_text(view.tr("Please take your ticket"), t.fonts.heading, width - t.px(240), k_text);
    if (view.ticket != nullptr) {
        ImGui::Dummy(ImVec2(0, t.px(24)));
        centered_text(view.tr("Your number"), t.fonts.body, width - t.px(240), k_text_muted);
        const std::string& number = view.ticket->number;
        ImGui::PushFont(t.fonts.numerals);
        const float number_width = ImGui::CalcTextSize(number.c_str()).x;
        ImGui::SetCursorPosX((width - number_width) * 0.5f);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(k_primary));
        ImGui::TextUnformatted(number.c_str());
        ImGui::PopStyleColor();
        ImGui::PopFont();
        if (view.ticket->priority) {
            centered_text(view.tr("Priority ticket"), t.fonts.body, width - t.px(240), k_warning);
        }
    }
    ImGui::Dummy(ImVec2(0, t.px(24)));
    centered_text(view.tr("Please wait until your number is shown on the display. The QR code on the ticket "
                          "shows your turn on your phone."),
                  t.fonts.body, width - t.px(480), k_text);
    if (!view.forms_elsewhere.empty()) {
        ImGui::Dummy(ImVec2(0, t.px(16)));
        const char* included = view.tr("Your forms for these counters are included too; the counter will send you on:");
        centered_text(included, t.fonts.body, width - t.px(240), k_text);
        log_item(included);
        // On one line, so that the button below stays clear of them.
        std::string counters;
        for (const ServiceChoice& service : view.forms_elsewhere) {
            const std::string& name = view.language == "ja" ? service.name_ja : service.name_en;
            counters += (counters.empty() ? "" : " / ") + name;
            log_item(name);
        }
        centered_text(counters, t.fonts.body, width - t.px(240), k_primary);
    }
    if (view.application_failed) {
        ImGui::Dummy(ImVec2(0, t.px(16)));
        centered_text(view.tr("Your forms could not be sent with the ticket. Please tell the staff at the counter."),
                      t.fonts.body, width - t.px(480), k_warning);
    }

    const ImVec2 done(t.px(520), 0);
    ImGui::SetCursorPos(ImVec2((width - done.x) * 0.5f, height - t.min_touch() - t.px(56)));
    if (touch_button(view.tr("Back to the menu"), done)) {
        intents.push_back(intent::TicketDone{});
    }
    end_fullscreen();
}

}  // namespace madoguchi::screens
