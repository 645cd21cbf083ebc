#include <algorithm>
#include <string>
#include <vector>

#include "floor_frame.hpp"
#include "floor_screens.hpp"
#include "kiosk/i18n.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

constexpr float k_row_height = 46;
constexpr float k_font_size = 32;

std::vector<floor::Column> columns(const View& view, const char* first, const char* first_key, const char* count,
                                   const char* count_key) {
    const Theme& t = theme();
    return {
        {first, first_key, t.px(570)},
        {count, count_key, t.px(205)},
        {view.tr("Served"), "done", t.px(205)},
        {view.tr("No-shows"), "no_show", t.px(205)},
        {view.tr("Wait (median)"), "wait_p50", t.px(205)},
        {view.tr("Wait (90th percentile)"), "wait_p90", t.px(205)},
        {view.tr("Mean visit"), "visit_mean", t.px(205)},
    };
}

std::vector<std::string> cells(const View& view, std::string name, const DayFigures& figures, const char* count_kind) {
    const auto wait = [&](std::int64_t ms) {
        return figures.wait.count > 0 ? floor::minutes_text(view, ms) : std::string("-");
    };
    return {
        std::move(name),
        std::to_string(figures.count(count_kind)),
        std::to_string(figures.count("done")),
        std::to_string(figures.count("no_show")),
        wait(figures.wait.p50_ms),
        wait(figures.wait.p90_ms),
        figures.visit.count > 0 ? floor::decimal_minutes_text(view, figures.visit.mean_ms) : std::string("-"),
    };
}

// The services in the catalog's order (the overview's), those without a ticket today included,
// then any the statistics name that the overview does not.
std::vector<std::string> service_order(const FloorBoard& board, const DayStatistics& statistics) {
    std::vector<std::string> order;
    if (board.overview().value) {
        for (const ServiceOverview& service : board.overview().value->services) {
            order.push_back(service.service);
        }
    }
    for (const auto& [service, figures] : statistics.services) {
        if (std::find(order.begin(), order.end(), service) == order.end()) {
            order.push_back(service);
        }
    }
    return order;
}

void statistics_status(const View& view, const FloorBoard& board, float y) {
    const Latest<DayStatistics>& latest = board.statistics();
    if (latest.problem != FloorProblem::none) {
        std::string text = floor::problem_text(view, latest.problem);
        if (latest.value) {
            const auto age = std::chrono::floor<std::chrono::seconds>(view.now - *latest.received_at);
            text = floor::sentences(view, text,
                                    fill(view.tr("These statistics are from {} ago."), {floor::age_text(view, age)}));
        }
        floor::status_line(y, text, true);
    } else if (latest.pending) {
        floor::status_line(y, view.tr("Loading today's statistics…"), false);
    } else if (latest.value) {
        floor::status_line(y, fill(view.tr("Statistics for {}"), {latest.value->date}), false);
    }
}

void csv_status(const View& view, const FloorBoard& board, float y) {
    const Latest<std::filesystem::path>& csv = board.csv();
    if (csv.pending) {
        floor::status_line(y, view.tr("Saving the CSV…"), false);
    } else if (csv.problem != FloorProblem::none) {
        floor::status_line(y, floor::sentences(view, floor::problem_text(view, csv.problem), view.tr("The CSV was not saved.")),
                           true);
    } else if (csv.value) {
        floor::status_line(y, fill(view.tr("Saved to {}"), {csv.value->string()}), false);
    }
}

}  // namespace

void FloorStatisticsScreen::draw(const View& view, Intents& intents) {
    if (view.floor == nullptr) {
        return;
    }
    const Theme& t = theme();
    const FloorBoard& board = *view.floor;
    begin_fullscreen("floor_statistics");
    const floor::Header header = floor::draw_header(view, intents);
    const float window_left = ImGui::GetWindowPos().x;
    const float window_right = window_left + ImGui::GetWindowWidth();
    statistics_status(view, board, header.bottom);
    csv_status(view, board, header.bottom + t.px(48));

    const ImVec2 refresh(t.px(220), t.min_touch());
    const ImVec2 save(t.px(300), t.min_touch());
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetCursorScreenPos(ImVec2(window_right - t.px(32) - refresh.x - save.x - spacing, header.bottom - t.px(4)));
    if (touch_button(view.tr("Refresh"), refresh, ButtonStyle::secondary)) {
        intents.push_back(intent::ShowFloorStatistics{});
    }
    ImGui::SameLine();
    const bool can_save = board.statistics().value && !board.csv().pending;
    ImGui::BeginDisabled(!can_save);
    if (touch_button(view.tr("Save as CSV"), save, ButtonStyle::primary)) {
        intents.push_back(intent::SaveFloorStatistics{});
    }
    ImGui::EndDisabled();

    if (!board.statistics().value) {
        end_fullscreen();
        return;
    }
    const DayStatistics& statistics = *board.statistics().value;
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const float left = window_left + t.px(32);

    const auto service_columns = columns(view, view.tr("Service"), "service", view.tr("Issued"), "issued");
    const std::vector<std::string> services = service_order(board, statistics);
    const ImVec2 services_at(left, header.bottom + t.px(124));
    floor::Table service_table(service_columns, services_at, t.px(k_row_height), t.px(k_font_size));
    draw.AddRectFilled(ImVec2(left, services_at.y - t.px(8)),
                       ImVec2(left + service_table.width(),
                              services_at.y + t.px(72) + t.px(k_row_height) * static_cast<float>(services.size() + 1)),
                       floor::k_panel, t.px(12));
    service_table.header();
    for (const std::string& service : services) {
        const auto found = statistics.services.find(service);
        const DayFigures figures = found == statistics.services.end() ? DayFigures{} : found->second;
        service_table.row(service, cells(view, board.service_name(service, view.language), figures, "issued"),
                          floor::k_panel, k_text);
    }
    service_table.row("total", cells(view, view.tr("All services"), statistics.total, "issued"), k_secondary, k_text);

    // Counters come and go through the day: their rows scroll under a fixed heading.
    const auto counter_columns = columns(view, view.tr("Counter"), "counter", view.tr("Called"), "called");
    floor::Table counter_heading(counter_columns, ImVec2(left, service_table.y() + t.px(28)), t.px(k_row_height),
                                 t.px(k_font_size));
    counter_heading.header();
    const float rows_top = counter_heading.y();
    const float rows_bottom = ImGui::GetWindowPos().y + ImGui::GetWindowHeight() - t.px(24);
    ImGui::SetCursorScreenPos(ImVec2(left, rows_top));
    ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, t.px(36));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(floor::k_panel));
    ImGui::BeginChild("floor_counters", ImVec2(counter_heading.width() + t.px(44), rows_bottom - rows_top), false);
    floor::Table counter_rows(counter_columns, ImGui::GetCursorScreenPos(), t.px(k_row_height), t.px(k_font_size));
    if (statistics.counters.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(left + t.px(16), rows_top + t.px(8)));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(k_text_muted));
        generated_text(view.tr("No counter has called a ticket today."), t.fonts.body);
        ImGui::PopStyleColor();
    }
    for (const auto& [counter, figures] : statistics.counters) {
        counter_rows.row("counter " + counter, cells(view, counter, figures, "called"), floor::k_panel, k_text);
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    end_fullscreen();
}

}  // namespace madoguchi::screens
