// The window app's ticket desk sends the outbox by itself: a withdrawal left from an earlier
// failed print reaches the server while no citizen asks for a ticket.
#include <doctest/doctest.h>

#include <array>
#include <fstream>
#include <thread>

#include "kiosk/config.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/outbox.hpp"
#include "kiosk/ticket_parts.hpp"
#include "kiosk/ticket_service.hpp"
#include "tests/server/support.hpp"
#include "kiosk_config.hpp"

using namespace madoguchi;
using madoguchi::server::test::Backend;
using madoguchi::server::test::ServerProcess;
using madoguchi::server::test::TempDir;

namespace {

std::span<const std::uint8_t> bytes_of(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

TEST_CASE("the kiosk's ticket desk delivers a waiting withdrawal with no ticket issued") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    auto config = load_config(testing::kiosk_config(server, dir, "tcp://127.0.0.1:9"));
    REQUIRE(config);
    auto parts = load_ticket_parts(*config);
    REQUIRE(parts);
    const std::array<std::string, 2> languages{"ja", "en"};
    auto translator = Translator::load(MADOGUCHI_BINARY_DIR "/share/madoguchi/locale", languages);
    REQUIRE(translator);

    auto kiosk = server.client("kiosk", "chuo", "kiosk-2");
    const auto issued = server::test::issue(*kiosk, "first", R"({"service": "certificates"})");
    const std::string ticket = server::test::body_of(issued)["id"].get<std::string>();
    auto key = load_terminal_key(config->terminal_key);
    REQUIRE(key);
    auto outbox = Outbox::open(config->outbox, *key);
    REQUIRE(outbox);
    REQUIRE(outbox->enqueue("POST", "/api/v1/tickets/" + ticket + "/cancel", bytes_of("{}"),
                            std::chrono::system_clock::now()));

    MainQueue queue;
    auto display = server.client("display", "chuo", "chuo-display");
    server::test::EventCollector events(*display, "/api/v1/sites/chuo/events", {{"Last-Event-ID", "0"}});
    {
        TicketService service(queue, *config, std::move(*parts), *translator, [](TicketUpdate) {});
        CHECK(events.wait_for("\"cancelled\"", std::chrono::seconds(60)));
        // The server's answer follows its event; the row leaves the outbox once that is read.
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (*outbox->pending() != 0 && std::chrono::steady_clock::now() < give_up) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    CHECK(*outbox->pending() == 0);
    CHECK(*outbox->set_aside_count() == 0);
    const auto queue_now = server::test::body_of(kiosk->Get("/api/v1/sites/chuo/queue"));
    CHECK(queue_now["waiting"].empty());
}
