// The floor console's Tickets page against the real server process: a staff member logs in with
// the counter's log-in (a wrong password refused first), the console cancels a waiting ticket
// (the server's queue shows it cancelled, the event stream takes it off the list), a ticket a
// counter finished meanwhile is refused, and a reprint reaches a file printer: its ESC/POS drawn
// by escpos-render, its QR read by ZXing, the same signed URL the server gave at issue. A printer
// out of paper or absent is told as such. On a tablet with the kiosk's parts, a logged-in floor
// manager starts an assisted session: the kiosk's flow issues a ticket the server holds as
// assisted, and the session's end (finished or timed out) brings the console back, still logged in.
#include <doctest/doctest.h>
#include <httplib.h>

#include <array>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "kiosk/citizen_station.hpp"
#include "kiosk/config.hpp"
#include "kiosk/floor_feed.hpp"
#include "kiosk/floor_tickets.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/queue_feed.hpp"
#include "kiosk/terminal_model.hpp"
#include "kiosk/ticket_parts.hpp"
#include "tests/integration/printer/fake_printer.hpp"
#include "tests/integration/tickets/ticket_tools.hpp"
#include "tests/server/support.hpp"
#include "tests/support/ui_pump.hpp"

using namespace madoguchi;
using madoguchi::server::test::Backend;
using madoguchi::server::test::body_of;
using madoguchi::server::test::ServerProcess;
using madoguchi::server::test::TempDir;

