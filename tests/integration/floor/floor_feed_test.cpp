// The floor console against the real server process, over its own mTLS client and worker
// thread, answers through the main queue as in the app: a kiosk issues and reports its health, a
// counter calls and finishes, and the overview, the kiosks' list, the day's statistics and the
// saved CSV show it; when the server
// goes away the figures stay, marked; a terminal the server refuses is told so.
#include <doctest/doctest.h>
#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/ui_pump.hpp"
#include "kiosk/floor_board.hpp"
#include "kiosk/floor_feed.hpp"
#include "kiosk/health_reporter.hpp"
#include "kiosk/log.hpp"
#include "kiosk/queue_feed.hpp"
#include "tests/server/support.hpp"

using namespace madoguchi;
using madoguchi::server::test::Backend;
using madoguchi::server::test::ServerProcess;
using madoguchi::server::test::TempDir;
using namespace std::chrono_literals;

namespace {

ServerEndpoint terminal_endpoint(ServerProcess& server, const std::string& role, const std::string& name) {
    REQUIRE(server::test::run_server_binary("pki issue-terminal --dir " + server.pki_dir().string() + " --role " +
                                            role + " --site chuo --name " + name) == 0);
    return ServerEndpoint{"https://127.0.0.1:" + std::to_string(server.port()), server.pki_dir() / "ca.crt",
                          server.pki_dir() / "terminals" / (name + ".crt"),
                          server.pki_dir() / "terminals" / (name + ".key")};
}

// The console process's UI side: the board, fed by the feed through the main queue.
struct Console : madoguchi::testing::UiPump {
    FloorBoard board;
    std::unique_ptr<FloorFeed> feed;

    Console(const ServerEndpoint& endpoint, const FloorSettings& settings) : board(settings) {
        FloorFeedHandlers handlers;
        handlers.overview = [this](Result<SiteOverview, FloorProblem> answer) {
            board.apply_overview(std::move(answer), Clock::now());
        };
        handlers.kiosks = [this](Result<SiteKiosks, FloorProblem> answer) {
            board.apply_kiosks(std::move(answer), Clock::now());
        };
        handlers.statistics = [this](Result<DayStatistics, FloorProblem> answer) {
            board.apply_statistics(std::move(answer), Clock::now());
        };
        handlers.csv = [this](Result<std::filesystem::path, FloorProblem> answer) { board.apply_csv(std::move(answer)); };
        feed = std::make_unique<FloorFeed>(endpoint, settings, queue, std::move(handlers));
    }
    ~Console() { feed.reset(); }


    const ServiceOverview* service(const std::string& id) const {
        if (!board.overview().value) {
            return nullptr;
        }
        for (const ServiceOverview& entry : board.overview().value->services) {
            if (entry.service == id) {
                return &entry;
            }
        }
        return nullptr;
    }

    const KioskReport* kiosk(const std::string& name) const {
        if (!board.kiosks().value) {
            return nullptr;
        }
        for (const KioskReport& entry : board.kiosks().value->kiosks) {
            if (entry.terminal == name) {
                return &entry;
            }
        }
        return nullptr;
    }
};

FloorSettings settings_in(const TempDir& dir, std::chrono::seconds refresh = 10s) {
    FloorSettings settings;
    settings.site = "chuo";
    settings.refresh = refresh;
    settings.reports = dir.path() / "reports";
    return settings;
}

void issue(httplib::SSLClient& kiosk, const std::string& key, const std::string& body) {
    const auto reply = server::test::issue(kiosk, key, body);
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 201, reply->body);
}

