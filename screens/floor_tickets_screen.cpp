// The floor console's Tickets page: today's waiting and called tickets, each with Cancel and
// Reprint. Cancel asks first, in place of the list, so nothing else can be pressed meanwhile;
// what the last request came to stays on the line under the header until the next one.
#include <string>
#include <vector>

#include "floor_frame.hpp"
#include "floor_screens.hpp"
#include "kiosk/i18n.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

std::string reason_text(const View& view, FloorTicketResult result) {
    switch (result) {
        case FloorTicketResult::done: return "";
        case FloorTicketResult::server_away: return view.tr("No answer from the server: the network or the server is down.");
        case FloorTicketResult::not_allowed: return view.tr("The server does not allow this terminal to do that.");
        case FloorTicketResult::login_expired: return view.tr("Your log-in has ended. Please log in again.");
        case FloorTicketResult::not_found: return view.tr("The server does not know this ticket at this office.");
        case FloorTicketResult::already_over:
            return view.tr("The ticket has already been served, finished or cancelled.");
        case FloorTicketResult::server_fault: return view.tr("The server could not answer.");
        case FloorTicketResult::no_printer: return view.tr("No receipt printer is connected to this console.");
        case FloorTicketResult::paper_out: return view.tr("The receipt printer is out of paper.");
        case FloorTicketResult::cover_open: return view.tr("The receipt printer's cover is open.");
        case FloorTicketResult::printer_offline: return view.tr("The receipt printer does not answer.");
        case FloorTicketResult::printer_failed: return view.tr("The receipt printer stopped with an error.");
    }
    return view.tr("The server could not answer.");
}

std::string outcome_text(const View& view, const FloorTicketOutcome& outcome) {
    const bool cancel = outcome.action == FloorTicketAction::cancel;
    if (outcome.result == FloorTicketResult::done) {
        return fill(cancel ? view.tr("Ticket {} is cancelled.") : view.tr("Ticket {} was printed again."),
                    {outcome.number});
    }
    const std::string what = fill(cancel ? view.tr("Ticket {} was not cancelled.") : view.tr("Ticket {} was not printed."),
                                  {outcome.number});
    return floor::sentences(view, what, reason_text(view, outcome.result));
}

std::string state_text(const View& view, const QueueTicket& ticket) {
    std::string text = ticket.state == TicketState::called
                           ? fill(view.tr("Called to counter {}"), {ticket.counter.value_or("")})
                           : std::string(view.tr("Waiting"));
    if (ticket.priority) {
        text = fill(view.tr("{}, priority"), {text});
    }
    return text;
}

// The cancel asked about, with the ticket named, in place of the list.
void confirmation(const View& view, Intents& intents, const QueueTicket& ticket, ImVec2 at) {
    const Theme& t = theme();
    const float width = t.px(1300);
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    draw.AddRectFilled(at, ImVec2(at.x + width, at.y + t.px(460)), floor::k_panel, t.px(12));
    const std::string service = view.floor->service_name(ticket.service, view.language);
    const std::string question = fill(view.tr("Cancel ticket {} ({})?"), {ticket.number, service});
    request_glyphs(question);
    ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + t.px(32)));
    paragraph(question, t.fonts.heading, width - t.px(64), k_text, at.x - ImGui::GetWindowPos().x + t.px(32));
    log_item(question);
    paragraph(view.tr("The ticket leaves the queue for good: the citizen needs a new ticket to be called."),
              t.fonts.body, width - t.px(64), k_text_muted, at.x - ImGui::GetWindowPos().x + t.px(32));
    ImGui::SetCursorScreenPos(ImVec2(at.x + t.px(32), at.y + t.px(460) - t.min_touch() - t.px(32)));
    if (touch_button(view.tr("Cancel the ticket"), ImVec2(t.px(480), 0))) {
        intents.push_back(intent::ConfirmCancel{});
    }
    ImGui::SameLine(0, t.px(32));
    if (touch_button(view.tr("Keep it"), ImVec2(t.px(480), 0), ButtonStyle::secondary)) {
        intents.push_back(intent::Back{});
    }
}

}  // namespace

