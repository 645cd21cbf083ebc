// The kiosk's health report against the real server: the ticket worker finds its printer's paper
// running low and the floor's terminal list shows it; the roll is changed and the list shows the
// printer ready again.
#include <doctest/doctest.h>

#include <array>
#include <optional>
#include <nlohmann/json.hpp>
#include <thread>

#include "kiosk/config.hpp"
#include "kiosk/health_reporter.hpp"
#include "kiosk/server_client.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/ticket_parts.hpp"
#include "kiosk/ticket_service.hpp"
#include "kiosk_config.hpp"
#include "tests/integration/printer/fake_printer.hpp"
#include "tests/server/support.hpp"

using namespace madoguchi;
using madoguchi::server::test::Backend;
using madoguchi::server::test::ServerProcess;
using madoguchi::server::test::TempDir;
namespace fake = madoguchi::printer::testing;

namespace {

// The kiosk's row in the site's terminal list once it shows `printer`, or null after a minute.
nlohmann::json wait_for_printer(httplib::SSLClient& floor, const std::string& printer) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < give_up) {
        const auto list = server::test::body_of(floor.Get("/api/v1/sites/chuo/terminals"));
        for (const auto& terminal : list["terminals"]) {
            if (terminal["terminal"] == "kiosk-1" && terminal["printer"] == printer) {
                return terminal;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return nullptr;
}

}  // namespace

TEST_CASE("the kiosk reports its printer's paper near end, then ready once refilled") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    fake::FakeOptions options;
    options.status = fake::k_paper_near_end;
    options.many_connections = true;
    fake::FakeTcpPrinter printer(options);
    auto config = load_config(testing::kiosk_config(server, dir, "tcp://127.0.0.1:" + std::to_string(printer.port()),
                                                    "epson_tm_t88", "health_report_seconds = 1\n"));
    REQUIRE(config);
    CHECK(config->health_report_interval == std::chrono::seconds(1));
    auto parts = load_ticket_parts(*config);
    REQUIRE(parts);
    const std::array<std::string, 2> languages{"ja", "en"};
    auto translator = Translator::load(MADOGUCHI_BINARY_DIR "/share/madoguchi/locale", languages);
    REQUIRE(translator);
    // What the card service's monitor would have seen at start: the reader is plugged in.
    auto readers = std::make_shared<ReaderPresence>("");
    readers->note(card::CardEvent{card::CardEvent::Kind::reader_added, "Test Reader 00 00"});

    auto floor = server.client("floor", "chuo", "floor-1");
    MainQueue queue;
    TicketService service(queue, *config, std::move(*parts), *translator, [](TicketUpdate) {}, readers);

    const auto near_end = wait_for_printer(*floor, "paper_near_end");
    REQUIRE_FALSE(near_end.is_null());
    CHECK(near_end["card_reader"] == "present");
    CHECK(near_end["outbox_pending"] == 0);
    CHECK(near_end["stale"] == false);
    CHECK(near_end["reported_at_ms"].get<std::int64_t>() > 0);

    printer.set_status(fake::k_ready);
    const auto refilled = wait_for_printer(*floor, "ready");
    REQUIRE_FALSE(refilled.is_null());
    CHECK(refilled["reported_at_ms"].get<std::int64_t>() >= near_end["reported_at_ms"].get<std::int64_t>());
}

TEST_CASE("a kiosk whose printer is gone and whose reader was unplugged says so") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    auto config = load_config(testing::kiosk_config(server, dir,
                                                    "tcp://127.0.0.1:" + std::to_string(fake::closed_port()),
                                                    "epson_tm_t88", "health_report_seconds = 1\n"));
    REQUIRE(config);
    auto parts = load_ticket_parts(*config);
    REQUIRE(parts);
    const std::array<std::string, 2> languages{"ja", "en"};
    auto translator = Translator::load(MADOGUCHI_BINARY_DIR "/share/madoguchi/locale", languages);
    REQUIRE(translator);
    auto readers = std::make_shared<ReaderPresence>("Test Reader 00 00");
    readers->note(card::CardEvent{card::CardEvent::Kind::reader_added, "Test Reader 00 00"});
    readers->note(card::CardEvent{card::CardEvent::Kind::reader_removed, "Test Reader 00 00"});

    auto floor = server.client("floor", "chuo", "floor-1");
    MainQueue queue;
    TicketService service(queue, *config, std::move(*parts), *translator, [](TicketUpdate) {}, readers);
    const auto gone = wait_for_printer(*floor, "no_printer");
    REQUIRE_FALSE(gone.is_null());
    CHECK(gone["card_reader"] == "absent");
}

TEST_CASE("a printer plugged in or pulled out is checked and reported at once, not at the next check") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    fake::FakeOptions options;
    options.many_connections = true;
    std::optional<fake::FakeTcpPrinter> printer;
    printer.emplace(options);
    auto config = load_config(testing::kiosk_config(server, dir, "tcp://127.0.0.1:" + std::to_string(printer->port()),
                                                    "epson_tm_t88", "health_report_seconds = 3600\n"));
    REQUIRE(config);
    auto parts = load_ticket_parts(*config);
    REQUIRE(parts);
    auto courier = ServerClient::create(
        {config->server_url, config->server_ca, config->terminal_certificate, config->terminal_certificate_key});
    REQUIRE(courier);
    auto floor = server.client("floor", "chuo", "floor-1");
    const auto printer_on_floor = [&floor]() -> std::string {
        const auto list = server::test::body_of(floor->Get("/api/v1/sites/chuo/terminals"));
        for (const auto& terminal : list["terminals"]) {
            if (terminal["terminal"] == "kiosk-1") {
                return terminal["printer"].get<std::string>();
            }
        }
        return "";
    };

    HealthReporter reporter(config->health_report_interval, nullptr);
    const auto start = std::chrono::steady_clock::now();
    reporter.run(*courier, *config, parts->profile, start);
    CHECK(printer_on_floor() == "ready");

    printer.reset();  // pulled out: nothing answers at its address any more
    // Between checks nothing is asked, so without a hot-plug event the change waits.
    reporter.run(*courier, *config, parts->profile, start + std::chrono::seconds(1));
    CHECK(printer_on_floor() == "ready");
    // The hot-plug event: the same moment, checked and reported.
    reporter.check_now();
    reporter.run(*courier, *config, parts->profile, start + std::chrono::seconds(1));
    CHECK(printer_on_floor() == "no_printer");
}