namespace {

constexpr const char* k_staff = "4711";
constexpr const char* k_password = "floor-pass-4711";

// The floor terminal's configuration: its certificate and the receipt printer at `connection`.
TerminalConfig floor_config(ServerProcess& server, const TempDir& dir, const std::string& connection) {
    const auto terminals = server.pki_dir() / "terminals";
    const auto path = dir.path() / ("floor-" + std::to_string(std::hash<std::string>{}(connection)) + ".toml");
    std::ofstream(path) << "[terminal]\nsite = \"chuo\"\nrole = \"floor\"\n"
                        << "services = \"" MADOGUCHI_SOURCE_DIR "/assets/services.toml\"\n"
                        << "[server]\nurl = \"https://127.0.0.1:" << server.port() << "\"\n"
                        << "ca_certificate = \"" << (server.pki_dir() / "ca.crt").string() << "\"\n"
                        << "certificate = \"" << (terminals / "floor-1.crt").string() << "\"\n"
                        << "key = \"" << (terminals / "floor-1.key").string() << "\"\n"
                        << "[printer]\nconnection = \"" << connection << "\"\nprofile = \"epson_tm_t88\"\n";
    auto config = load_config(path);
    REQUIRE(config);
    return *config;
}

// The floor tablet of issue 7: the console's configuration plus the kiosk's parts (outbox and
// terminal key, a ticket printer at `connection`) and `[floor] assisted_sessions`. Its catalog
// keeps chuo open around the clock, so the session offers a ticket whenever the test runs.
TerminalConfig tablet_config(ServerProcess& server, const TempDir& dir, const std::string& connection) {
    const auto terminals = server.pki_dir() / "terminals";
    const auto catalog = dir.path() / "services.toml";
    std::ofstream(catalog) << "[services.certificates]\nband = \"A\"\nja = \"証明書\"\nen = \"Certificates\"\n"
                           << "[[sites]]\nid = \"chuo\"\nja = \"中央区役所\"\nen = \"Chuo Ward Office\"\n"
                           << "kind = \"ward_office\"\nweekday_hours = \"00:00-24:00\"\n"
                           << "saturday_hours = \"00:00-24:00\"\nsunday_hours = \"00:00-24:00\"\n"
                           << "sunday_openings = [1, 2, 3, 4, 5]\nservices = [\"certificates\"]\n";
    const auto key = dir.path() / "terminal.key";
    std::ofstream(key, std::ios::binary) << std::string(32, '\x2b');
    std::filesystem::permissions(key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const auto path = dir.path() / "tablet.toml";
    std::ofstream(path) << "[terminal]\nsite = \"chuo\"\nrole = \"floor\"\n"
                        << "services = \"" << catalog.string() << "\"\n"
                        << "[server]\nurl = \"https://127.0.0.1:" << server.port() << "\"\n"
                        << "ca_certificate = \"" << (server.pki_dir() / "ca.crt").string() << "\"\n"
                        << "certificate = \"" << (terminals / "floor-1.crt").string() << "\"\n"
                        << "key = \"" << (terminals / "floor-1.key").string() << "\"\n"
                        << "[storage]\noutbox = \"" << (dir.path() / "outbox.db").string() << "\"\n"
                        << "terminal_key = \"" << key.string() << "\"\n"
                        << "[tickets]\npriority = false\n"
                        << "[printer]\nconnection = \"" << connection << "\"\nprofile = \"epson_tm_t88\"\n"
                        << "[floor]\nassisted_sessions = true\n";
    auto config = load_config(path);
    REQUIRE(config);
    return *config;
}

// The console's UI side as run_floor wires it: the desk fed by the queue feed, the overview's
// feed and board, and the terminal model that turns the screens' intents into the desk's calls.
struct Console : testing::UiPump {
    FloorBoard board;
    std::unique_ptr<FloorFeed> overview;
    std::unique_ptr<FloorTicketDesk> desk;
    std::unique_ptr<QueueFeed> feed;
    std::unique_ptr<CitizenStation> station;
    std::unique_ptr<FloorTerminal> terminal;

    // With `translator`, the tablet's citizen side too, as run_floor builds it for
    // `[floor] assisted_sessions`.
    Console(const TerminalConfig& config, TicketReprinter reprinter, const Translator* translator = nullptr) {
        const ServerEndpoint endpoint{config.server_url, config.server_ca, config.terminal_certificate,
                                      config.terminal_certificate_key};
        FloorFeedHandlers overview_handlers;
        overview_handlers.overview = [this](Result<SiteOverview, FloorProblem> answer) {
            board.apply_overview(std::move(answer), Clock::now());
        };
        overview_handlers.kiosks = [](Result<SiteKiosks, FloorProblem>) {};
        overview_handlers.statistics = [](Result<DayStatistics, FloorProblem>) {};
        overview_handlers.csv = [](Result<std::filesystem::path, FloorProblem>) {};
        overview = std::make_unique<FloorFeed>(endpoint, FloorSettings{config.site}, queue, std::move(overview_handlers));
        desk = std::make_unique<FloorTicketDesk>(endpoint, queue, std::move(reprinter));
        QueueFeedHandlers handlers;
        handlers.snapshot = [this](QueueSnapshot snapshot) { desk->apply_snapshot(snapshot); };
        handlers.ticket = [this](QueueTicket ticket) { desk->apply_ticket(ticket); };
        handlers.connection = [this](bool connected) { desk->set_connected(connected); };
        feed = std::make_unique<QueueFeed>(endpoint, config.site, queue, std::move(handlers));
        if (translator != nullptr) {
            auto parts = load_ticket_parts(config);
            REQUIRE_MESSAGE(parts, (parts ? "" : parts.error()));
            SessionSettings settings = citizen_settings(config);
            settings.assisted = true;
            station = std::make_unique<CitizenStation>(queue, config, *translator, std::move(settings), nullptr,
                                                       std::move(*parts));
        }
        terminal = std::make_unique<FloorTerminal>(board, *overview, "ja", desk.get(),
                                                   station ? &station->session() : nullptr);
    }
    ~Console() {
        terminal.reset();
        station.reset();
        feed.reset();
        overview.reset();
        desk.reset();
    }

    void press(const Intent& intent) { terminal->apply(intent, Clock::now()); }

    void log_in(const std::string& staff, const std::string& password) {
        for (const char c : staff) {
            desk->type_staff_id(c);
        }
        for (const char c : password) {
            desk->type_password(c);
        }
        desk->log_in();
        REQUIRE(pump_until([&] { return !desk->waiting_for_server(); }));
    }

    FloorTicketOutcome act_and_wait(const std::function<void()>& act) {
        act();
        REQUIRE(pump_until([&] { return !desk->waiting_for_server() && desk->outcome().has_value(); }));
        return *desk->outcome();
    }
};

std::vector<std::uint8_t> file_bytes(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), {}};
}

}  // namespace

