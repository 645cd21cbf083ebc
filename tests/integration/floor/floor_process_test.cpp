// The real `madoguchi --role floor` under Xvfb against the real server: started with the floor
// certificate from its configuration, it draws the overview the server gives it and exits after
// a few frames. Its log says what it fetched.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/server/support.hpp"

using madoguchi::server::test::Backend;
using madoguchi::server::test::ServerProcess;
using madoguchi::server::test::TempDir;

TEST_CASE("madoguchi --role floor fetches the overview with its configured floor certificate") {
    ServerProcess server(Backend::sqlite);
    auto kiosk = server.client("kiosk", "chuo", "kiosk-1");
    REQUIRE(madoguchi::server::test::issue(*kiosk, "p-1", R"({"service": "tax"})")->status == 201);
    REQUIRE(madoguchi::server::test::run_server_binary("pki issue-terminal --dir " + server.pki_dir().string() +
                                                       " --role floor --site chuo --name floor-1") == 0);
    TempDir dir;
    const auto terminals = server.pki_dir() / "terminals";
    std::ofstream(dir.path() / "terminal.toml")
        << "[terminal]\nsite = \"chuo\"\nrole = \"citizen\"\n"
        << "[server]\nurl = \"https://127.0.0.1:" << server.port() << "\"\n"
        << "ca_certificate = \"" << (server.pki_dir() / "ca.crt").string() << "\"\n"
        << "certificate = \"" << (terminals / "floor-1.crt").string() << "\"\n"
        << "key = \"" << (terminals / "floor-1.key").string() << "\"\n"
        << "[floor]\nrefresh_seconds = 2\n";
    // The same console on a tablet set up for assisted sessions: with the kiosk's parts it holds
    // a citizen station; with a printer profile that does not exist it runs without one.
    std::string assisted = "no";
    SUBCASE("a tablet with the kiosk's parts") {
        assisted = "yes";
    }
    SUBCASE("a tablet whose printer profile is missing") {
        assisted = "unavailable";
    }
    if (assisted != "no") {
        const auto key = dir.path() / "terminal.key";
        std::ofstream(key, std::ios::binary) << std::string(32, '\x2c');
        std::filesystem::permissions(key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
        std::ofstream(dir.path() / "terminal.toml", std::ios::app)
            << "assisted_sessions = true\n"
            << "[storage]\noutbox = \"" << (dir.path() / "outbox.db").string() << "\"\n"
            << "terminal_key = \"" << key.string() << "\"\n"
            << "[printer]\nconnection = \"file:" << (dir.path() / "printed.bin").string() << "\"\n"
            << "profile = \"" << (assisted == "yes" ? "epson_tm_t88" : "no_such_printer") << "\"\n";
    }
    // --role on the command line wins over the file's; each answer draws a few frames, so a
    // handful of answers reach the frame limit. `timeout` ends a console that got none.
    const std::string command = "timeout 90 xvfb-run -a -s '-screen 0 1920x1080x24' " MADOGUCHI_APP " --config " +
                                (dir.path() / "terminal.toml").string() +
                                " --role floor --windowed 1920x1080 --frames 12 2>&1";
    std::FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
        output += buffer;
    }
    const int status = ::pclose(pipe);
    CAPTURE(output);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(output.find("event=floor_started site=chuo assisted_sessions=" +
                      std::string(assisted == "yes" ? "yes" : "no")) != std::string::npos);
    CHECK((output.find("event=assisted_sessions_unavailable") != std::string::npos) == (assisted == "unavailable"));
    CHECK(output.find("event=floor_answered what=overview") != std::string::npos);
    CHECK(output.find("event=floor_answered what=kiosks") != std::string::npos);
    CHECK(output.find("floor_refresh_failed") == std::string::npos);
}
