// `madoguchi ticket issue` against the real server and a stand-in printer on TCP: what comes
// out of the printer is drawn by escpos-render, its QR decoded by ZXing, and the URL's signature
// checked with Ed25519 against GET /api/v1/keys. A ticket that cannot be printed must not stay
// in the queue.
#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <sys/wait.h>
#include <unistd.h>

#define ZX_USE_UTF8
#include <ReadBarcode.h>
#include <stb_image.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "server/signing.hpp"
#include "tests/integration/printer/fake_printer.hpp"
#include "tests/server/support.hpp"
#include "kiosk_config.hpp"
#include "ticket_tools.hpp"

using namespace madoguchi;
using madoguchi::printer::testing::FakeOptions;
using madoguchi::printer::testing::FakeTcpPrinter;
using madoguchi::server::test::Backend;
using madoguchi::server::test::ServerProcess;
using madoguchi::server::test::TempDir;
using madoguchi::testing::kiosk_config;
using namespace madoguchi::testing::tickets;
using nlohmann::json;

namespace {

std::string issue_command(const std::filesystem::path& config, const std::string& extra = "") {
    return std::string(MADOGUCHI_BINARY) + " ticket issue --service certificates --config " + config.string() + " " +
           extra;
}

// Heights of the bands of rows that carry ink, top to bottom: one per printed line or image.
std::vector<int> ink_bands(const Png& png) {
    std::vector<int> bands;
    int run_length = 0;
    for (int y = 0; y < png.height; ++y) {
        const auto row = png.pixels.begin() + static_cast<std::ptrdiff_t>(y) * png.width;
        const bool ink = std::any_of(row, row + png.width, [](std::uint8_t v) { return v < 128; });
        if (ink) {
            ++run_length;
        } else if (run_length > 0) {
            bands.push_back(run_length);
            run_length = 0;
        }
    }
    if (run_length > 0) {
        bands.push_back(run_length);
    }
    return bands;
}

bool ed25519_verifies(const std::string& public_key, const std::string& message, const std::string& signature) {
    EVP_PKEY* key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                                reinterpret_cast<const unsigned char*>(public_key.data()),
                                                public_key.size());
    REQUIRE(key != nullptr);
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    const bool valid =
        EVP_DigestVerifyInit(context, nullptr, nullptr, nullptr, key) == 1 &&
        EVP_DigestVerify(context, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                         reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    EVP_MD_CTX_free(context);
    EVP_PKEY_free(key);
    return valid;
}

json get_json(httplib::SSLClient& client, const std::string& path) {
    const auto reply = client.Get(path);
    REQUIRE(reply);
    REQUIRE(reply->status == 200);
    return json::parse(reply->body);
}

json certificate_events(ServerProcess& server) {
    auto display = server.client("display", "chuo", "display-1", false);
    const json stats = get_json(*display, "/api/v1/sites/chuo/stats");
    return stats["services"].value("certificates", json::object()).value("events", json::object());
}

std::size_t waiting(ServerProcess& server) {
    auto display = server.client("display", "chuo", "display-1", false);
    return get_json(*display, "/api/v1/sites/chuo/queue")["waiting"].size();
}

constexpr std::size_t k_status_queries = 4 * 3;  // DLE EOT 1..4

FakeOptions with_status(const std::array<std::uint8_t, 4>& status) {
    FakeOptions options;
    options.status = status;
    return options;
}

FakeOptions hanging_up_after(std::size_t bytes) {
    FakeOptions options;
    options.hang_up_after = bytes;
    return options;
}

}  // namespace

