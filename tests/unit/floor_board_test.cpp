// What the floor console shows between answers: the last good figures and kiosks' list kept
// through failures, how old they are, when they count as stale, which kiosks are marked, and the
// console's pages and requests.
#include <doctest/doctest.h>

#include "kiosk/floor_board.hpp"
#include "kiosk/terminal_model.hpp"

using namespace madoguchi;
using namespace std::chrono_literals;

namespace {

const Clock::time_point t0 = Clock::time_point{} + 1h;

SiteOverview overview_with(std::int64_t waiting, std::int64_t longest_ms) {
    ServiceOverview certificates;
    certificates.service = "certificates";
    certificates.name_ja = "住民票";
    certificates.name_en = "Certificates";
    certificates.waiting = waiting;
    certificates.longest_wait_ms = longest_ms;
    return SiteOverview{"chuo", 1764120000000, {certificates}};
}

FloorSettings settings() {
    FloorSettings settings;
    settings.site = "chuo";
    settings.refresh = 10s;
    settings.long_wait = 30min;
    return settings;
}

KioskReport kiosk(std::string name, PrinterHealth printer, std::int64_t reported_at_ms, bool stale) {
    return KioskReport{std::move(name), printer, CardReaderHealth::present, 0, std::nullopt, reported_at_ms, stale};
}

class RecordingFloorPort final : public FloorPort {
public:
    void refresh_overview() override { ++refreshes; }
    void load_statistics() override { ++loads; }
    void save_statistics_csv(std::string date) override { saved.push_back(std::move(date)); }

    int refreshes = 0;
    int loads = 0;
    std::vector<std::string> saved;
};

}  // namespace

TEST_CASE("before the first answer there is nothing to show and nothing stale") {
    const FloorBoard board(settings());
    CHECK_FALSE(board.overview().value.has_value());
    CHECK_FALSE(board.overview_stale(t0));
    CHECK_FALSE(board.overview_age(t0).has_value());
    CHECK_FALSE(board.next_deadline(t0).has_value());
}

TEST_CASE("a failed refresh keeps the last figures, says why and how old they are") {
    FloorBoard board(settings());
    board.apply_overview(overview_with(4, 60000), t0);
    CHECK_FALSE(board.overview_stale(t0 + 5s));
    CHECK(board.overview().problem == FloorProblem::none);

    board.apply_overview(fail(FloorProblem::server_away, "connection refused"), t0 + 10s);
    REQUIRE(board.overview().value.has_value());
    CHECK(board.overview().value->services.at(0).waiting == 4);
    CHECK(board.overview().problem == FloorProblem::server_away);
    CHECK(board.overview_stale(t0 + 10s));
    CHECK(*board.overview_age(t0 + 130s) == 130s);

    // A bad body is one more failure: the figures still stay.
    board.apply_overview(fail(FloorProblem::unreadable, "not json"), t0 + 20s);
    CHECK(board.overview().value->services.at(0).waiting == 4);
    CHECK(board.overview().problem == FloorProblem::unreadable);

    // The next good answer replaces them and clears the mark.
    board.apply_overview(overview_with(2, 30000), t0 + 30s);
    CHECK(board.overview().value->services.at(0).waiting == 2);
    CHECK(board.overview().problem == FloorProblem::none);
    CHECK_FALSE(board.overview_stale(t0 + 31s));
    CHECK(*board.overview_age(t0 + 31s) == 1s);
}

TEST_CASE("figures with no answer for three refresh periods are stale, even without an error") {
    FloorBoard board(settings());
    board.apply_overview(overview_with(4, 60000), t0);
    CHECK_FALSE(board.overview_stale(t0 + 30s));
    CHECK(board.overview_stale(t0 + 30s + 1ms));
    // A slow refresh is never shorter than 30 s of grace.
    FloorSettings fast = settings();
    fast.refresh = 2s;
    FloorBoard quick(fast);
    quick.apply_overview(overview_with(1, 0), t0);
    CHECK_FALSE(quick.overview_stale(t0 + 29s));
    CHECK(quick.overview_stale(t0 + 31s));
}

