// A kiosk files an application with `madoguchi forms fill --submit`, sealed with the site key; a
// counter draws it with `madoguchi forms pdf --ticket` after a staff login, through the real
// server, which only ever holds the ciphertext.
#include <doctest/doctest.h>
#include <httplib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

#include "tests/support/juminhyo_answers.hpp"
#include "kiosk/forms_command.hpp"
#include "tests/integration/forms/private_cups.hpp"
#include "tests/server/support.hpp"
#include "tests/support/pdf_text.hpp"
#include "tests/support/subcommand_run.hpp"

using namespace madoguchi;
using madoguchi::server::test::Backend;
using madoguchi::server::test::ServerProcess;
using madoguchi::server::test::TempDir;

namespace {

testing::SubcommandRun run(const std::vector<const char*>& args, const std::string& input = "") {
    return testing::run_subcommand(run_forms_command, args, input);
}

void write_key(const std::filesystem::path& path, char fill) {
    std::ofstream(path, std::ios::binary) << std::string(32, fill);
    ::chmod(path.c_str(), 0600);
}

// A terminal's configuration: its certificate from the server's CA, its own outbox and key,
// and the site's application key.
std::filesystem::path terminal_config(ServerProcess& server, const TempDir& dir, const std::string& role,
                                      const std::string& name, const std::filesystem::path& application_key) {
    REQUIRE(server::test::run_server_binary("pki issue-terminal --dir " + server.pki_dir().string() + " --role " +
                                            role + " --site chuo --name " + name) == 0);
    write_key(dir.path() / (name + ".key"), 'k');
    const auto path = dir.path() / (name + ".toml");
    const auto pki = server.pki_dir();
    std::ofstream(path) << "[terminal]\nsite = \"chuo\"\nrole = \"" << (role == "kiosk" ? "citizen" : "counter")
                        << "\"\n[server]\nurl = \"https://127.0.0.1:" << server.port() << "\"\nca_certificate = \""
                        << (pki / "ca.crt").string() << "\"\ncertificate = \""
                        << (pki / "terminals" / (name + ".crt")).string() << "\"\nkey = \""
                        << (pki / "terminals" / (name + ".key")).string() << "\"\n[storage]\noutbox = \""
                        << (dir.path() / (name + ".db")).string() << "\"\nterminal_key = \""
                        << (dir.path() / (name + ".key")).string() << "\"\napplication_key = \""
                        << application_key.string() << "\"\n";
    return path;
}

}  // namespace