TEST_CASE("floor staff log in, cancel a waiting ticket and reprint another with the server's signed QR") {
    ServerProcess server(Backend::sqlite);
    REQUIRE(server::test::run_server_binary("pki issue-terminal --dir " + server.pki_dir().string() +
                                            " --role floor --site chuo --name floor-1") == 0);
    REQUIRE(server::test::run_server_binary("staff set-password --config " + server.config_path().string() + " --id " +
                                            k_staff + " --site chuo <<<'" + k_password + "'") == 0);
    TempDir dir;
    const auto printed = dir.path() / "printed.bin";
    const TerminalConfig config = floor_config(server, dir, "file:" + printed.string());
    const std::array<std::string, 2> languages{"ja", "en"};
    auto translator = Translator::load(MADOGUCHI_BINARY_DIR "/share/madoguchi/locale", languages);
    REQUIRE(translator);
    TicketReprinter reprinter = receipt_reprinter(config, *translator);
    REQUIRE(reprinter);

    auto kiosk = server.client("kiosk", "chuo", "kiosk-1");
    const auto first = body_of(server::test::issue(*kiosk, "f-1", R"({"service": "certificates"})"));
    const auto second = body_of(server::test::issue(*kiosk, "f-2", R"({"service": "certificates"})"));
    const std::string first_id = first["id"].get<std::string>();
    const std::string second_id = second["id"].get<std::string>();

    Console console(config, reprinter);
    REQUIRE(console.pump_until([&] { return console.desk->tickets().size() == 2; }));

    // Nothing is done for nobody: the desk acts only for a logged-in staff member.
    console.desk->cancel(first_id);
    CHECK_FALSE(console.desk->waiting_for_server());
    CHECK_FALSE(console.desk->outcome().has_value());

    console.log_in(k_staff, "not-the-password");
    CHECK_FALSE(console.desk->logged_in());
    CHECK(console.desk->login_notice() == CounterNotice::wrong_login);
    CHECK(console.desk->password_length() == 0);
    // The right password, typed on the log-in screen the Tickets page shows until then.
    console.press(intent::ShowFloorTickets{});
    CHECK(console.terminal->view(*translator, Clock::now()).screen == ScreenId::counter_login);
    console.press(intent::StaffField{true});
    console.press(intent::TypeText{k_password});
    console.press(intent::SubmitText{});
    REQUIRE(console.pump_until([&] { return !console.desk->waiting_for_server(); }));
    REQUIRE(console.desk->logged_in());
    CHECK(console.terminal->view(*translator, Clock::now()).screen == ScreenId::floor_tickets);

    SUBCASE("cancel through the Tickets page: asked first, then the server shows it cancelled") {
        console.press(intent::ShowFloorTickets{});
        console.press(intent::CancelTicket{first_id});
        // Only asked so far: nothing has gone to the server.
        CHECK_FALSE(console.desk->waiting_for_server());
        CHECK(body_of(kiosk->Get("/api/v1/sites/chuo/queue"))["waiting"].size() == 2);
        const FloorTicketOutcome cancelled = console.act_and_wait([&] { console.press(intent::ConfirmCancel{}); });
        CHECK(cancelled.action == FloorTicketAction::cancel);
        CHECK(cancelled.number == first["number"].get<std::string>());
        CHECK(cancelled.result == FloorTicketResult::done);
        const auto queue = body_of(kiosk->Get("/api/v1/sites/chuo/queue"));
        REQUIRE(queue["waiting"].size() == 1);
        CHECK(queue["waiting"][0]["id"] == second_id);
        CHECK(console.pump_until([&] { return console.desk->find(first_id) == nullptr; }));
        CHECK(server::test::run_server_binary("audit verify --config " + server.config_path().string()) == 0);
    }

    SUBCASE("cancel of a ticket a counter finished meanwhile is refused as already over") {
        const QueueSnapshot stale{console.desk->tickets(), {}};
        auto counter = server.client("counter", "chuo", "chuo-counter-1");
        REQUIRE(server::test::counter_post(*counter, "1", "call-next")->status == 200);
        REQUIRE(server::test::counter_post(*counter, "1", "finish")->status == 200);
        REQUIRE(console.pump_until([&] { return console.desk->find(first_id) == nullptr; }));
        // The list as it stood before the event came: staff pressed Cancel on what they saw.
        console.desk->apply_snapshot(stale);
        const FloorTicketOutcome refused = console.act_and_wait([&] { console.desk->cancel(first_id); });
        CHECK(refused.result == FloorTicketResult::already_over);
        const auto ticket_events = body_of(kiosk->Get("/api/v1/sites/chuo/queue"));
        CHECK(ticket_events["waiting"].size() == 1);
    }

    SUBCASE("reprint: the file printer's ticket carries the QR URL the server signed at issue") {
        const FloorTicketOutcome reprinted = console.act_and_wait([&] { console.desk->reprint(second_id, "en"); });
        CHECK(reprinted.action == FloorTicketAction::reprint);
        CHECK(reprinted.number == second["number"].get<std::string>());
        CHECK(reprinted.result == FloorTicketResult::done);
        const std::vector<std::uint8_t> job = file_bytes(printed);
        REQUIRE_FALSE(job.empty());
        const auto png = testing::tickets::render(job, dir, "epson_tm_t88");
        CHECK(testing::tickets::decode_qr(png) == second["qr_url"].get<std::string>());
        CHECK(server.log().find("ticket_reprinted") != std::string::npos);
        // The reprint changed nothing in the queue.
        CHECK(body_of(kiosk->Get("/api/v1/sites/chuo/queue"))["waiting"].size() == 2);
    }

    SUBCASE("log out: the session goes, and nothing more is done until someone logs in again") {
        console.desk->log_out();
        CHECK_FALSE(console.desk->logged_in());
        CHECK(console.desk->staff_id().empty());
        console.desk->cancel(first_id);
        CHECK_FALSE(console.desk->waiting_for_server());
        CHECK(body_of(kiosk->Get("/api/v1/sites/chuo/queue"))["waiting"].size() == 2);
    }
}

