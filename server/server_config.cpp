#include "server_config.hpp"

namespace madoguchi::server {
namespace {

// Relative paths in the file are relative to the file, so a config and its certificates can
// move together.
std::filesystem::path resolve(const std::filesystem::path& base, const std::string& value) {
    const std::filesystem::path path(value);
    return path.is_absolute() || base.empty() ? path : base / path;
}

Parsed<void> read_listen(const TableReader& top, ServerConfig& config) {
    auto listen = top.table("listen");
    if (!listen) {
        return std::unexpected(listen.error());
    }
    if (auto known = listen->check_keys({"address", "port"}); !known) {
        return known;
    }
    auto address = listen->string("address", config.listen_address);
    if (!address) {
        return std::unexpected(address.error());
    }
    auto port = listen->integer("port", config.listen_port, 0, 65535);
    if (!port) {
        return std::unexpected(port.error());
    }
    config.listen_address = *address;
    config.listen_port = *port;
    return {};
}

Parsed<void> read_tls(const TableReader& top, const std::filesystem::path& base, ServerConfig& config) {
    auto tls = top.table("tls");
    if (!tls) {
        return std::unexpected(tls.error());
    }
    if (auto known = tls->check_keys({"certificate", "key", "client_ca"}); !known) {
        return known;
    }
    auto certificate = tls->string("certificate", "", true);
    auto key = tls->string("key", "", true);
    auto client_ca = tls->string("client_ca", "", true);
    for (const auto* value : {&certificate, &key, &client_ca}) {
        if (!*value) {
            return std::unexpected(value->error());
        }
    }
    config.certificate = resolve(base, *certificate);
    config.private_key = resolve(base, *key);
    config.client_ca = resolve(base, *client_ca);
    return {};
}

Parsed<void> read_storage(const TableReader& top, const std::filesystem::path& base, ServerConfig& config) {
    auto storage = top.table("storage");
    if (!storage) {
        return std::unexpected(storage.error());
    }
    if (auto known = storage->check_keys({"url", "connections"}); !known) {
        return known;
    }
    auto connections = storage->integer("connections", config.storage_connections, 1, 256);
    if (!connections) {
        return std::unexpected(connections.error());
    }
    config.storage_connections = *connections;
    auto url = storage->string("url", config.storage_url);
    if (!url) {
        return std::unexpected(url.error());
    }
    if (url->starts_with("sqlite:")) {
        config.storage_url = "sqlite:" + resolve(base, url->substr(7)).string();
    } else if (url->starts_with("postgresql://") || url->starts_with("postgres://")) {
        config.storage_url = *url;
    } else {
        return std::unexpected(storage->error(ConfigErrorCode::bad_value, "url", line_of(*storage->find("url")),
                                              "must start with sqlite: or postgresql://"));
    }
    return {};
}

Parsed<void> read_retention(const TableReader& top, ServerConfig& config) {
    auto retention = top.table("retention");
    if (!retention) {
        return std::unexpected(retention.error());
    }
    if (auto known = retention->check_keys({"application_days", "idempotency_days"}); !known) {
        return known;
    }
    auto applications = retention->integer("application_days", config.application_retention.count(), 1, 3650);
    auto idempotency = retention->integer("idempotency_days", config.idempotency_retention.count(), 1, 365);
    for (const auto* value : {&applications, &idempotency}) {
        if (!*value) {
            return std::unexpected(value->error());
        }
    }
    config.application_retention = std::chrono::days(*applications);
    config.idempotency_retention = std::chrono::days(*idempotency);
    return {};
}

Parsed<void> read_queue(const TableReader& top, ServerConfig& config) {
    auto queue = top.table("queue");
    if (!queue) {
        return std::unexpected(queue.error());
    }
    if (auto known = queue->check_keys({"policy", "regular_per_priority", "priority_weight"}); !known) {
        return known;
    }
    auto policy = queue->string("policy", std::string(policy_name(config.policy.kind)));
    if (!policy) {
        return std::unexpected(policy.error());
    }
    const std::optional<PolicyKind> kind = parse_policy(*policy);
    if (!kind) {
        return std::unexpected(queue->error(ConfigErrorCode::bad_value, "policy", line_of(*queue->find("policy")),
                                            "must be strict, alternate or weighted"));
    }
    auto regular = queue->integer("regular_per_priority", config.policy.regular_per_priority, 0, 100);
    if (!regular) {
        return std::unexpected(regular.error());
    }
    auto weight = queue->number("priority_weight", config.policy.priority_weight, 1.0, 100.0);
    if (!weight) {
        return std::unexpected(weight.error());
    }
    config.policy = PriorityPolicy{*kind, *regular, *weight};
    return {};
}

Parsed<void> read_staff(const TableReader& top, ServerConfig& config) {
    auto staff = top.table("staff");
    if (!staff) {
        return std::unexpected(staff.error());
    }
    if (auto known = staff->check_keys({"login_attempts", "lockout_seconds"}); !known) {
        return known;
    }
    auto attempts = staff->integer("login_attempts", config.login_attempts, 1, 100);
    auto lockout = staff->integer("lockout_seconds", config.login_cool_down.count(), 1, 86400);
    for (const auto* value : {&attempts, &lockout}) {
        if (!*value) {
            return std::unexpected(value->error());
        }
    }
    config.login_attempts = *attempts;
    config.login_cool_down = std::chrono::seconds(*lockout);
    return {};
}

Parsed<void> read_terminals(const TableReader& top, ServerConfig& config) {
    auto terminals = top.table("terminals");
    if (!terminals) {
        return std::unexpected(terminals.error());
    }
    if (auto known = terminals->check_keys({"stale_after_seconds"}); !known) {
        return known;
    }
    auto stale = terminals->integer("stale_after_seconds", config.terminal_stale_after.count(), 1, 86400);
    if (!stale) {
        return std::unexpected(stale.error());
    }
    config.terminal_stale_after = std::chrono::seconds(*stale);
    return {};
}

Parsed<void> read_rest(const TableReader& top, const std::filesystem::path& base, ServerConfig& config) {
    auto catalog = top.table("catalog");
    auto signing = top.table("signing");
    auto status = top.table("status");
    auto limits = top.table("limits");
    for (const auto* table : {&catalog, &signing, &status, &limits}) {
        if (!*table) {
            return std::unexpected(table->error());
        }
    }
    // One call each: initializer lists nested in a range-for's braced list would dangle
    // (their arrays die before the loop body runs; GCC 12 predates C++23's fix, P2718).
    for (auto known : {catalog->check_keys({"services"}), signing->check_keys({"key_dir"}),
                       status->check_keys({"base_url", "listen_port"}),
                       limits->check_keys({"max_body_bytes", "max_photo_bytes", "worker_threads"})}) {
        if (!known) {
            return known;
        }
    }
    auto services = catalog->string("services", "", true);
    auto key_dir = signing->string("key_dir", config.signing_key_dir.string());
    auto base_url = status->string("base_url", "", true);
    for (const auto* value : {&services, &key_dir, &base_url}) {
        if (!*value) {
            return std::unexpected(value->error());
        }
    }
    if (!base_url->starts_with("https://")) {
        return std::unexpected(status->error(ConfigErrorCode::bad_value, "base_url", line_of(*status->find("base_url")),
                                             "must start with https://"));
    }
    auto body = limits->integer("max_body_bytes", config.max_body_bytes, 1024, 64 * 1024 * 1024);
    auto photo = limits->integer("max_photo_bytes", config.max_photo_bytes, 1024, 64 * 1024 * 1024);
    auto workers = limits->integer("worker_threads", config.worker_threads, 2, 4096);
    for (const auto* value : {&body, &photo, &workers}) {
        if (!*value) {
            return std::unexpected(value->error());
        }
    }
    config.worker_threads = *workers;
    config.max_photo_bytes = *photo;
    auto status_port = status->integer("listen_port", config.status_port, 0, 65535);
    if (!status_port) {
        return std::unexpected(status_port.error());
    }
    config.status_port = *status_port;
    config.services = resolve(base, *services);
    config.signing_key_dir = resolve(base, *key_dir);
    config.status_base_url = *base_url;
    config.max_body_bytes = *body;
    return {};
}

Parsed<ServerConfig> parse_with_base(std::string_view text, std::string_view file_name,
                                     const std::filesystem::path& base) {
    auto root = parse_toml_text(text, file_name);
    if (!root) {
        return std::unexpected(root.error());
    }
    const TableReader top(*root, std::string(file_name), "");
    if (auto known = top.check_keys(
            {"listen", "tls", "storage", "retention", "queue", "catalog", "signing", "status", "limits", "staff",
             "terminals"});
        !known) {
        return std::unexpected(known.error());
    }
    ServerConfig config;
    for (auto step : {read_listen(top, config), read_tls(top, base, config), read_storage(top, base, config),
                      read_retention(top, config), read_queue(top, config), read_staff(top, config),
                      read_terminals(top, config), read_rest(top, base, config)}) {
        if (!step) {
            return std::unexpected(step.error());
        }
    }
    return config;
}

}  // namespace

Parsed<ServerConfig> parse_server_config(std::string_view text, std::string_view file_name) {
    return parse_with_base(text, file_name, {});
}

Parsed<ServerConfig> load_server_config(const std::filesystem::path& path) {
    auto text = read_config_text(path);
    if (!text) {
        return std::unexpected(text.error());
    }
    return parse_with_base(*text, path.string(), path.parent_path());
}

}  // namespace madoguchi::server
