#pragma once
// The configuration file of a kiosk that `madoguchi ticket …` and the ticket worker run with.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/server/support.hpp"

namespace madoguchi::testing {

// A kiosk of site chuo: its certificate from the server's city CA, its key, outbox and config.
inline std::filesystem::path kiosk_config(server::test::ServerProcess& server, const server::test::TempDir& dir,
                                          const std::string& connection,
                                          const std::string& profile = "epson_tm_t88",
                                          const std::string& more_server_keys = "") {
    REQUIRE(server::test::run_server_binary("pki issue-terminal --dir " + server.pki_dir().string() +
                                            " --role kiosk --site chuo --name kiosk-1") == 0);
    const auto key = dir.path() / "terminal.key";
    std::ofstream(key, std::ios::binary) << std::string(32, '\x2a');
    std::filesystem::permissions(key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const auto path = dir.path() / "terminal.toml";
    const auto pki = server.pki_dir();
    std::ofstream(path) << "[terminal]\nsite = \"chuo\"\nservices = \"" MADOGUCHI_SOURCE_DIR "/assets/services.toml\"\n"
                        << "[server]\nurl = \"https://127.0.0.1:" << server.port() << "\"\n"
                        << "ca_certificate = \"" << (pki / "ca.crt").string() << "\"\n"
                        << "certificate = \"" << (pki / "terminals" / "kiosk-1.crt").string() << "\"\n"
                        << "key = \"" << (pki / "terminals" / "kiosk-1.key").string() << "\"\n"
                        << more_server_keys
                        << "[storage]\noutbox = \"" << (dir.path() / "outbox.db").string() << "\"\n"
                        << "terminal_key = \"" << key.string() << "\"\n"
                        << "[printer]\nconnection = \"" << connection << "\"\nprofile = \"" << profile << "\"\n";
    return path;
}

}  // namespace madoguchi::testing
