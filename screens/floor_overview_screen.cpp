#include <cstdio>
#include <string>
#include <vector>

#include "floor_frame.hpp"
#include "floor_screens.hpp"
#include "kiosk/i18n.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

std::string waiting_text(const ServiceOverview& service) {
    std::string text = std::to_string(service.waiting);
    if (service.priority_waiting > 0) {
        text += " (" + std::to_string(service.priority_waiting) + ")";
    }
    return text;
}

std::string one_decimal(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

// Where the overview stands: current, old (and why), or not yet come.
void overview_status(const View& view, const FloorBoard& board, float y) {
    const Latest<SiteOverview>& latest = board.overview();
    if (!latest.value) {
        if (latest.problem == FloorProblem::none) {
            floor::status_line(y, view.tr("Asking the server…"), false);
        } else {
            floor::status_line(y, floor::sentences(view, floor::problem_text(view, latest.problem), view.tr("Trying again…")),
                              true);
        }
        return;
    }
    if (board.overview_stale(view.now)) {
        const std::string why = latest.problem == FloorProblem::none ? view.tr("The server is slow to answer.")
                                                                     : floor::problem_text(view, latest.problem);
        const std::string when =
            fill(view.tr("These figures are from {}, {} ago."),
                 {floor::tokyo_clock(latest.value->at_ms), floor::age_text(view, *board.overview_age(view.now))});
        floor::status_line(y, floor::sentences(view, why, when), true);
        return;
    }
    floor::status_line(y, fill(view.tr("Updated at {}"), {floor::tokyo_clock(latest.value->at_ms)}), false);
}

}  // namespace

void FloorOverviewScreen::draw(const View& view, Intents& intents) {
    if (view.floor == nullptr) {
        return;
    }
    const Theme& t = theme();
    const FloorBoard& board = *view.floor;
    begin_fullscreen("floor_overview");
    const floor::Header header = floor::draw_header(view, intents);
    overview_status(view, board, header.bottom);
    if (!board.overview().value) {
        end_fullscreen();
        return;
    }
    const std::vector<floor::Column> columns{
        {view.tr("Service"), "service", t.px(700)},
        {view.tr("Waiting (priority)"), "waiting", t.px(230)},
        {view.tr("Longest wait"), "longest", t.px(240)},
        {view.tr("Estimated wait"), "estimate", t.px(260)},
        {view.tr("Counters open"), "open", t.px(220)},
        {view.tr("Counters free"), "free", t.px(200)},
    };
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const ImVec2 origin(ImGui::GetWindowPos().x + t.px(32), header.bottom + t.px(70));
    floor::Table table(columns, origin, t.px(80), t.px(38));
    const std::size_t rows = board.overview().value->services.size();
    draw.AddRectFilled(ImVec2(origin.x, origin.y - t.px(12)),
                       ImVec2(origin.x + table.width(), origin.y + t.px(90) + t.px(80) * static_cast<float>(rows)),
                       floor::k_panel, t.px(12));
    table.header();
    bool any_long = false;
    for (const ServiceOverview& service : board.overview().value->services) {
        const bool long_wait = board.long_wait(service);
        any_long = any_long || long_wait;
        const std::vector<std::string> cells{
            view.language == "ja" ? service.name_ja : service.name_en,
            waiting_text(service),
            service.waiting > 0 ? floor::minutes_text(view, service.longest_wait_ms) : "-",
            service.estimated_wait_minutes ? floor::minutes_text(view, *service.estimated_wait_minutes * 60'000)
                                           : view.tr("no estimate"),
            one_decimal(service.counters_open),
            std::to_string(service.counters_free),
        };
        table.row(service.service, cells, long_wait ? floor::k_marked_row : floor::k_panel, k_text,
                  long_wait ? 2 : static_cast<std::size_t>(-1), k_warning);
        if (long_wait) {
            log_item("long wait " + service.service);
        }
    }
    // The mark explained, in the colour it is drawn with.
    const float note_y = table.y() + t.px(28);
    draw.AddRectFilled(ImVec2(origin.x, note_y), ImVec2(origin.x + t.px(48), note_y + t.px(36)),
                       floor::k_marked_row, t.px(4));
    draw.AddRect(ImVec2(origin.x, note_y), ImVec2(origin.x + t.px(48), note_y + t.px(36)), k_warning, t.px(4), 0,
                 t.px(2));
    const std::string note = fill(view.tr("Someone has waited {} minutes or more."),
                                  {std::to_string(board.settings().long_wait.count())});
    ImGui::SetCursorScreenPos(ImVec2(origin.x + t.px(64), note_y));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(any_long ? k_warning : k_text_muted));
    generated_text(note, t.fonts.body);
    ImGui::PopStyleColor();
    const char* priority_note = view.tr("In brackets: of them, priority tickets.");
    ImGui::SetCursorScreenPos(ImVec2(origin.x + t.px(64), note_y + t.px(56)));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(k_text_muted));
    generated_text(priority_note, t.fonts.body);
    ImGui::PopStyleColor();
    end_fullscreen();
}

}  // namespace madoguchi::screens
