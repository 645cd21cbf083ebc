#include <string>
#include <vector>

#include "floor_frame.hpp"
#include "floor_screens.hpp"
#include "kiosk/i18n.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

std::string printer_text(const View& view, PrinterHealth printer) {
    switch (printer) {
        case PrinterHealth::ready: return view.tr("Ready");
        case PrinterHealth::paper_near_end: return view.tr("Paper low");
        case PrinterHealth::paper_out: return view.tr("Out of paper");
        case PrinterHealth::cover_open: return view.tr("Cover open");
        case PrinterHealth::offline: return view.tr("Printer not answering");
        case PrinterHealth::error: return view.tr("Printer error");
        case PrinterHealth::no_printer: return view.tr("No printer found");
    }
    return view.tr("Printer error");
}

std::string card_reader_text(const View& view, CardReaderHealth reader) {
    switch (reader) {
        case CardReaderHealth::present: return view.tr("Connected");
        case CardReaderHealth::absent: return view.tr("Not connected");
        case CardReaderHealth::not_configured: return view.tr("None set up");
    }
    return view.tr("Not connected");
}

std::string sync_text(const View& view, const KioskReport& kiosk) {
    if (kiosk.outbox_pending == 0) {
        return view.tr("Online");
    }
    return fill(view.tr("{} items waiting to be sent"), {std::to_string(kiosk.outbox_pending)});
}

// Why the row is marked, in a sentence that says what to check.
std::string alert_text(const View& view, const FloorBoard& board, const KioskReport& kiosk) {
    if (kiosk_alert(kiosk) == KioskAlert::silent) {
        if (const auto silent = board.silent_for(kiosk, view.now)) {
            return fill(view.tr("{}: no report for {} min: off or cut off from the network."),
                        {kiosk.terminal, std::to_string(silent->count())});
        }
        return fill(view.tr("{}: no report since {}: off or cut off from the network."),
                    {kiosk.terminal, floor::tokyo_clock(kiosk.reported_at_ms)});
    }
    return fill(view.tr("{}: {}: tickets cannot be printed."), {kiosk.terminal, printer_text(view, kiosk.printer)});
}

void kiosks_status(const View& view, const FloorBoard& board, float y) {
    const Latest<SiteKiosks>& latest = board.kiosks();
    if (!latest.value) {
        if (latest.problem == FloorProblem::none) {
            floor::status_line(y, view.tr("Asking the server…"), false);
        } else {
            floor::status_line(
                y, floor::sentences(view, floor::problem_text(view, latest.problem), view.tr("Trying again…")), true);
        }
        return;
    }
    if (board.kiosks_stale(view.now)) {
        const std::string why = latest.problem == FloorProblem::none ? view.tr("The server is slow to answer.")
                                                                     : floor::problem_text(view, latest.problem);
        const std::string when =
            fill(view.tr("These reports are from {} ago."), {floor::age_text(view, *board.kiosks_age(view.now))});
        floor::status_line(y, floor::sentences(view, why, when), true);
        return;
    }
    std::size_t marked = 0;
    for (const KioskReport& kiosk : latest.value->kiosks) {
        marked += kiosk_alert(kiosk) == KioskAlert::none ? 0 : 1;
    }
    floor::status_line(y,
                       fill(view.tr("Kiosks: {}. Needing attention: {}."),
                            {std::to_string(latest.value->kiosks.size()), std::to_string(marked)}),
                       false);
}

}  // namespace

void FloorKiosksScreen::draw(const View& view, Intents& intents) {
    if (view.floor == nullptr) {
        return;
    }
    const Theme& t = theme();
    const FloorBoard& board = *view.floor;
    begin_fullscreen("floor_kiosks");
    const floor::Header header = floor::draw_header(view, intents);
    kiosks_status(view, board, header.bottom);
    if (!board.kiosks().value) {
        end_fullscreen();
        return;
    }
    const std::vector<KioskReport>& kiosks = board.kiosks().value->kiosks;
    const ImVec2 origin(ImGui::GetWindowPos().x + t.px(32), header.bottom + t.px(70));
    if (kiosks.empty()) {
        floor::status_line(origin.y, view.tr("No kiosk has reported yet."), false);
        end_fullscreen();
        return;
    }
    const std::vector<floor::Column> columns{
        {view.tr("Kiosk"), "kiosk", t.px(280)},
        {view.tr("Printer"), "printer", t.px(420)},
        {view.tr("Card reader"), "card_reader", t.px(320)},
        {view.tr("Sync"), "sync", t.px(500)},
        {view.tr("Last report"), "reported", t.px(270)},
    };
    constexpr std::size_t k_printer_column = 1;
    constexpr std::size_t k_reported_column = 4;
    const float row_height = t.px(70);
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    floor::Table table(columns, origin, row_height, t.px(36));
    draw.AddRectFilled(ImVec2(origin.x, origin.y - t.px(12)),
                       ImVec2(origin.x + table.width(),
                              origin.y + t.px(60) + row_height * static_cast<float>(kiosks.size())),
                       floor::k_panel, t.px(12));
    table.header();
    std::vector<std::string> alerts;
    for (const KioskReport& kiosk : kiosks) {
        const KioskAlert alert = kiosk_alert(kiosk);
        const std::vector<std::string> cells{
            kiosk.terminal,
            printer_text(view, kiosk.printer),
            card_reader_text(view, kiosk.card_reader),
            sync_text(view, kiosk),
            floor::tokyo_clock(kiosk.reported_at_ms),
        };
        const std::size_t emphasised = alert == KioskAlert::silent            ? k_reported_column
                                       : alert == KioskAlert::printer_stopped ? k_printer_column
                                                                              : static_cast<std::size_t>(-1);
        table.row(kiosk.terminal, cells, alert == KioskAlert::none ? floor::k_panel : floor::k_marked_row, k_text,
                  emphasised, k_warning);
        if (alert != KioskAlert::none) {
            alerts.push_back(alert_text(view, board, kiosk));
        }
    }
    float y = table.y() + t.px(28);
    for (const std::string& alert : alerts) {
        floor::status_line(y, alert, true);
        y += t.px(48);
    }
    end_fullscreen();
}

}  // namespace madoguchi::screens