void counter_action(httplib::SSLClient& counter, const std::string& action) {
    const auto reply = server::test::counter_post(counter, "c1", action);
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 200, reply->body);
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("the floor console shows what kiosks and counters did: overview, kiosks, statistics, CSV") {
    log::set_min_level(log::Level::warn);
    server::test::on_each_server([](ServerProcess& server) {
        TempDir dir;
        auto kiosk = server.client("kiosk", "chuo", "kiosk-1");
        auto counter = server.client("counter", "chuo", "counter-1");
        issue(*kiosk, "f-1", R"({"service": "tax"})");
        counter_action(*counter, "call-next");
        counter_action(*counter, "finish");
        issue(*kiosk, "f-2", R"({"service": "tax"})");
        issue(*kiosk, "f-3", R"({"service": "tax", "priority": true})");

        // A floor certificate, no staff log-in: the overview is for the floor to read.
        Console console(terminal_endpoint(server, "floor", "floor-1"), settings_in(dir, 2s));
        REQUIRE(console.pump_until([&] { return console.board.overview().value.has_value(); }));
        CHECK(console.board.overview().problem == FloorProblem::none);
        CHECK(console.board.overview().value->services.size() == 7);
        const ServiceOverview* tax = console.service("tax");
        REQUIRE(tax != nullptr);
        CHECK(tax->waiting == 2);
        CHECK(tax->priority_waiting == 1);
        CHECK(tax->counters_open == doctest::Approx(1.0));
        CHECK(tax->counters_free == 1);
        CHECK(tax->estimated_wait_minutes.has_value());
        CHECK(tax->name_ja == "住民税・税証明");
        CHECK(tax->name_en == "Resident tax and tax certificates");
        CHECK(console.board.service_name("tax", "en") == "Resident tax and tax certificates");

        // The counter calls the next one: the periodic refresh brings it without being asked.
        counter_action(*counter, "call-next");
        REQUIRE(console.pump_until([&] {
            const ServiceOverview* now = console.service("tax");
            return now != nullptr && now->waiting == 1;
        }));
        CHECK(console.service("tax")->counters_free == 0);

        // The kiosk reports its printer low on paper, in the body its health reporter sends.
        REQUIRE(console.pump_until([&] { return console.board.kiosks().value.has_value(); }));
        CHECK(console.board.kiosks().value->kiosks.empty());
        const KioskHealth health{PrinterHealth::paper_near_end, CardReaderHealth::present, 2, std::nullopt};
        const auto reported =
            kiosk->Post("/api/v1/terminals/self/health", health_report_body(health), "application/json");
        REQUIRE(reported);
        REQUIRE_MESSAGE(reported->status == 200, reported->body);
        REQUIRE(console.pump_until([&] { return console.kiosk("kiosk-1") != nullptr; }));
        const KioskReport& reporting = *console.kiosk("kiosk-1");
        CHECK(reporting.printer == PrinterHealth::paper_near_end);
        CHECK(reporting.card_reader == CardReaderHealth::present);
        CHECK(reporting.outbox_pending == 2);
        CHECK_FALSE(reporting.last_delivery_at_ms.has_value());
        CHECK_FALSE(reporting.stale);
        CHECK(kiosk_alert(reporting) == KioskAlert::none);
        CHECK(console.board.kiosks().value->stale_after_seconds == 180);
        CHECK(*console.board.silent_for(reporting, Clock::now()) < std::chrono::minutes(1));

        console.board.statistics_requested();
        console.feed->load_statistics();
        REQUIRE(console.pump_until([&] { return !console.board.statistics().pending; }));
        REQUIRE_MESSAGE(console.board.statistics().value.has_value(),
                        "statistics problem " << static_cast<int>(console.board.statistics().problem));
        const DayStatistics& day = *console.board.statistics().value;
        CHECK(day.site == "chuo");
        CHECK(is_day(day.date));
        const DayFigures& tax_day = day.services.at("tax");
        CHECK(tax_day.count("issued") == 3);
        CHECK(tax_day.count("called") == 2);
        CHECK(tax_day.count("done") == 1);
        CHECK(tax_day.wait.count == 2);
        CHECK(tax_day.visit.count == 1);
        CHECK(day.counters.at("c1").count("called") == 2);
        CHECK(day.total.count("issued") == 3);

        console.board.csv_requested();
        console.feed->save_statistics_csv(day.date);
        REQUIRE(console.pump_until([&] { return !console.board.csv().pending; }));
        REQUIRE(console.board.csv().value.has_value());
        const std::filesystem::path saved = *console.board.csv().value;
        CHECK(saved == dir.path() / "reports" / ("madoguchi-chuo-" + day.date + ".csv"));
        const std::string csv = read_text(saved);
        CHECK(csv.starts_with("scope,id,issued,called,done,no_show,transferred,cancelled,"));
        CHECK(csv.find("service,tax,3,2,1,0,0,0,") != std::string::npos);
        CHECK(csv.find("counter,c1,0,2,1,") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(saved.string() + ".part"));
    });
}

