// The counter at work: the ticket at this counter in large type, the queue for this counter's
// services as the server's event stream keeps it, and the actions. No-show stays greyed, with
// the time left, until the configured minutes since the call have passed.
#include <algorithm>
#include <string>

#include "counter_parts.hpp"
#include "counter_screens.hpp"
#include "kiosk/i18n.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

constexpr ImU32 k_panel = IM_COL32(255, 255, 255, 255);

std::string minutes_seconds(int seconds) {
    const std::string tens = seconds % 60 < 10 ? "0" : "";
    return std::to_string(seconds / 60) + ":" + tens + std::to_string(seconds % 60);
}

void ticket_panel(const View& view, Intents& intents, ImVec2 min, ImVec2 max) {
    const Theme& t = theme();
    const CounterPicture& desk = *view.counter;
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    draw.AddRectFilled(ImVec2(origin.x + min.x, origin.y + min.y), ImVec2(origin.x + max.x, origin.y + max.y), k_panel,
                       t.px(16));
    const float left = min.x + t.px(40);
    const float column = max.x - min.x - t.px(80);
    ImGui::SetCursorPosY(min.y + t.px(28));
    paragraph(view.tr("At this counter"), t.fonts.body, column, k_text_muted, left);

    if (const auto& ticket = desk.ticket) {
        ImGui::SetCursorPos(ImVec2(left, ImGui::GetCursorPosY()));
        ImFont* numerals = t.fonts.numerals;
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float size = t.px(170);
        draw.AddText(numerals, size, at, k_primary, ticket->number.c_str());
        ImGui::Dummy(ImVec2(column, size));
        log_item("ticket " + ticket->number);
        const std::string service = counter_service_name(view, ticket->service);
        request_glyphs(service);
        paragraph(service, t.fonts.body, column, k_text, left);
        paragraph(ticket->state == TicketState::called ? view.tr("Called, waiting for the citizen.")
                                                       : view.tr("Being served."),
                  t.fonts.body, column, k_text_muted, left);
        if (ticket->assisted) {
            paragraph(view.tr("Assisted session: staff helped the citizen on a tablet."), t.fonts.body, column,
                      k_primary, left);
        }
    } else {
        ImGui::Dummy(ImVec2(0, t.px(40)));
        paragraph(view.tr("No ticket at this counter."), t.fonts.heading, column, k_text, left);
        paragraph(view.tr("Press Call next for the next citizen."), t.fonts.body, column, k_text_muted, left);
    }
    if (const auto& moved = desk.transferred) {
        // The citizen's paper shows the old number: the new one must be told.
        const std::string told = fill(view.tr("Transferred to {}. Tell the citizen the new number: {}"),
                                      {counter_service_name(view, moved->service), moved->number});
        request_glyphs(told);
        ImGui::Dummy(ImVec2(0, t.px(8)));
        paragraph(told, t.fonts.heading, column, k_primary, left);
        log_item("transferred " + moved->number);
    }

    const float buttons_top = max.y - t.px(40) - t.px(130) - t.px(20) - t.px(110);
    ImGui::Dummy(ImVec2(0, t.px(4)));
    const std::string_view notice = counter_notice_text(view, desk.notice);
    if (desk.waiting_for_server) {
        paragraph(view.tr("Waiting for the server…"), t.fonts.body, column, k_text_muted, left);
    } else if (!notice.empty()) {
        paragraph(notice, t.fonts.body, column, k_warning, left);
        log_item(notice);
    }

    const bool idle = !desk.waiting_for_server;
    const bool holding = desk.ticket.has_value();
    const float gap = t.px(20);
    const ImVec2 wide((column - gap) * 0.5f, t.px(130));
    ImGui::SetCursorPos(ImVec2(left, buttons_top));
    ImGui::BeginDisabled(!idle || holding);
    ImGui::PushFont(t.fonts.heading);
    if (touch_button(view.tr("Call next"), wide)) {
        intents.push_back(intent::CallNext{});
    }
    ImGui::PopFont();
    ImGui::EndDisabled();
    ImGui::SetCursorPos(ImVec2(left + wide.x + gap, buttons_top));
    ImGui::BeginDisabled(!idle || !holding);
    ImGui::PushFont(t.fonts.heading);
    if (touch_button(view.tr("Finish"), wide)) {
        intents.push_back(intent::FinishTicket{});
    }
    ImGui::PopFont();
    ImGui::EndDisabled();

    const ImVec2 small((column - 2 * gap) / 3.0f, t.px(110));
    const float row = buttons_top + wide.y + gap;
    ImGui::SetCursorPos(ImVec2(left, row));
    ImGui::BeginDisabled(!idle || !holding);
    if (touch_button(view.tr("Recall"), small, ButtonStyle::secondary)) {
        intents.push_back(intent::Recall{});
    }
    ImGui::EndDisabled();
    ImGui::SetCursorPos(ImVec2(left + small.x + gap, row));
    const auto wait = desk.no_show_wait_seconds;
    std::string no_show = view.tr("No-show");
    if (wait) {
        no_show += "\n" + fill(view.tr("in {}"), {minutes_seconds(*wait)});
    }
    ImGui::BeginDisabled(!idle || !desk.no_show_allowed);
    if (wrapped_touch_button(no_show, small, ButtonStyle::secondary)) {
        intents.push_back(intent::NoShow{});
    }
    log_item(view.tr("No-show"));
    ImGui::EndDisabled();
    ImGui::SetCursorPos(ImVec2(left + 2 * (small.x + gap), row));
    ImGui::BeginDisabled(!idle || !holding);
    if (touch_button(view.tr("Transfer"), small, ButtonStyle::secondary)) {
        intents.push_back(intent::StartTransfer{});
    }
    ImGui::EndDisabled();
}