TEST_CASE("a printed ticket's QR is the server's signed status URL and its number the server's") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    FakeTcpPrinter printer;
    const auto config = kiosk_config(server, dir, "tcp://127.0.0.1:" + std::to_string(printer.port()));

    const Run issued = run(issue_command(config, "--lang en"), dir);
    INFO(issued.err);
    REQUIRE(issued.exit_code == 0);
    REQUIRE(printer.wait_finished());
    const std::string number = field(issued.out, "number");
    const std::string id = field(issued.out, "id");

    const Png png = render(printer.received(), dir, "epson_tm_t88");
    const std::string url = decode_qr(png);
    CHECK(url == field(issued.out, "qr_url"));
    CHECK(url.starts_with("https://status.madoguchi.test/t/" + id + "?"));
    CHECK(query_value(url, "site") == "chuo");

    // The signature verifies with the site key the server publishes, over the documented message.
    auto kiosk = server.client("kiosk", "chuo", "kiosk-1", false);
    const json keys = get_json(*kiosk, "/api/v1/keys")["keys"];
    const std::string kid = query_value(url, "kid");
    const auto site_key = std::ranges::find_if(keys, [&](const json& key) { return key["key_id"] == kid; });
    REQUIRE(site_key != keys.end());
    CHECK((*site_key)["site"] == "chuo");
    const auto public_key = server::base64url_decode((*site_key)["public_key"].get<std::string>());
    const auto signature = server::base64url_decode(query_value(url, "s"));
    REQUIRE(public_key);
    REQUIRE(signature);
    CHECK(ed25519_verifies(*public_key, "madoguchi-ticket-v1\nchuo\n" + id, *signature));
    CHECK_FALSE(ed25519_verifies(*public_key, "madoguchi-ticket-v1\nchuo\n" + id + "x", *signature));

    // The queue holds exactly this ticket, under the number that was printed.
    auto display = server.client("display", "chuo", "display-1", false);
    const json queue = get_json(*display, "/api/v1/sites/chuo/queue");
    REQUIRE(queue["waiting"].size() == 1);
    CHECK(queue["waiting"][0]["id"] == id);
    CHECK(queue["waiting"][0]["number"] == number);
    CHECK(number == "A-001");

    // The number is a band of ink at least 15 mm (8 dots/mm) tall, apart from the QR code.
    const auto bands = ink_bands(png);
    CHECK(std::ranges::count_if(bands, [](int height) { return height >= 15 * 8; }) == 2);
}

TEST_CASE("--out FILE keeps the job for 58 mm paper, and the QR still decodes to the status URL") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    const auto config = kiosk_config(server, dir, "/dev/null-printer-is-not-used", "citizen_ct_s310ii");
    const auto out = dir.path() / "ticket.bin";
    const Run issued = run(issue_command(config, "--priority --out " + out.string()), dir);
    INFO(issued.err);
    REQUIRE(issued.exit_code == 0);
    std::ifstream file(out, std::ios::binary);
    const std::vector<std::uint8_t> job((std::istreambuf_iterator<char>(file)), {});
    const Png png = render(job, dir, "citizen_ct_s310ii");
    CHECK(png.width == 384);
    CHECK(decode_qr(png) == field(issued.out, "qr_url"));
    CHECK(waiting(server) == 1);
}

TEST_CASE("paper out before issuing: nothing is issued and nothing but status queries is sent") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    FakeTcpPrinter printer(with_status(printer::testing::k_paper_out));
    const auto config = kiosk_config(server, dir, "tcp://127.0.0.1:" + std::to_string(printer.port()));
    const Run refused = run(issue_command(config), dir);
    CHECK(refused.exit_code == 3);
    CHECK(refused.err.find("out of paper") != std::string::npos);
    REQUIRE(printer.wait_finished());
    CHECK(printer.received().size() == k_status_queries);
    CHECK(waiting(server) == 0);
    CHECK(certificate_events(server).value("issued", 0) == 0);
}

