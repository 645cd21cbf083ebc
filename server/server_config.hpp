#pragma once
// The server's configuration file (TOML), read with the same rules as the terminal's: every key
// that is set must be right, absent keys take the defaults below.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include "kiosk/toml_reader.hpp"
#include "server/ticket.hpp"

namespace madoguchi::server {

inline constexpr std::string_view k_default_server_config = "/etc/madoguchi/server.toml";

struct ServerConfig {
    std::string listen_address = "0.0.0.0";
    // 0 lets the system choose; the chosen port is logged (tests use this).
    std::int64_t listen_port = 8443;
    std::filesystem::path certificate;
    std::filesystem::path private_key;
    std::filesystem::path client_ca;
    std::string storage_url = "sqlite:/var/lib/madoguchi/server.db";
    // PostgreSQL's pool; 0 keeps the built-in size (k_postgresql_connections).
    std::int64_t storage_connections = 0;
    std::filesystem::path services;
    std::filesystem::path signing_key_dir = "/var/lib/madoguchi/keys";
    std::string status_base_url;
    // The status page's own listener (on listen_address), without client certificates.
    std::int64_t status_port = 8444;
    std::chrono::days application_retention{30};
    // Longer than a kiosk may stay offline, so a retried request is still recognised.
    std::chrono::days idempotency_retention{14};
    std::int64_t max_body_bytes = 64 * 1024;
    // An application photo (JPEG) may be larger than any JSON request.
    std::int64_t max_photo_bytes = 2 * 1024 * 1024;
    // Request workers; every open keep-alive connection (a terminal) and every open event
    // stream (display, counter) keeps one busy.
    std::int64_t worker_threads = 512;
    PriorityPolicy policy;
    // Wrong staff passwords in a row before a staff id is locked out, and for how long.
    std::int64_t login_attempts = 5;
    std::chrono::seconds login_cool_down{300};
    // A kiosk whose last health report is older than this is shown stale on the floor console;
    // kiosks report at least every 60 s by default (terminal.toml [server] health_report_seconds).
    std::chrono::seconds terminal_stale_after{180};
};

Parsed<ServerConfig> parse_server_config(std::string_view text, std::string_view file_name);
Parsed<ServerConfig> load_server_config(const std::filesystem::path& path);

}  // namespace madoguchi::server