TEST_CASE("a reprint on a printer out of paper, or with no printer there, says so and nothing breaks") {
    ServerProcess server(Backend::sqlite);
    REQUIRE(server::test::run_server_binary("pki issue-terminal --dir " + server.pki_dir().string() +
                                            " --role floor --site chuo --name floor-1") == 0);
    REQUIRE(server::test::run_server_binary("staff set-password --config " + server.config_path().string() + " --id " +
                                            k_staff + " --site chuo <<<'" + k_password + "'") == 0);
    TempDir dir;
    const std::array<std::string, 2> languages{"ja", "en"};
    auto translator = Translator::load(MADOGUCHI_BINARY_DIR "/share/madoguchi/locale", languages);
    REQUIRE(translator);
    auto kiosk = server.client("kiosk", "chuo", "kiosk-1");
    const auto issued = body_of(server::test::issue(*kiosk, "p-1", R"({"service": "tax"})"));
    const std::string id = issued["id"].get<std::string>();

    printer::testing::FakeOptions paper_out;
    paper_out.status = printer::testing::k_paper_out;
    printer::testing::FakeTcpPrinter empty_printer(paper_out);
    const std::array cases{
        std::pair{"tcp://127.0.0.1:" + std::to_string(empty_printer.port()), FloorTicketResult::paper_out},
        std::pair{"tcp://127.0.0.1:" + std::to_string(printer::testing::closed_port()), FloorTicketResult::no_printer},
    };
    for (const auto& [connection, expected] : cases) {
        CAPTURE(connection);
        const TerminalConfig config = floor_config(server, dir, connection);
        Console console(config, receipt_reprinter(config, *translator));
        REQUIRE(console.pump_until([&] { return console.desk->find(id) != nullptr; }));
        console.log_in(k_staff, k_password);
        REQUIRE(console.desk->logged_in());
        const FloorTicketOutcome failed = console.act_and_wait([&] { console.desk->reprint(id, "ja"); });
        CHECK(failed.result == expected);
        // Still logged in, the ticket still listed and waiting: a failed print changes nothing.
        CHECK(console.desk->logged_in());
        CHECK(console.desk->find(id) != nullptr);
    }
    // Without a printer set up at all, nothing is asked of the server.
    const TerminalConfig config = floor_config(server, dir, "file:" + (dir.path() / "unused.bin").string());
    Console console(config, {});
    REQUIRE(console.pump_until([&] { return console.desk->find(id) != nullptr; }));
    console.log_in(k_staff, k_password);
    REQUIRE(console.desk->logged_in());
    console.desk->reprint(id, "ja");
    CHECK_FALSE(console.desk->waiting_for_server());
    REQUIRE(console.desk->outcome());
    CHECK(console.desk->outcome()->result == FloorTicketResult::no_printer);
    CHECK(body_of(kiosk->Get("/api/v1/sites/chuo/queue"))["waiting"].size() == 1);
}