void FloorTicketsScreen::draw(const View& view, Intents& intents) {
    if (view.floor == nullptr || !view.floor_tickets) {
        return;
    }
    const Theme& t = theme();
    const FloorTicketsPicture& desk = *view.floor_tickets;
    begin_fullscreen("floor_tickets");
    const floor::Header header = floor::draw_header(view, intents);
    const float window_left = ImGui::GetWindowPos().x;
    const float window_width = ImGui::GetWindowWidth();
    const float left = window_left + t.px(32);

    // Who acts, and whether the list is live; Log out on the right.
    if (!desk.connected) {
        floor::status_line(header.bottom,
                           floor::sentences(view, view.tr("No live queue from the server."),
                                            view.tr("The list may be out of date.")),
                           true);
    } else {
        floor::status_line(header.bottom, fill(view.tr("Logged in as staff {}."), {desk.staff_id}), false);
    }
    ImGui::SetCursorScreenPos(ImVec2(window_left + window_width - t.px(32) - t.px(300), header.bottom - t.px(12)));
    if (touch_button(view.tr("Log out"), ImVec2(t.px(300), 0), ButtonStyle::secondary)) {
        intents.push_back(intent::LogOut{});
    }
    const float outcome_y = header.bottom + t.px(64);
    if (desk.busy) {
        floor::status_line(outcome_y, view.tr("Sending…"), false);
    } else if (desk.outcome) {
        floor::status_line(outcome_y, outcome_text(view, *desk.outcome),
                           desk.outcome->result != FloorTicketResult::done);
    }

    const float list_top = header.bottom + t.px(130);
    if (desk.confirming) {
        confirmation(view, intents, *desk.confirming, ImVec2(left, list_top));
        end_fullscreen();
        return;
    }
    if (desk.tickets.empty()) {
        floor::status_line(list_top, view.tr("No ticket is waiting or called now."), false);
        end_fullscreen();
        return;
    }

    const std::vector<floor::Column> columns{
        {view.tr("Number"), "number", t.px(170)},
        {view.tr("Service"), "service", t.px(700)},
        {view.tr("State"), "state", t.px(380)},
    };
    const float row_height = t.min_touch() + t.px(12);
    const float buttons_width = t.px(560);
    floor::Table heading(columns, ImVec2(left, list_top), row_height, t.px(36));
    heading.header();
    const float rows_top = heading.y();
    const float rows_bottom = ImGui::GetWindowPos().y + ImGui::GetWindowHeight() - t.px(24);
    ImGui::SetCursorScreenPos(ImVec2(left, rows_top));
    ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, t.px(36));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(floor::k_panel));
    ImGui::BeginChild("floor_ticket_rows", ImVec2(heading.width() + buttons_width + t.px(60), rows_bottom - rows_top),
                      false);
    const ImVec2 rows_at = ImGui::GetCursorScreenPos();
    floor::Table rows(columns, rows_at, row_height, t.px(36));
    ImGui::BeginDisabled(desk.busy);
    for (const QueueTicket& ticket : desk.tickets) {
        const float y = rows.y();
        const std::vector<std::string> cells{ticket.number, view.floor->service_name(ticket.service, view.language),
                                             state_text(view, ticket)};
        rows.row(ticket.number, cells, floor::k_panel, k_text);
        ImGui::SetCursorScreenPos(ImVec2(rows_at.x + heading.width() + t.px(16), y + t.px(6)));
        // The ellipsis says that a question comes before anything is cancelled.
        const std::string cancel = std::string(view.tr("Cancel…")) + "##cancel-" + ticket.id;
        if (touch_button(cancel.c_str(), ImVec2(t.px(250), 0), ButtonStyle::secondary)) {
            intents.push_back(intent::CancelTicket{ticket.id});
        }
        log_item(ticket.number + "/cancel");
        ImGui::SameLine(0, t.px(16));
        const std::string reprint = std::string(view.tr("Reprint")) + "##reprint-" + ticket.id;
        if (touch_button(reprint.c_str(), ImVec2(t.px(280), 0), ButtonStyle::secondary)) {
            intents.push_back(intent::ReprintTicket{ticket.id});
        }
        log_item(ticket.number + "/reprint");
    }
    ImGui::EndDisabled();
    ImGui::SetCursorScreenPos(ImVec2(rows_at.x, rows.y()));
    ImGui::Dummy(ImVec2(1, 1));
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    end_fullscreen();
}

}  // namespace madoguchi::screens
