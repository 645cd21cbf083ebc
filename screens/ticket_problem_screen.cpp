// No ticket came out: plain words for why and what to do. Nothing stays in the queue (the
// kiosk withdraws a ticket it could not print), so asking the staff is always the way on.
#include "theme.hpp"
#include "ticket_screens.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

const char* explanation(const View& view) {
    switch (view.ticket_error) {
        case TicketError::paper_out:
            return view.tr("The ticket printer has run out of paper. Please ask the staff for a ticket.");
        case TicketError::no_printer:
        case TicketError::cover_open:
        case TicketError::printer_offline:
        case TicketError::printer_failed:
            return view.tr("The ticket printer is not working right now. Please ask the staff for a ticket.");
        case TicketError::server_unreachable:
        case TicketError::server_busy:
        case TicketError::server_refused:
        case TicketError::bad_reply:
        case TicketError::terminal_fault:
            break;
    }
    return view.tr("Tickets cannot be issued at the moment. Please ask the staff.");
}

}  // namespace

void TicketProblemScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    begin_fullscreen("ticket-problem");
    const float width = ImGui::GetWindowWidth();
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() * 0.2f);
    centered_text(view.tr("Sorry, no ticket could be printed"), t.fonts.heading, width - t.px(240), k_warning);
    ImGui::Dummy(ImVec2(0, t.px(32)));
    centered_text(explanation(view), t.fonts.body, width - t.px(480), k_text);
    ImGui::Dummy(ImVec2(0, t.px(16)));
    centered_text(view.tr("No number was issued for you; the staff will help you."), t.fonts.body,
                  width - t.px(480), k_text_muted);

    const ImVec2 back(t.px(480), 0);
    ImGui::SetCursorPos(
        ImVec2((width - back.x) * 0.5f, ImGui::GetWindowHeight() - t.min_touch() - t.px(56)));
    if (touch_button(view.tr("Back"), back, ButtonStyle::secondary)) {
        intents.push_back(intent::Back{});
    }
    end_fullscreen();
}

}  // namespace madoguchi::screens
