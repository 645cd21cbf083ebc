// A print that fails when the server has just gone away: the withdrawal waits in the outbox
// (sealed, durable) instead of being lost, and nothing claims the ticket was issued.
#include <doctest/doctest.h>

#include <array>
#include <functional>

#include "drivers/printer/printer_profile.hpp"
#include "drivers/printer/transport.hpp"
#include "drivers/text/text_rasterizer.hpp"
#include "kiosk/catalog.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/outbox.hpp"
#include "kiosk/server_client.hpp"
#include "kiosk/ticket_issuer.hpp"
#include "tests/server/support.hpp"

using namespace madoguchi;
using madoguchi::server::test::Backend;
using madoguchi::server::test::ServerProcess;
using madoguchi::server::test::TempDir;

namespace {

// A printer link that breaks on the job's first bytes, after running `on_job` (which takes the
// server away): the moment between the server's issue and the paper.
class BreaksOnJob final : public printer::Transport {
public:
    explicit BreaksOnJob(std::function<void()> on_job) : m_on_job(std::move(on_job)) {}
    printer::PrinterResult<void> write(std::span<const std::uint8_t>) override {
        m_on_job();
        return fail(printer::PrinterError::transport, "the link broke");
    }
    printer::PrinterResult<std::size_t> read(std::span<std::uint8_t>, std::chrono::milliseconds) override {
        return fail(printer::PrinterError::transport, "nothing answers");
    }
    bool answers() const override { return false; }

private:
    std::function<void()> m_on_job;
};

}  // namespace

TEST_CASE("the server gone when printing fails: the withdrawal is kept in the outbox for later") {
    auto server = std::make_unique<ServerProcess>(Backend::sqlite);
    TempDir dir;
    REQUIRE(server::test::run_server_binary("pki issue-terminal --dir " + server->pki_dir().string() +
                                            " --role kiosk --site chuo --name kiosk-1") == 0);
    const auto pki = server->pki_dir();
    auto client = ServerClient::create({"https://127.0.0.1:" + std::to_string(server->port()), pki / "ca.crt",
                                        pki / "terminals" / "kiosk-1.crt", pki / "terminals" / "kiosk-1.key"});
    REQUIRE(client);
    TerminalKey key{};
    key.fill(7);
    auto outbox = Outbox::open(dir.path() / "outbox.db", key);
    REQUIRE(outbox);
    auto catalog = load_service_catalog(MADOGUCHI_SOURCE_DIR "/assets/services.toml");
    REQUIRE(catalog);
    const std::array<std::string, 2> languages{"ja", "en"};
    auto translator = Translator::load(MADOGUCHI_BINARY_DIR "/share/madoguchi/locale", languages);
    REQUIRE(translator);
    const std::array<std::filesystem::path, 1> fonts{"/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf"};
    auto rasterizer = text::TextRasterizer::open(fonts);
    REQUIRE(rasterizer);
    auto profile = printer::load_profile(MADOGUCHI_SOURCE_DIR "/assets/printers/epson_tm_t88.toml");
    REQUIRE(profile);

    ReceiptPrinter receipt_printer{std::make_unique<BreaksOnJob>([&server] { server.reset(); }), *profile};
    const TicketDesk desk{"chuo", *client, *outbox, *catalog, *translator, *rasterizer};
    const auto ticket = issue_ticket(desk, receipt_printer, {"certificates", false, "ja"});
    REQUIRE_FALSE(ticket);
    CHECK(ticket.error().code == TicketError::printer_failed);
    CHECK_FALSE(server);

    REQUIRE(*outbox->pending() == 1);
    const auto withdrawal = outbox->next_due(std::chrono::system_clock::now() + std::chrono::hours(1));
    REQUIRE(withdrawal);
    REQUIRE(*withdrawal);
    CHECK((*withdrawal)->method == "POST");
    CHECK((*withdrawal)->path.starts_with("/api/v1/tickets/"));
    CHECK((*withdrawal)->path.ends_with("/cancel"));
}

namespace {

std::span<const std::uint8_t> bytes_of(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

TEST_CASE("a withdrawal the server did but whose answer was lost leaves the outbox when sent again") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    REQUIRE(server::test::run_server_binary("pki issue-terminal --dir " + server.pki_dir().string() +
                                            " --role kiosk --site chuo --name kiosk-1") == 0);
    const auto pki = server.pki_dir();
    auto client = ServerClient::create({"https://127.0.0.1:" + std::to_string(server.port()), pki / "ca.crt",
                                        pki / "terminals" / "kiosk-1.crt", pki / "terminals" / "kiosk-1.key"});
    REQUIRE(client);
    TerminalKey key{};
    key.fill(7);
    auto outbox = Outbox::open(dir.path() / "outbox.db", key);
    REQUIRE(outbox);
    auto counter = server.client("counter", "chuo", "counter-1");

    auto kiosk = server.client("kiosk", "chuo", "kiosk-2");
    const auto cancel_path = [&](const std::string& idempotency_key) {
        const auto issued = server::test::issue(*kiosk, idempotency_key, R"({"service": "certificates"})");
        return "/api/v1/tickets/" + server::test::body_of(issued)["id"].get<std::string>() + "/cancel";
    };
    const std::string lost_answer = cancel_path("first");
    const std::string served = cancel_path("second");
    REQUIRE(client->send("POST", lost_answer, bytes_of("{}"), ""));
    REQUIRE(outbox->enqueue("POST", lost_answer, bytes_of("{}"), std::chrono::system_clock::now()));
    // The other ticket went on to a counter before its withdrawal arrived: the server will
    // never take it, so it is set aside for staff rather than sent for ever.
    CHECK(server::test::body_of(server::test::counter_post(*counter, "c1", "call-next"))["ticket"]["id"] ==
          served.substr(16, served.size() - 16 - 7));
    CHECK(server::test::body_of(server::test::counter_post(*counter, "c1", "start"))["ticket"]["state"] == "serving");
    REQUIRE(outbox->enqueue("POST", served, bytes_of("{}"), std::chrono::system_clock::now()));

    const DeliveryReport report = deliver_due(*outbox, *client, std::chrono::system_clock::now());
    CHECK(report.delivered == 1);
    CHECK(report.rejected == 1);
    CHECK(*outbox->pending() == 0);
    CHECK(*outbox->set_aside_count() == 1);
}
