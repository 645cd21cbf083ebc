// The floor console's screens headless: the overview's figures per service (a long wait
// marked), the statistics per service and counter, each kiosk's health (the quiet and the
// stopped marked), the state of the figures, what staff press reaching the console, and the
// tablet's "Start assisted session" (absent without the citizen devices, leading to the log-in
// before one).
#include <doctest/doctest.h>

#include "headless_ui.hpp"
#include "kiosk/floor_board.hpp"
#include "kiosk/terminal_model.hpp"
#include "screens/floor_frame.hpp"

using namespace madoguchi;
using madoguchi::testing::HeadlessUi;
using namespace std::chrono_literals;

namespace {

const Clock::time_point t0 = Clock::time_point{} + 1h;
constexpr std::int64_t k_server_ms = 1764120000000;  // 2025-11-26 10:20:00 in Tokyo

class RecordingFloorPort final : public FloorPort {
public:
    void refresh_overview() override { ++refreshes; }
    void load_statistics() override { ++loads; }
    void save_statistics_csv(std::string date) override { saved.push_back(std::move(date)); }

    int refreshes = 0;
    int loads = 0;
    std::vector<std::string> saved;
};

SiteOverview sample_overview() {
    return SiteOverview{"chuo",
                        k_server_ms,
                        {ServiceOverview{"certificates", "住民票・印鑑登録", "Certificates", 12, 3, 42 * 60'000, 25, 2.5,
                                         1, 360'000},
                         ServiceOverview{"tax", "住民税・税証明", "Resident tax", 2, 0, 7 * 60'000 + 59'000,
                                         std::nullopt, 0.5, 0, 0},
                         ServiceOverview{"moving", "転入・転出", "Moving", 0, 0, 0, 0, 1.0, 1, 0}}};
}

DayFigures figures(std::int64_t issued, std::int64_t called, std::int64_t done, std::int64_t no_show) {
    DayFigures day;
    day.events = {{"issued", issued}, {"called", called}, {"done", done}, {"no_show", no_show}};
    day.wait = TimeSummary{called, 600'000, 540'000, 900'000};
    day.visit = TimeSummary{done + no_show, 300'000, 280'000, 420'000};
    return day;
}

DayStatistics sample_statistics() {
    DayStatistics day;
    day.site = "chuo";
    day.date = "2026-11-26";
    day.services = {{"certificates", figures(5, 4, 3, 1)}};
    day.counters = {{"3", figures(0, 4, 3, 1)}};
    day.total = figures(5, 4, 3, 1);
    return day;
}

FloorSettings settings() {
    FloorSettings settings;
    settings.site = "chuo";
    settings.long_wait = 30min;
    return settings;
}

}  // namespace

TEST_CASE("floor overview: each service's figures, the long wait marked, in Japanese") {
    HeadlessUi ui;
    FloorBoard board(settings());
    board.apply_overview(sample_overview(), t0);
    RecordingFloorPort port;
    const FloorTerminal terminal(board, port, "ja");
    const View view = terminal.view(ui.translator(), t0 + 1s);
    ui.frame(view);
    ui.rebuild_fonts();
    CHECK(ui.shows(view, "フロア管理"));
    CHECK(ui.shows(view, "certificates/service 住民票・印鑑登録"));
    CHECK(ui.shows(view, "certificates/waiting 12 (3)"));
    CHECK(ui.shows(view, "certificates/longest 42分"));
    CHECK(ui.shows(view, "certificates/estimate 25分"));
    CHECK(ui.shows(view, "certificates/open 2.5"));
    CHECK(ui.shows(view, "certificates/free 1"));
    CHECK(ui.shows(view, "long wait certificates"));
    CHECK(ui.shows(view, "tax/longest 7分"));
    CHECK(ui.shows(view, "tax/estimate 算出前"));
    CHECK_FALSE(ui.shows(view, "long wait tax"));
    CHECK(ui.shows(view, "moving/waiting 0"));
    CHECK(ui.shows(view, "moving/longest -"));
    CHECK(ui.shows(view, "10:20:00に更新"));
    CHECK_FALSE(ui.shows(view, "warning: サーバーから応答がありません。"));
}

TEST_CASE("floor overview: English names and units after the language switch") {
    HeadlessUi ui;
    FloorBoard board(settings());
    board.apply_overview(sample_overview(), t0);
    RecordingFloorPort port;
    FloorTerminal terminal(board, port, "ja");
    const Intents pressed = ui.press(terminal.view(ui.translator(), t0), "English");
    REQUIRE(pressed.size() == 1);
    terminal.apply(pressed[0], t0);
    const View view = terminal.view(ui.translator(), t0 + 1s);
    CHECK(view.language == "en");
    CHECK(ui.shows(view, "certificates/service Certificates"));
    CHECK(ui.shows(view, "certificates/longest 42 min"));
    CHECK(ui.shows(view, "tax/estimate no estimate"));
    CHECK(ui.shows(view, "Waiting (priority)"));
    CHECK(ui.shows(view, "Updated at 10:20:00"));
}

TEST_CASE("floor overview: the server away, the figures stay with their age") {
    HeadlessUi ui;
    FloorBoard board(settings());
    board.apply_overview(sample_overview(), t0);
    board.apply_overview(fail(FloorProblem::server_away, "refused"), t0 + 10s);
    RecordingFloorPort port;
    const FloorTerminal terminal(board, port, "en");
    const View view = terminal.view(ui.translator(), t0 + 200s);
    CHECK(ui.shows(view, "warning: No answer from the server. These figures are from 10:20:00, 3 min ago."));
    CHECK(ui.shows(view, "certificates/waiting 12 (3)"));
    // No answer for a long while, but no error either: said as slow, the figures still there.
    FloorBoard quiet(settings());
    quiet.apply_overview(sample_overview(), t0);
    const FloorTerminal waiting(quiet, port, "en");
    const View late = waiting.view(ui.translator(), t0 + 45s);
    CHECK(ui.shows(late, "warning: The server is slow to answer. These figures are from 10:20:00, 45 s ago."));
    CHECK(ui.shows(late, "tax/waiting 2"));
}

TEST_CASE("floor overview: before the first answer, and a terminal the server refuses") {
    HeadlessUi ui;
    FloorBoard board(settings());
    RecordingFloorPort port;
    const FloorTerminal terminal(board, port, "en");
    CHECK(ui.shows(terminal.view(ui.translator(), t0), "Asking the server…"));
    board.apply_overview(fail(FloorProblem::refused, "403"), t0);
    const View view = terminal.view(ui.translator(), t0);
    CHECK(ui.shows(view,
                   "warning: The server refuses this terminal: it needs a floor certificate of this site. Trying "
                   "again…"));
    CHECK_FALSE(ui.shows(view, "Service"));
}

TEST_CASE("floor statistics: per service and per counter, and the CSV saved") {
    HeadlessUi ui;
    FloorBoard board(settings());
    board.apply_overview(sample_overview(), t0);
    RecordingFloorPort port;
    FloorTerminal terminal(board, port, "en");
    const Intents pages = ui.press(terminal.view(ui.translator(), t0), "Today's statistics");
    REQUIRE(pages.size() == 1);
    terminal.apply(pages[0], t0);
    CHECK(port.loads == 1);
    CHECK(ui.shows(terminal.view(ui.translator(), t0), "Loading today's statistics…"));
    // Nothing to save yet: the button does nothing.
    CHECK(ui.press(terminal.view(ui.translator(), t0), "Save as CSV").empty());

    board.apply_statistics(sample_statistics(), t0);
    const View view = terminal.view(ui.translator(), t0 + 1s);
    CHECK(ui.shows(view, "Statistics for 2026-11-26"));
    CHECK(ui.shows(view, "certificates/service Certificates"));
    CHECK(ui.shows(view, "certificates/issued 5"));
    CHECK(ui.shows(view, "certificates/done 3"));
    CHECK(ui.shows(view, "certificates/no_show 1"));
    CHECK(ui.shows(view, "certificates/wait_p50 9 min"));
    CHECK(ui.shows(view, "certificates/wait_p90 15 min"));
    CHECK(ui.shows(view, "certificates/visit_mean 5.0 min"));
    // A service with no ticket today still has its row, in the catalog's order.
    CHECK(ui.shows(view, "tax/issued 0"));
    CHECK(ui.shows(view, "tax/wait_p50 -"));
    CHECK(ui.shows(view, "total/service All services"));
    CHECK(ui.shows(view, "total/issued 5"));
    CHECK(ui.shows(view, "counter 3/counter 3"));
    CHECK(ui.shows(view, "counter 3/called 4"));
    CHECK(ui.shows(view, "counter 3/visit_mean 5.0 min"));

    const Intents save = ui.press(view, "Save as CSV");
    REQUIRE(save.size() == 1);
    terminal.apply(save[0], t0);
    REQUIRE(port.saved == std::vector<std::string>{"2026-11-26"});
    CHECK(ui.shows(terminal.view(ui.translator(), t0), "Saving the CSV…"));
    board.apply_csv(std::filesystem::path("/var/lib/madoguchi/reports/madoguchi-chuo-2026-11-26.csv"));
    CHECK(ui.shows(terminal.view(ui.translator(), t0),
                   "Saved to /var/lib/madoguchi/reports/madoguchi-chuo-2026-11-26.csv"));
    board.csv_requested();
    board.apply_csv(fail(FloorProblem::write_failed, "read-only"));
    CHECK(ui.shows(terminal.view(ui.translator(), t0),
                   "warning: The file could not be written. The CSV was not saved."));
}

TEST_CASE("floor statistics: kept through a failed refresh, in Japanese") {
    HeadlessUi ui;
    FloorBoard board(settings());
    board.apply_statistics(sample_statistics(), t0);
    RecordingFloorPort port;
    FloorTerminal terminal(board, port, "ja");
    terminal.apply(intent::ShowFloorStatistics{}, t0);
    board.apply_statistics(fail(FloorProblem::server_away, "down"), t0 + 5s);
    const View view = terminal.view(ui.translator(), t0 + 125s);
    ui.frame(view);
    ui.rebuild_fonts();
    CHECK(ui.shows(view, "warning: サーバーから応答がありません。表示は2分前の統計です。"));
    // No overview yet: the service shows under its id.
    CHECK(ui.shows(view, "certificates/service certificates"));
    CHECK(ui.shows(view, "certificates/wait_p50 9分"));
    CHECK(ui.shows(view, "counter 3/no_show 1"));
    // Pressing the page shown asks again.
    const Intents again = ui.press(view, "更新");
    REQUIRE(again.size() == 1);
    terminal.apply(again[0], t0);
    CHECK(port.loads == 2);
}

TEST_CASE("the floor's wording of times") {
    CHECK(screens::floor::tokyo_clock(k_server_ms) == "10:20:00");
    CHECK(screens::floor::tokyo_clock(0) == "09:00:00");
    CHECK(screens::floor::tokyo_clock(15 * 3600 * 1000) == "00:00:00");
}

TEST_CASE("floor kiosks: each kiosk's printer, card reader and sync; the quiet and the stopped marked") {
    HeadlessUi ui;
    FloorBoard board(settings());
    board.apply_overview(sample_overview(), t0);
    board.apply_kiosks(
        SiteKiosks{"chuo",
                   180,
                   {KioskReport{"kiosk-01", PrinterHealth::paper_near_end, CardReaderHealth::present, 0, k_server_ms,
                                k_server_ms, false},
                    KioskReport{"kiosk-02", PrinterHealth::paper_out, CardReaderHealth::absent, 3, std::nullopt,
                                k_server_ms - 20'000, false},
                    KioskReport{"kiosk-03", PrinterHealth::ready, CardReaderHealth::present, 2, std::nullopt,
                                k_server_ms - 7 * 60'000, true}}},
        t0);
    RecordingFloorPort port;
    FloorTerminal terminal(board, port, "ja");
    const Intents pages = ui.press(terminal.view(ui.translator(), t0), "キオスク");
    REQUIRE(pages.size() == 1);
    terminal.apply(pages[0], t0);
    CHECK(terminal.screen() == ScreenId::floor_kiosks);
    CHECK(port.refreshes == 1);

    const View view = terminal.view(ui.translator(), t0 + 1s);
    ui.frame(view);
    ui.rebuild_fonts();
    CHECK(ui.shows(view, "kiosk-01/printer 用紙残りわずか"));
    CHECK(ui.shows(view, "kiosk-01/sync オンライン"));
    CHECK(ui.shows(view, "kiosk-01/reported 10:20:00"));
    CHECK(ui.shows(view, "kiosk-02/printer 用紙切れ"));
    CHECK(ui.shows(view, "kiosk-02/card_reader 未接続"));
    CHECK(ui.shows(view, "kiosk-02/sync 送信待ち 3 件"));
    CHECK(ui.shows(view, "kiosk-03/reported 10:13:00"));
    CHECK(ui.shows(view, "キオスク 3 台、うち要対応 2 台。"));
    CHECK(ui.shows(view, "warning: kiosk-02：用紙切れ。整理券を印刷できません。"));
    CHECK(ui.shows(view, "warning: kiosk-03：7 分間報告がありません。電源が切れているか、ネットワークから切断されています。"));
    CHECK_FALSE(ui.shows(view, "warning: kiosk-01：用紙残りわずか。整理券を印刷できません。"));

    terminal.apply(intent::ChooseLanguage{"en"}, t0);
    const View english = terminal.view(ui.translator(), t0 + 1s);
    CHECK(ui.shows(english, "kiosk-01/printer Paper low"));
    CHECK(ui.shows(english, "kiosk-02/sync 3 items waiting to be sent"));
    CHECK(ui.shows(english, "Kiosks: 3. Needing attention: 2."));
    CHECK(ui.shows(english, "warning: kiosk-02: Out of paper: tickets cannot be printed."));
    CHECK(ui.shows(english, "warning: kiosk-03: no report for 7 min: off or cut off from the network."));
}

TEST_CASE("floor kiosks: the list kept with its age when the server goes away; none reported yet") {
    HeadlessUi ui;
    FloorBoard board(settings());
    RecordingFloorPort port;
    FloorTerminal terminal(board, port, "en");
    terminal.apply(intent::ShowFloorKiosks{}, t0);
    CHECK(ui.shows(terminal.view(ui.translator(), t0), "Asking the server…"));
    board.apply_kiosks(SiteKiosks{"chuo", 180, {}}, t0);
    CHECK(ui.shows(terminal.view(ui.translator(), t0), "No kiosk has reported yet."));
    board.apply_kiosks(SiteKiosks{"chuo",
                                  180,
                                  {KioskReport{"kiosk-01", PrinterHealth::ready, CardReaderHealth::present, 0,
                                               std::nullopt, k_server_ms, false}}},
                       t0 + 5s);
    board.apply_kiosks(fail(FloorProblem::server_away, "refused"), t0 + 15s);
    const View view = terminal.view(ui.translator(), t0 + 125s);
    CHECK(ui.shows(view, "warning: No answer from the server. These reports are from 2 min ago."));
    CHECK(ui.shows(view, "kiosk-01/printer Ready"));
    // Without an overview the server's clock is unknown: the silence is told by its last report.
    FloorBoard blind(settings());
    blind.apply_kiosks(SiteKiosks{"chuo",
                                  180,
                                  {KioskReport{"kiosk-09", PrinterHealth::ready, CardReaderHealth::present, 0,
                                               std::nullopt, k_server_ms, true}}},
                       t0);
    FloorTerminal blind_terminal(blind, port, "en");
    blind_terminal.apply(intent::ShowFloorKiosks{}, t0);
    CHECK(ui.shows(blind_terminal.view(ui.translator(), t0),
                   "warning: kiosk-09: no report since 10:20:00: off or cut off from the network."));
}

TEST_CASE("floor assisted session: no button without the citizen devices, and before the log-in it leads there") {
    HeadlessUi ui;
    FloorBoard board(settings());
    board.apply_overview(sample_overview(), t0);
    RecordingFloorPort port;
    MainQueue queue;
    // A server nothing answers at: nobody can log in, as on a console before its staff do.
    FloorTicketDesk desk(ServerEndpoint{"https://127.0.0.1:9", "/nonexistent/ca.crt", "/nonexistent/t.crt",
                                        "/nonexistent/t.key"},
                         queue, {});

    SUBCASE("a console without the devices: no button, and the intent changes nothing") {
        FloorTerminal terminal(board, port, "en", &desk);
        const View view = terminal.view(ui.translator(), t0 + 1s);
        CHECK(view.floor_assist == FloorAssist::not_offered);
        CHECK_FALSE(ui.shows(view, "Start assisted session"));
        terminal.apply(intent::StartAssistedSession{}, t0);
        CHECK(terminal.view(ui.translator(), t0 + 1s).screen == ScreenId::floor_overview);
    }

    SUBCASE("a tablet with them, nobody logged in: the button opens the log-in and the session stays shut") {
        SessionSettings assisted;
        assisted.assisted = true;
        Session session(assisted, t0);
        FloorTerminal terminal(board, port, "en", &desk, &session);
        const View view = terminal.view(ui.translator(), t0 + 1s);
        CHECK(view.floor_assist == FloorAssist::log_in_first);
        CHECK(ui.shows(view, "An assisted session needs a staff member logged in on the Tickets page."));
        const Intents pressed = ui.press(view, "Start assisted session");
        REQUIRE(pressed.size() == 1);
        CHECK(std::holds_alternative<intent::ShowFloorTickets>(pressed[0]));
        terminal.apply(intent::StartAssistedSession{}, t0);
        CHECK_FALSE(terminal.assisting());
        CHECK_FALSE(session.in_session());
        terminal.apply(pressed[0], t0);
        CHECK(terminal.view(ui.translator(), t0 + 1s).screen == ScreenId::counter_login);
    }
}

TEST_CASE("floor assisted session: a logged-in manager's button starts it, in Japanese and in English") {
    HeadlessUi ui;
    FloorBoard board(settings());
    board.apply_overview(sample_overview(), t0);
    View view;
    view.screen = ScreenId::floor_overview;
    view.translator = &ui.translator();
    view.languages = ui.translator().languages();
    view.floor = &board;
    view.now = t0 + 1s;
    view.floor_assist = FloorAssist::ready;
    view.language = "ja";
    ui.frame(view);
    ui.rebuild_fonts();
    CHECK_FALSE(ui.shows(view, "支援受付は、整理券ページで職員がログインしてから始められます。"));
    const Intents pressed = ui.press(view, "支援受付を始める");
    REQUIRE(pressed.size() == 1);
    CHECK(std::holds_alternative<intent::StartAssistedSession>(pressed[0]));
    // The overview's table is still all there under the extra row.
    CHECK(ui.shows(view, "moving/waiting 0"));
    view.language = "en";
    CHECK(ui.press(view, "Start assisted session").size() == 1);
}
