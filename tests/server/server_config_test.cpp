#include <doctest/doctest.h>

#include "server/server_config.hpp"

using namespace madoguchi;
using namespace madoguchi::server;

namespace {

constexpr const char* k_minimal = R"(
[tls]
certificate = "/etc/madoguchi/pki/server.crt"
key = "/etc/madoguchi/pki/server.key"
client_ca = "/etc/madoguchi/pki/ca.crt"
[catalog]
services = "/usr/share/madoguchi/services.toml"
[status]
base_url = "https://status.city.example/t/"
)";

ConfigError config_error(const std::string& extra) {
    const auto config = parse_server_config(std::string(k_minimal) + extra, "server.toml");
    REQUIRE_FALSE(config.has_value());
    return config.error();
}

}  // namespace

TEST_CASE("a minimal server file takes the defaults") {
    const auto config = parse_server_config(k_minimal, "server.toml");
    REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().describe()));
    CHECK(config->listen_port == 8443);
    CHECK(config->storage_url == "sqlite:/var/lib/madoguchi/server.db");
    CHECK(config->policy.kind == PolicyKind::alternate);
    CHECK(config->idempotency_retention == std::chrono::days(14));
    CHECK(config->client_ca == "/etc/madoguchi/pki/ca.crt");
    CHECK(config->login_attempts == 5);
    CHECK(config->login_cool_down == std::chrono::seconds(300));
}

TEST_CASE("every server key can be set") {
    const auto config = parse_server_config(std::string(k_minimal) + R"(
[listen]
address = "127.0.0.1"
port = 9443
[storage]
url = "postgresql://madoguchi@db.city.example/madoguchi"
connections = 16
[retention]
application_days = 7
idempotency_days = 30
[queue]
policy = "weighted"
regular_per_priority = 3
priority_weight = 2.5
[signing]
key_dir = "/srv/keys"
[limits]
max_body_bytes = 2048
[staff]
login_attempts = 3
lockout_seconds = 900
)",
                                            "server.toml");
    REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().describe()));
    CHECK(config->listen_address == "127.0.0.1");
    CHECK(config->listen_port == 9443);
    CHECK(config->storage_url == "postgresql://madoguchi@db.city.example/madoguchi");
    CHECK(config->storage_connections == 16);
    CHECK(config->application_retention == std::chrono::days(7));
    CHECK(config->policy.kind == PolicyKind::weighted);
    CHECK(config->policy.priority_weight == doctest::Approx(2.5));
    CHECK(config->signing_key_dir == "/srv/keys");
    CHECK(config->max_body_bytes == 2048);
    CHECK(config->login_attempts == 3);
    CHECK(config->login_cool_down == std::chrono::seconds(900));
}

TEST_CASE("server config errors name the key and the line") {
    ConfigError error = config_error("[storage]\nurl = \"mysql://db\"\n");
    CHECK(error.key == "storage.url");
    CHECK(error.line == 11);
    error = config_error("[storage]\nconnections = 0\n");
    CHECK(error.key == "storage.connections");
    CHECK(error.code == ConfigErrorCode::bad_value);
    error = config_error("[queue]\npolicy = \"lottery\"\n");
    CHECK(error.key == "queue.policy");
    error = config_error("[listen]\nport = 70000\n");
    CHECK(error.code == ConfigErrorCode::bad_value);
    error = config_error("[listen]\nprot = 1\n");
    CHECK(error.code == ConfigErrorCode::unknown_key);
    CHECK(error.key == "listen.prot");
    error = config_error("[staff]\nlogin_attempts = 0\n");
    CHECK(error.key == "staff.login_attempts");
    CHECK(error.code == ConfigErrorCode::bad_value);
    error = config_error("[staff]\nlockout = 60\n");
    CHECK(error.code == ConfigErrorCode::unknown_key);
    error = config_error("[cache]\nsize = 1\n");
    CHECK(error.key == "cache");
}

TEST_CASE("TLS files are required and the status page must be https") {
    const auto missing = parse_server_config("[catalog]\nservices = \"s.toml\"\n", "server.toml");
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().code == ConfigErrorCode::missing_key);
    CHECK(missing.error().key == "tls.certificate");
    const auto plain = parse_server_config(R"(
[tls]
certificate = "a"
key = "b"
client_ca = "c"
[catalog]
services = "s.toml"
[status]
base_url = "http://status.city.example/t/"
)",
                                           "server.toml");
    REQUIRE_FALSE(plain.has_value());
    CHECK(plain.error().key == "status.base_url");
}

TEST_CASE("the shipped server configuration is valid") {
    const auto config = load_server_config(MADOGUCHI_SOURCE_DIR "/server/server.toml");
    REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().describe()));
    CHECK(config->storage_url.starts_with("sqlite:"));
}