TEST_CASE("the screen is redrawn when the figures turn stale and as their age changes") {
    FloorBoard board(settings());
    board.apply_overview(overview_with(4, 60000), t0);
    const auto turning = board.next_deadline(t0 + 1s);
    REQUIRE(turning.has_value());
    CHECK(board.overview_stale(*turning));
    CHECK_FALSE(board.overview_stale(*turning - 2ms));

    board.apply_overview(fail(FloorProblem::server_away, "down"), t0 + 10s);
    // Seconds are shown in the first minute, minutes after.
    CHECK(*board.next_deadline(t0 + 10s + 300ms) == t0 + 11s);
    CHECK(*board.next_deadline(t0 + 59s) == t0 + 60s);
    CHECK(*board.next_deadline(t0 + 61s) == t0 + 120s);
    CHECK(*board.next_deadline(t0 + 121s) == t0 + 180s);
}

TEST_CASE("a long wait is marked from the configured minutes on") {
    const FloorBoard board(settings());
    CHECK_FALSE(board.long_wait(overview_with(3, 29 * 60'000).services[0]));
    CHECK(board.long_wait(overview_with(3, 30 * 60'000).services[0]));
    CHECK_FALSE(board.long_wait(overview_with(0, 45 * 60'000).services[0]));
}

TEST_CASE("service names come from the overview in the chosen language, else the id") {
    FloorBoard board(settings());
    CHECK(board.service_name("certificates", "ja") == "certificates");
    board.apply_overview(overview_with(1, 0), t0);
    CHECK(board.service_name("certificates", "ja") == "住民票");
    CHECK(board.service_name("certificates", "en") == "Certificates");
    CHECK(board.service_name("tax", "en") == "tax");
}

TEST_CASE("statistics and the CSV keep their last result through a failure") {
    FloorBoard board(settings());
    board.statistics_requested();
    CHECK(board.statistics().pending);
    DayStatistics day;
    day.site = "chuo";
    day.date = "2026-11-26";
    board.apply_statistics(day, t0);
    CHECK_FALSE(board.statistics().pending);
    board.statistics_requested();
    board.apply_statistics(fail(FloorProblem::server_fault, "500"), t0 + 5s);
    REQUIRE(board.statistics().value.has_value());
    CHECK(board.statistics().value->date == "2026-11-26");
    CHECK(board.statistics().problem == FloorProblem::server_fault);

    board.csv_requested();
    CHECK(board.csv().pending);
    board.apply_csv(fail(FloorProblem::write_failed, "read-only"));
    CHECK(board.csv().problem == FloorProblem::write_failed);
    CHECK_FALSE(board.csv().value.has_value());
    board.csv_requested();
    CHECK(board.csv().problem == FloorProblem::none);
    board.apply_csv(std::filesystem::path("/tmp/x.csv"));
    CHECK(*board.csv().value == "/tmp/x.csv");
}

TEST_CASE("the floor terminal: pages, language, and what it asks of the server") {
    FloorBoard board(settings());
    RecordingFloorPort port;
    FloorTerminal terminal(board, port, "ja");
    CHECK(terminal.screen() == ScreenId::floor_overview);

    // Nothing to save before the statistics are there.
    terminal.apply(intent::SaveFloorStatistics{}, t0);
    CHECK(port.saved.empty());

    terminal.apply(intent::ShowFloorStatistics{}, t0);
    CHECK(terminal.screen() == ScreenId::floor_statistics);
    CHECK(port.loads == 1);
    CHECK(board.statistics().pending);
    DayStatistics day;
    day.site = "chuo";
    day.date = "2026-11-26";
    board.apply_statistics(day, t0);

    terminal.apply(intent::SaveFloorStatistics{}, t0);
    REQUIRE(port.saved.size() == 1);
    CHECK(port.saved[0] == "2026-11-26");
    // Pressed again while the first save is under way: one file, not two.
    terminal.apply(intent::SaveFloorStatistics{}, t0);
    CHECK(port.saved.size() == 1);

    terminal.apply(intent::ChooseLanguage{"en"}, t0);
    const Translator translator;
    const View view = terminal.view(translator, t0);
    CHECK(view.language == "en");
    CHECK(view.floor == &board);
    CHECK(view.screen == ScreenId::floor_statistics);
    terminal.apply(intent::ShowFloorKiosks{}, t0);
    CHECK(terminal.screen() == ScreenId::floor_kiosks);
    CHECK(port.refreshes == 1);
    terminal.apply(intent::ShowFloorOverview{}, t0);
    CHECK(terminal.screen() == ScreenId::floor_overview);
    CHECK(port.refreshes == 2);
    // Kiosk intents mean nothing here.
    terminal.apply(intent::Start{}, t0);
    CHECK(terminal.screen() == ScreenId::floor_overview);
}

TEST_CASE("the kiosks' list is kept through a failed refresh, marked stale with its age") {
    FloorBoard board(settings());
    CHECK_FALSE(board.kiosks_stale(t0));
    CHECK_FALSE(board.kiosks_age(t0).has_value());
    board.apply_kiosks(SiteKiosks{"chuo", 180, {kiosk("kiosk-01", PrinterHealth::paper_near_end, 1, false)}}, t0);
    CHECK_FALSE(board.kiosks_stale(t0 + 5s));
    board.apply_kiosks(fail(FloorProblem::server_away, "connection refused"), t0 + 10s);
    REQUIRE(board.kiosks().value.has_value());
    CHECK(board.kiosks().value->kiosks.at(0).printer == PrinterHealth::paper_near_end);
    CHECK(board.kiosks().problem == FloorProblem::server_away);
    CHECK(board.kiosks_stale(t0 + 10s));
    CHECK(*board.kiosks_age(t0 + 75s) == 75s);
    // The overview is not touched by the kiosks' failure.
    CHECK_FALSE(board.overview_stale(t0 + 10s));

    board.apply_kiosks(SiteKiosks{"chuo", 180, {}}, t0 + 20s);
    CHECK_FALSE(board.kiosks_stale(t0 + 20s));
    CHECK(board.kiosks().value->kiosks.empty());
    // No answer for longer than three refreshes (30 s at least) is stale too.
    CHECK(board.kiosks_stale(t0 + 51s));
}

TEST_CASE("a kiosk is marked when it went quiet or its printer cannot print, not for paper low") {
    CHECK(kiosk_alert(kiosk("k", PrinterHealth::ready, 1, false)) == KioskAlert::none);
    CHECK(kiosk_alert(kiosk("k", PrinterHealth::paper_near_end, 1, false)) == KioskAlert::none);
    for (const PrinterHealth stopped : {PrinterHealth::paper_out, PrinterHealth::cover_open, PrinterHealth::offline,
                                        PrinterHealth::error, PrinterHealth::no_printer}) {
        CHECK(kiosk_alert(kiosk("k", stopped, 1, false)) == KioskAlert::printer_stopped);
    }
    // Silence comes first: what it last said about its printer may no longer hold.
    CHECK(kiosk_alert(kiosk("k", PrinterHealth::paper_out, 1, true)) == KioskAlert::silent);
}

TEST_CASE("how long a kiosk has been silent is told by the server's clock") {
    FloorBoard board(settings());
    const std::int64_t server_at = 1764120000000;
    const KioskReport quiet = kiosk("kiosk-05", PrinterHealth::ready, server_at - 7 * 60'000 - 30'000, true);
    CHECK_FALSE(board.silent_for(quiet, t0).has_value());
    board.apply_overview(overview_with(1, 0), t0);
    CHECK(*board.silent_for(quiet, t0) == 7min);
    CHECK(*board.silent_for(quiet, t0 + 40s) == 8min);
    // A report stamped after the overview's answer is not silent for a negative time.
    CHECK(*board.silent_for(kiosk("k", PrinterHealth::ready, server_at + 5'000, false), t0) == 0min);
}
