// "Please take your ticket", with the number as large as the screen allows: the citizen
// compares it with the waiting-room display.
#include <string>

#include "theme.hpp"
#include "ticket_screens.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

// What became of the forms on the kiosk's A4 printer. When the application did not reach the
// outbox either, the counter has nothing to print: the message below that one says so instead.
const char* forms_print_text(const View& view) {
    switch (view.forms_print) {
        case FormsPrint::none: return nullptr;
        case FormsPrint::printing:
            return view.tr("Your forms are printing on the A4 printer: take them to the counter.");
        case FormsPrint::printed:
            return view.tr("Your forms are printed: take them from the A4 printer to the counter.");
        case FormsPrint::failed:
            return view.application_failed ? nullptr
                                           : view.tr("Your forms could not be printed here; the counter will print "
                                                     "them for you.");
    }
    return nullptr;
}

}  // namespace

void TicketTakeScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    begin_fullscreen("ticket-take");
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    const char* printing = forms_print_text(view);
    // Notes about the forms go below the number: the gaps above them close up to make room.
    const bool notes = !view.forms_elsewhere.empty() || printing != nullptr || view.application_failed;
    const float gap = notes ? t.px(12) : t.px(24);
    ImGui::SetCursorPosY(notes ? t.px(64) : t.px(96));
    centered_text(view.tr("Please take your ticket"), t.fonts.heading, width - t.px(240), k_text);
    if (view.ticket != nullptr) {
        ImGui::Dummy(ImVec2(0, gap));
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
    ImGui::Dummy(ImVec2(0, gap));
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
    if (printing != nullptr) {
        ImGui::Dummy(ImVec2(0, t.px(16)));
        centered_text(printing, t.fonts.body, width - t.px(240),
                      view.forms_print == FormsPrint::failed ? k_text : k_primary);
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
