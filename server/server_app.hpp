#pragma once
// Start-up and the serving loop of madoguchi-server: everything main() does for `serve`.
#include <string>

#include "server/server_config.hpp"

namespace madoguchi::server {

// Serves until SIGINT or SIGTERM; returns the process exit code (0 after a clean stop, 1 when
// start-up fails). Call before any other thread exists: it blocks the stop signals.
int run_server(const ServerConfig& config);

// `madoguchi-server audit verify`: walks the hash chain; prints the verdict, returns 0 when intact.
int verify_audit_log(const ServerConfig& config);

// `madoguchi-server staff set-password`: reads the password from standard input.
int set_staff_password(const ServerConfig& config, const std::string& staff_id, const std::string& site);

}  // namespace madoguchi::server