TEST_CASE("an application goes sealed from the kiosk through the server to the counter's PDF") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    const auto site_key = dir.path() / "application.key";
    write_key(site_key, 's');
    const auto kiosk = terminal_config(server, dir, "kiosk", "kiosk-1", site_key);
    const auto counter = terminal_config(server, dir, "counter", "counter-1", site_key);
    REQUIRE(server::test::run_server_binary("staff set-password --config " + server.config_path().string() +
                                            " --id staff-a --site chuo <<<'correct horse'") == 0);
    auto issuing = server.client("kiosk", "chuo", "kiosk-issuer");
    const nlohmann::json ticket =
        server::test::body_of(server::test::issue(*issuing, "t-1", R"({"service": "certificates"})"));
    REQUIRE(ticket.contains("id"));
    const std::string ticket_id = ticket["id"].get<std::string>();

    std::ofstream(dir.path() / "answers.toml") << madoguchi::testing::k_juminhyo_answers;
    const std::string answers = (dir.path() / "answers.toml").string();
    const std::string kiosk_pdf = (dir.path() / "kiosk.pdf").string();
    const testing::SubcommandRun filed = run({"fill", "--forms", "juminhyo", "--answers", answers.c_str(), "--pdf", kiosk_pdf.c_str(),
                           "--submit", ticket_id.c_str(), "--config", kiosk.c_str()});
    REQUIRE_MESSAGE(filed.code == k_forms_exit_ok, filed.err);
    CHECK(filed.out.find("application for ticket " + ticket_id + ": delivered") != std::string::npos);

    // What the server holds is not readable: no name, no address in it.
    auto reader = server.client("counter", "chuo", "counter-reader");
    const auto stored = reader->Get(("/api/v1/tickets/" + ticket_id + "/application").c_str());
    REQUIRE(stored);
    REQUIRE(stored->status == 200);
    CHECK(stored->body.find("𠮷野") == std::string::npos);
    CHECK(stored->body.find("築地") == std::string::npos);
    CHECK(server::test::body_of(stored)["form"] == "juminhyo");

    const std::string counter_pdf = (dir.path() / "counter.pdf").string();
    const testing::SubcommandRun drawn = run({"pdf", "--ticket", ticket_id.c_str(), "--out", counter_pdf.c_str(), "--staff", "staff-a",
                           "--config", counter.c_str()},
                          "correct horse\n");
    REQUIRE_MESSAGE(drawn.code == k_forms_exit_ok, drawn.err);
    const std::string text = testing::pdf_text(counter_pdf);
    CHECK(text.find("住民票の写し等交付請求書") != std::string::npos);
    CHECK(text.find("𠮷野") != std::string::npos);
    CHECK(text.find("東京都中央区築地１丁目１番１号") != std::string::npos);
    CHECK(text.find("平成元年1月8日") != std::string::npos);
    CHECK(text == testing::pdf_text(kiosk_pdf));

    SUBCASE("the counter prints what it fetched, from memory, leaving no file") {
        madoguchi::testing::PrivateCups cups(dir.path() / "cups");
        const auto before = std::distance(std::filesystem::directory_iterator(dir.path()), {});
        const testing::SubcommandRun printed = run({"pdf", "--ticket", ticket_id.c_str(), "--staff", "staff-a", "--config",
                                 counter.c_str(), "--print", "--destination", "A4"},
                                "correct horse\n");
        REQUIRE_MESSAGE(printed.code == k_forms_exit_ok, printed.err);
        CHECK(printed.out.starts_with("CUPS job "));
        CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == before);
        REQUIRE(cups.wait_for_output());
        CHECK(testing::pdf_text(cups.output()) == text);
    }
    SUBCASE("a wrong staff password draws nothing") {
        const std::string out = (dir.path() / "refused.pdf").string();
        const testing::SubcommandRun refused = run({"pdf", "--ticket", ticket_id.c_str(), "--out", out.c_str(), "--staff", "staff-a",
                                 "--config", counter.c_str()},
                                "wrong horse\n");
        CHECK(refused.code == k_forms_exit_failure);
        CHECK(refused.err.find("staff login failed") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(out));
    }
    SUBCASE("another site's key does not open it, and says so") {
        const auto other_key = dir.path() / "other.key";
        write_key(other_key, 'o');
        const auto stranger = terminal_config(server, dir, "counter", "counter-2", other_key);
        const std::string out = (dir.path() / "stranger.pdf").string();
        const testing::SubcommandRun sealed = run({"pdf", "--ticket", ticket_id.c_str(), "--out", out.c_str(), "--staff", "staff-a",
                                "--config", stranger.c_str()},
                               "correct horse\n");
        CHECK(sealed.code == k_forms_exit_failure);
        CHECK(sealed.err.find("does not open with this site's application key for this ticket") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(out));
    }
    SUBCASE("a ticket id that is not one is refused before anything is sent") {
        const std::string out = (dir.path() / "odd.pdf").string();
        const testing::SubcommandRun odd = run({"pdf", "--ticket", "../staff/login", "--out", out.c_str(), "--staff", "staff-a",
                             "--config", counter.c_str()},
                            "correct horse\n");
        CHECK(odd.code == k_forms_exit_usage);
        CHECK(odd.err.find("is not a ticket id") != std::string::npos);
    }
    SUBCASE("a ticket without an application is a clear error") {
        const nlohmann::json bare =
            server::test::body_of(server::test::issue(*issuing, "t-2", R"({"service": "certificates"})"));
        const std::string bare_id = bare["id"].get<std::string>();
        const std::string out = (dir.path() / "none.pdf").string();
        const testing::SubcommandRun none = run({"pdf", "--ticket", bare_id.c_str(), "--out", out.c_str(), "--staff", "staff-a",
                              "--config", counter.c_str()},
                             "correct horse\n");
        CHECK(none.code == k_forms_exit_failure);
        CHECK(none.err.find("answered 404") != std::string::npos);
    }
}