// The note the transferring counter sent with the ticket, above the queue; returns where it ended.
float note_panel(const View& view, FreeText& free_text, ImVec2 min, ImVec2 max) {
    const Theme& t = theme();
    const float left = min.x + t.px(40);
    const float column = max.x - min.x - t.px(80);
    ImGui::SetCursorPosY(min.y + t.px(28));
    paragraph(view.tr("Note from the counter that transferred this ticket"), t.fonts.body, column, k_primary, left);
    log_item(view.tr("Note from the counter that transferred this ticket"));
    ImGui::SetCursorPosX(left);
    counter_note_lines(free_text, view.counter->note, t.px(32), k_text, column, 26);
    const float end = ImGui::GetCursorPosY() + t.px(12);
    ImGui::GetWindowDrawList()->AddLine(
        ImVec2(ImGui::GetWindowPos().x + left, ImGui::GetWindowPos().y + end),
        ImVec2(ImGui::GetWindowPos().x + left + column, ImGui::GetWindowPos().y + end), k_secondary_active, t.px(2));
    return end;
}

// One row per service: its ticket letter, its name and how many wait. Returns where it ended.
float queue_panel(const View& view, ImVec2 min, ImVec2 max) {
    const Theme& t = theme();
    const CounterPicture& desk = *view.counter;
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    const float left = min.x + t.px(40);
    const float column = max.x - min.x - t.px(80);
    ImGui::SetCursorPosY(min.y + t.px(28));
    paragraph(view.tr("Waiting for this counter"), t.fonts.heading, column, k_text, left);
    if (desk.waiting.empty()) {
        paragraph(view.tr("Nobody is waiting."), t.fonts.body, column, k_text_muted, left);
        return ImGui::GetCursorPosY();
    }
    ImFont* numerals = t.fonts.numerals;
    const float band_size = t.px(64);
    const float count_width = t.px(180);
    for (const WaitingCount& count : desk.waiting) {
        const float y = ImGui::GetCursorPosY();
        // Room for a name over two lines; the services that do not fit are on the display.
        if (y + t.px(110) > max.y) {
            break;
        }
        draw.AddText(numerals, band_size, ImVec2(origin.x + left, origin.y + y), k_primary, count.band.c_str());
        const std::string people = fill(view.tr("{} waiting"), {std::to_string(count.waiting)});
        request_glyphs(people);
        const float people_width = t.fonts.body->CalcTextSizeA(t.fonts.body->FontSize, FLT_MAX, 0, people.c_str()).x;
        ImGui::SetCursorPos(ImVec2(max.x - t.px(40) - people_width, y + t.px(12)));
        generated_text(people, t.fonts.body);
        const std::string name = counter_service_name(view, count.service);
        request_glyphs(name);
        ImGui::SetCursorPosY(y + t.px(12));
        paragraph(name, t.fonts.body, column - t.px(100) - count_width, k_text, left + t.px(90));
        log_item(count.service + " " + std::to_string(count.waiting) + " waiting");
        ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), y + band_size + t.px(16)));
    }
    return ImGui::GetCursorPosY();
}

}  // namespace

void CounterWorkingScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    begin_fullscreen("counter-working");
    counter_top_bar(view, intents);
    // Lines of a paragraph closer than the kiosk's: staff read at arm's length, and more must fit.
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(t.px(24), t.px(12)));
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    const float split = width * 0.5f;
    ticket_panel(view, intents, ImVec2(t.px(48), t.px(176)), ImVec2(split - t.px(20), height - t.px(48)));
    const ImVec2 right_min(split + t.px(20), t.px(176));
    const ImVec2 right_max(width - t.px(48), height - t.px(48));
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    draw.AddRectFilled(ImVec2(origin.x + right_min.x, origin.y + right_min.y),
                       ImVec2(origin.x + right_max.x, origin.y + right_max.y), k_panel, t.px(16));
    // The queue takes what it needs, up to a limit that leaves the forms their room below it.
    const ImVec2 queue_min(right_min.x, view.counter->note.empty()
                                            ? right_min.y
                                            : note_panel(view, m_free_text, right_min, right_max) - t.px(16));
    const float queue_limit =
        view.counter->forms_available ? std::max(t.px(560), queue_min.y + t.px(384)) : right_max.y;
    const float queue_end = queue_panel(view, queue_min, ImVec2(right_max.x, queue_limit));
    counter_forms_panel(view, intents, ImVec2(right_min.x, std::min(queue_end, queue_limit) + t.px(8)), right_max);
    ImGui::PopStyleVar();
    // A USB barcode scanner types the ticket's QR here, then Enter.
    counter_keyboard_input(intents);
    end_fullscreen();
}

}  // namespace madoguchi::screens