TEST_CASE("the server goes away: the console keeps its figures, marks them, and saves nothing") {
    log::set_min_level(log::Level::error);
    TempDir dir;
    auto server = std::make_unique<ServerProcess>(Backend::sqlite);
    auto kiosk = server->client("kiosk", "chuo", "kiosk-1");
    issue(*kiosk, "a-1", R"({"service": "moving"})");
    Console console(terminal_endpoint(*server, "floor", "floor-1"), settings_in(dir));
    REQUIRE(console.pump_until(
        [&] { return console.board.overview().value.has_value() && console.board.kiosks().value.has_value(); }));
    console.board.statistics_requested();
    console.feed->load_statistics();
    REQUIRE(console.pump_until([&] { return console.board.statistics().value.has_value(); }));
    const std::string date = console.board.statistics().value->date;

    kiosk.reset();
    server.reset();
    console.feed->refresh_overview();
    REQUIRE(console.pump_until([&] { return console.board.overview().problem != FloorProblem::none; }));
    CHECK(console.board.overview().problem == FloorProblem::server_away);
    REQUIRE(console.board.overview().value.has_value());
    CHECK(console.service("moving")->waiting == 1);
    CHECK(console.board.overview_stale(Clock::now()));
    REQUIRE(console.pump_until([&] { return console.board.kiosks().problem != FloorProblem::none; }));
    CHECK(console.board.kiosks().problem == FloorProblem::server_away);
    CHECK(console.board.kiosks().value.has_value());

    console.board.statistics_requested();
    console.feed->load_statistics();
    REQUIRE(console.pump_until([&] { return !console.board.statistics().pending; }));
    CHECK(console.board.statistics().problem == FloorProblem::server_away);
    CHECK(console.board.statistics().value->services.at("moving").count("issued") == 1);

    console.board.csv_requested();
    console.feed->save_statistics_csv(date);
    REQUIRE(console.pump_until([&] { return !console.board.csv().pending; }));
    CHECK(console.board.csv().problem == FloorProblem::server_away);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "reports"));
}

TEST_CASE("a terminal the server does not let read the overview is told so, with nothing shown") {
    log::set_min_level(log::Level::error);
    TempDir dir;
    ServerProcess server(Backend::sqlite);
    Console console(terminal_endpoint(server, "display", "display-1"), settings_in(dir));
    REQUIRE(console.pump_until([&] { return console.board.overview().problem != FloorProblem::none; }));
    CHECK(console.board.overview().problem == FloorProblem::refused);
    CHECK_FALSE(console.board.overview().value.has_value());
    REQUIRE(console.pump_until([&] { return console.board.kiosks().problem != FloorProblem::none; }));
    CHECK(console.board.kiosks().problem == FloorProblem::refused);
    CHECK_FALSE(console.board.kiosks().value.has_value());

    // Missing certificate files are the terminal's own setup fault, not the server's.
    ServerEndpoint broken = terminal_endpoint(server, "floor", "floor-2");
    broken.certificate = dir.path() / "missing.crt";
    Console misconfigured(broken, settings_in(dir));
    REQUIRE(misconfigured.pump_until([&] { return misconfigured.board.overview().problem != FloorProblem::none; }));
    CHECK(misconfigured.board.overview().problem == FloorProblem::bad_setup);
}

TEST_CASE("a kiosk's report shows on the floor when it is made, not at the next refresh") {
    log::set_min_level(log::Level::warn);
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    const ServerEndpoint endpoint = terminal_endpoint(server, "floor", "floor-1");
    // A refresh period far longer than the test: only the site's event can bring the report.
    Console console(endpoint, settings_in(dir, 300s));
    bool events_open = false;
    QueueFeedHandlers handlers;
    handlers.snapshot = [](QueueSnapshot) {};
    handlers.ticket = [](QueueTicket) {};
    handlers.connection = [&events_open](bool connected) { events_open = connected; };
    // As run_floor wires it: a kiosk's health event asks the feed for the kiosks now.
    handlers.terminal = [&console] { console.feed->refresh_overview(); };
    QueueFeed events(endpoint, "chuo", console.queue, std::move(handlers));
    REQUIRE(console.pump_until([&] { return events_open && console.board.kiosks().value.has_value(); }));
    CHECK(console.kiosk("kiosk-1") == nullptr);

    // The kiosk's printer was pulled out: its ticket worker reports at once (hot-plug).
    auto kiosk = server.client("kiosk", "chuo", "kiosk-1");
    const KioskHealth unplugged{PrinterHealth::no_printer, CardReaderHealth::present, 0, std::nullopt};
    const auto reported = kiosk->Post("/api/v1/terminals/self/health", health_report_body(unplugged), "application/json");
    REQUIRE(reported);
    REQUIRE_MESSAGE(reported->status == 200, reported->body);
    REQUIRE(console.pump_until([&] { return console.kiosk("kiosk-1") != nullptr; }));
    CHECK(console.kiosk("kiosk-1")->printer == PrinterHealth::no_printer);
    CHECK(kiosk_alert(*console.kiosk("kiosk-1")) != KioskAlert::none);

    // Plugged back in: ready again, by the same path.
    const KioskHealth back{PrinterHealth::ready, CardReaderHealth::present, 0, std::nullopt};
    REQUIRE(kiosk->Post("/api/v1/terminals/self/health", health_report_body(back), "application/json")->status == 200);
    REQUIRE(console.pump_until([&] { return console.kiosk("kiosk-1")->printer == PrinterHealth::ready; }));
}