TEST_CASE("the printer's link breaks mid-job: the ticket is cancelled on the server") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    // Hangs up once the status check before the job is answered: the server has issued the
    // ticket by then, and the job's bytes meet a closed connection.
    FakeTcpPrinter printer(hanging_up_after(2 * k_status_queries));
    const auto config = kiosk_config(server, dir, "tcp://127.0.0.1:" + std::to_string(printer.port()));
    const Run broken = run(issue_command(config), dir);
    INFO(broken.err);
    CHECK(broken.exit_code == 5);
    CHECK(broken.err.find("withdrawn") != std::string::npos);
    CHECK(waiting(server) == 0);
    const json events = certificate_events(server);
    CHECK(events.value("issued", 0) == 1);
    CHECK(events.value("cancelled", 0) == 1);
}

TEST_CASE("printer status reports paper near end as ready, paper out as not") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    {
        FakeTcpPrinter printer(with_status(printer::testing::k_paper_near_end));
        const auto config = kiosk_config(server, dir, "tcp://127.0.0.1:" + std::to_string(printer.port()));
        const Run status = run(std::string(MADOGUCHI_BINARY) + " printer status --config " + config.string(), dir);
        CHECK(status.exit_code == 0);
        CHECK(status.out.find("paper: near end") != std::string::npos);
    }
    FakeTcpPrinter printer(with_status(printer::testing::k_paper_out));
    const auto config = kiosk_config(server, dir, "tcp://127.0.0.1:" + std::to_string(printer.port()));
    const Run status = run(std::string(MADOGUCHI_BINARY) + " printer status --config " + config.string(), dir);
    CHECK(status.exit_code == 3);
    CHECK(status.out.find("paper: out") != std::string::npos);
}

TEST_CASE("printer test prints a page whose QR names the printer, and nothing reaches the queue") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    FakeTcpPrinter printer;
    const auto config = kiosk_config(server, dir, "tcp://127.0.0.1:" + std::to_string(printer.port()));
    const Run test_page = run(std::string(MADOGUCHI_BINARY) + " printer test --config " + config.string(), dir);
    INFO(test_page.err);
    REQUIRE(test_page.exit_code == 0);
    REQUIRE(printer.wait_finished());
    CHECK(decode_qr(render(printer.received(), dir, "epson_tm_t88")) == "madoguchi printer test: Epson TM-T88 (80 mm)");
    CHECK(waiting(server) == 0);
}

TEST_CASE("a service this office does not offer, or bad usage: a clear error and nothing printed") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    FakeTcpPrinter printer;
    const auto config = kiosk_config(server, dir, "tcp://127.0.0.1:" + std::to_string(printer.port()));
    const Run unknown = run(std::string(MADOGUCHI_BINARY) + " ticket issue --service fishing --config " +
                                config.string(),
                            dir);
    CHECK(unknown.exit_code == 4);
    CHECK(unknown.err.find("the server refused the ticket") != std::string::npos);
    REQUIRE(printer.wait_finished());
    CHECK(printer.received().size() == k_status_queries);  // the status check, and no job
    CHECK(waiting(server) == 0);

    CHECK(run(std::string(MADOGUCHI_BINARY) + " ticket issue --config " + config.string(), dir).exit_code == 2);
    CHECK(run(std::string(MADOGUCHI_BINARY) + " ticket print", dir).exit_code == 2);
    CHECK(run(std::string(MADOGUCHI_BINARY) + " printer jam", dir).exit_code == 2);
    const Run no_config = run(std::string(MADOGUCHI_BINARY) + " ticket issue --service tax --config /nonexistent.toml", dir);
    CHECK(no_config.exit_code == 2);
    CHECK(no_config.err.find("/nonexistent.toml") != std::string::npos);
    // A printer model with no profile stops before anything is issued, naming the file.
    const auto unknown_model = kiosk_config(server, dir, "file:" + (dir.path() / "t.bin").string(), "no_such_printer");
    const Run no_profile = run(issue_command(unknown_model), dir);
    CHECK(no_profile.exit_code == 2);
    CHECK(no_profile.err.find("no_such_printer.toml") != std::string::npos);
    CHECK(waiting(server) == 0);
}