TEST_CASE("a floor manager starts an assisted session on the tablet: its ticket is assisted, and the console comes back") {
    ServerProcess server(Backend::sqlite);
    REQUIRE(server::test::run_server_binary("pki issue-terminal --dir " + server.pki_dir().string() +
                                            " --role floor --site chuo --name floor-1") == 0);
    REQUIRE(server::test::run_server_binary("staff set-password --config " + server.config_path().string() + " --id " +
                                            k_staff + " --site chuo <<<'" + k_password + "'") == 0);
    TempDir dir;
    const auto printed = dir.path() / "ticket.bin";
    const TerminalConfig config = tablet_config(server, dir, "file:" + printed.string());
    const std::array<std::string, 2> languages{"ja", "en"};
    auto translator = Translator::load(MADOGUCHI_BINARY_DIR "/share/madoguchi/locale", languages);
    REQUIRE(translator);
    Console console(config, receipt_reprinter(config, *translator), &*translator);
    const auto view = [&] { return console.terminal->view(*translator, Clock::now()); };

    // Nobody logged in: the button leads to the log-in, and pressing Start does nothing.
    CHECK(view().floor_assist == FloorAssist::log_in_first);
    console.press(intent::StartAssistedSession{});
    CHECK_FALSE(console.terminal->assisting());
    CHECK(view().screen == ScreenId::floor_overview);

    console.log_in(k_staff, k_password);
    REQUIRE(console.desk->logged_in());
    console.press(intent::ShowFloorOverview{});
    CHECK(view().floor_assist == FloorAssist::ready);
    console.press(intent::StartAssistedSession{});
    REQUIRE(console.terminal->assisting());
    // The kiosk's flow from its menu, not the attract screen, marked assisted.
    CHECK(view().screen == ScreenId::menu);
    CHECK(view().assisted);
    console.press(intent::TakeTicket{});
    REQUIRE(view().screen == ScreenId::ticket_service);
    console.press(intent::ChooseService{"certificates"});
    REQUIRE(console.pump_until([&] { return view().screen != ScreenId::ticket_printing; }, std::chrono::seconds(60)));
    REQUIRE(view().screen == ScreenId::ticket_take);
    const std::string id = console.station->session().ticket()->id;
    auto display = server.client("display", "chuo", "display-1");
    const auto queue = body_of(display->Get("/api/v1/sites/chuo/queue"));
    REQUIRE(queue["waiting"].size() == 1);
    CHECK(queue["waiting"][0]["id"] == id);
    CHECK(queue["waiting"][0]["assisted"] == true);
    // The printed ticket's QR is the one the server signed for it.
    const auto png = testing::tickets::render(file_bytes(printed), dir, "epson_tm_t88");
    CHECK(testing::tickets::decode_qr(png).find(id) != std::string::npos);

    SUBCASE("the citizen finishes: the console is back, the staff member still logged in") {
        console.press(intent::TicketDone{});
        CHECK(view().screen == ScreenId::menu);
        console.press(intent::EndSession{});
        CHECK_FALSE(console.terminal->assisting());
        CHECK(view().screen == ScreenId::floor_overview);
        CHECK(console.desk->logged_in());
        CHECK(view().floor_assist == FloorAssist::ready);
        CHECK_FALSE(console.station->session().ticket().has_value());
    }

    SUBCASE("nobody touches the tablet: the idle timeout ends the session and brings the console back") {
        const auto later = Clock::now() + config.idle_timeout + config.idle_countdown + std::chrono::seconds(2);
        REQUIRE(console.terminal->next_deadline(Clock::now()).has_value());
        console.terminal->tick(later);
        CHECK_FALSE(console.terminal->assisting());
        CHECK(view().screen == ScreenId::floor_overview);
        CHECK(console.desk->logged_in());
        CHECK_FALSE(console.station->session().holds_personal_data());
    }
}
