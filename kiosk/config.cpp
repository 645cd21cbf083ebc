#include "config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "i18n.hpp"

namespace madoguchi {
namespace {

using Unexpected = std::unexpected<ConfigError>;

std::uint32_t line_of(const toml::node& node) { return node.source().begin.line; }

// Walks one file, remembering which keys it used so that anything left over is reported as
// unknown: a misspelt key must not fall back to a default unnoticed.
class Reader {
public:
    Reader(const toml::table& root, std::string_view file) : m_root(root), m_file(file) {}

    ConfigError error(ConfigErrorCode code, std::string key, std::uint32_t line, std::string reason) const {
        return ConfigError{code, m_file, std::move(key), line, std::move(reason)};
    }

    const toml::node* find(std::string_view table, std::string_view key) {
        m_used.insert(std::string(table) + "." + std::string(key));
        const toml::node* section = m_root.get(table);
        if (section == nullptr || !section->is_table()) {
            return nullptr;
        }
        return section->as_table()->get(key);
    }

    std::expected<std::string, ConfigError> string(std::string_view table, std::string_view key,
                                                   const std::string& fallback, bool required = false) {
        const toml::node* node = find(table, key);
        const std::string dotted = std::string(table) + "." + std::string(key);
        if (node == nullptr) {
            if (required) {
                return Unexpected(error(ConfigErrorCode::missing_key, dotted, 0, "is required"));
            }
            return fallback;
        }
        if (!node->is_string()) {
            return Unexpected(error(ConfigErrorCode::wrong_type, dotted, line_of(*node), "must be a string"));
        }
        return std::string(node->as_string()->get());
    }

    std::expected<bool, ConfigError> boolean(std::string_view table, std::string_view key, bool fallback) {
        const toml::node* node = find(table, key);
        if (node == nullptr) {
            return fallback;
        }
        if (!node->is_boolean()) {
            return Unexpected(error(ConfigErrorCode::wrong_type, std::string(table) + "." + std::string(key),
                                    line_of(*node), "must be true or false"));
        }
        return node->as_boolean()->get();
    }

    std::expected<std::chrono::seconds, ConfigError> seconds(std::string_view table, std::string_view key,
                                                             std::chrono::seconds fallback, std::int64_t min,
                                                             std::int64_t max) {
        const toml::node* node = find(table, key);
        const std::string dotted = std::string(table) + "." + std::string(key);
        if (node == nullptr) {
            return fallback;
        }
        if (!node->is_integer()) {
            return Unexpected(error(ConfigErrorCode::wrong_type, dotted, line_of(*node),
                                    "must be a whole number of seconds"));
        }
        const std::int64_t value = node->as_integer()->get();
        if (value < min || value > max) {
            return Unexpected(error(ConfigErrorCode::bad_value, dotted, line_of(*node),
                                    "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                                        " seconds, not " + std::to_string(value)));
        }
        return std::chrono::seconds(value);
    }

    std::expected<void, ConfigError> check_unknown_keys() const {
        static const std::set<std::string, std::less<>> k_tables{"terminal", "server",  "storage", "timeouts",
                                                                  "devices",  "printer", "tickets", "fonts",
                                                                  "counter", "floor"};
        for (const auto& [name, node] : m_root) {
            const std::string table(name.str());
            if (!k_tables.contains(table)) {
                return Unexpected(error(ConfigErrorCode::unknown_key, table, line_of(node), "is not a known section"));
            }
            if (!node.is_table()) {
                return Unexpected(error(ConfigErrorCode::wrong_type, table, line_of(node), "must be a section"));
            }
            for (const auto& [key, value] : *node.as_table()) {
                const std::string dotted = table + "." + std::string(key.str());
                if (!m_used.contains(dotted)) {
                    return Unexpected(error(ConfigErrorCode::unknown_key, dotted, line_of(value), "is not a known key"));
                }
            }
        }
        return {};
    }

private:
    const toml::table& m_root;
    std::string m_file;
    std::set<std::string, std::less<>> m_used;
};

std::expected<Role, ConfigError> parse_role(Reader& reader) {
    const toml::node* node = reader.find("terminal", "role");
    if (node == nullptr) {
        return Role::citizen;
    }
    const std::optional<std::string> name = node->value<std::string>();
    if (const auto role = name ? role_from_name(*name) : std::nullopt) {
        return *role;
    }
    return Unexpected(reader.error(ConfigErrorCode::bad_value, "terminal.role", line_of(*node),
                                   "must be one of citizen, counter, floor, display"));
}

std::expected<std::vector<std::string>, ConfigError> parse_languages(Reader& reader) {
    const toml::node* node = reader.find("terminal", "languages");
    if (node == nullptr) {
        return TerminalConfig{}.languages;
    }
    const toml::array* array = node->as_array();
    if (array == nullptr || array->empty()) {
        return Unexpected(reader.error(ConfigErrorCode::wrong_type, "terminal.languages", line_of(*node),
                                       "must be a non-empty list of language codes, like [\"ja\", \"en\"]"));
    }
    std::vector<std::string> languages;
    for (const toml::node& item : *array) {
        const std::optional<std::string> code = item.value<std::string>();
        if (!code) {
            return Unexpected(reader.error(ConfigErrorCode::wrong_type, "terminal.languages", line_of(item),
                                           "must hold only strings"));
        }
        if (!is_supported_language(*code)) {
            return Unexpected(reader.error(ConfigErrorCode::bad_value, "terminal.languages", line_of(item),
                                           "\"" + *code + "\" has no translation catalog"));
        }
        if (std::ranges::find(languages, *code) != languages.end()) {
            return Unexpected(reader.error(ConfigErrorCode::bad_value, "terminal.languages", line_of(item),
                                           "lists \"" + *code + "\" twice"));
        }
        languages.push_back(*code);
    }
    return languages;
}

// A CUPS queue name as lpadmin accepts it (printable, none of space / \\ ? ' " # @), so that a
// misspelt queue is caught at start-up rather than when the first citizen's forms are printed.
// Absent: nullopt, which each role reads its own way.
std::expected<std::optional<std::string>, ConfigError> read_a4_printer(Reader& reader, std::string_view table) {
    const toml::node* node = reader.find(table, "a4_printer");
    if (node == nullptr) {
        return std::nullopt;
    }
    const std::string dotted = std::string(table) + ".a4_printer";
    const std::optional<std::string> name = node->value<std::string>();
    if (!name) {
        return Unexpected(reader.error(ConfigErrorCode::wrong_type, dotted, line_of(*node), "must be a string"));
    }
    const bool valid = !name->empty() && name->size() <= 127 && std::ranges::all_of(*name, [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte > ' ' && byte != 127 && std::string_view("/\\?'\"#@").find(c) == std::string_view::npos;
    });
    if (!valid) {
        return Unexpected(reader.error(ConfigErrorCode::bad_value, dotted, line_of(*node),
                                       "must name a CUPS queue (as `lpstat -e` lists them), like \"A4\""));
    }
    return name;
}

// Checked against the server's id pattern here, so that a wrong id stops the terminal at start-up
// rather than failing every request at the counter.
std::expected<void, ConfigError> read_counter(Reader& reader, TerminalConfig& config) {
    auto id = reader.string("counter", "id", "");
    if (!id) {
        return Unexpected(id.error());
    }
    if (!id->empty() && !is_api_id(*id)) {
        return Unexpected(reader.error(ConfigErrorCode::bad_value, "counter.id", line_of(*reader.find("counter", "id")),
                                       "must be 1 to 32 of a-z, 0-9 and _, like \"3\" or \"window_2\""));
    }
    config.counter_id = *id;
    auto camera = reader.string("counter", "camera", "");
    if (!camera) {
        return Unexpected(camera.error());
    }
    if (!camera->empty() && !std::filesystem::path(*camera).is_absolute()) {
        return Unexpected(reader.error(ConfigErrorCode::bad_value, "counter.camera",
                                       line_of(*reader.find("counter", "camera")),
                                       "must be a device node like \"/dev/video0\", or \"\" for no camera"));
    }
    config.counter_camera = *camera;
    if (const toml::node* node = reader.find("counter", "services")) {
        const toml::array* array = node->as_array();
        if (array == nullptr) {
            return Unexpected(reader.error(ConfigErrorCode::wrong_type, "counter.services", line_of(*node),
                                           "must be a list of service ids, like [\"certificates\"]"));
        }
        for (const toml::node& item : *array) {
            const std::optional<std::string> service = item.value<std::string>();
            if (!service || !is_api_id(*service)) {
                return Unexpected(reader.error(ConfigErrorCode::bad_value, "counter.services", line_of(item),
                                               "must hold service ids (a-z, 0-9 and _)"));
            }
            config.counter_services.push_back(*service);
        }
    }
    const toml::node* minutes = reader.find("counter", "no_show_after_minutes");
    if (minutes == nullptr) {
        return {};
    }
    if (!minutes->is_integer()) {
        return Unexpected(reader.error(ConfigErrorCode::wrong_type, "counter.no_show_after_minutes", line_of(*minutes),
                                       "must be a whole number of minutes"));
    }
    const std::int64_t value = minutes->as_integer()->get();
    if (value < 0 || value > 60) {
        return Unexpected(reader.error(ConfigErrorCode::bad_value, "counter.no_show_after_minutes", line_of(*minutes),
                                       "must be between 0 and 60 minutes, not " + std::to_string(value)));
    }
    config.no_show_after = std::chrono::minutes(value);
    return {};
}

std::expected<void, ConfigError> read_a4_printers(Reader& reader, TerminalConfig& config) {
    auto kiosk = read_a4_printer(reader, "devices");
    if (!kiosk) {
        return Unexpected(kiosk.error());
    }
    config.kiosk_a4_printer = *kiosk;
    auto counter = read_a4_printer(reader, "counter");
    if (!counter) {
        return Unexpected(counter.error());
    }
    config.counter_a4_printer = *counter;
    return {};
}

// The server leases at most 500 numbers at a time.
std::expected<void, ConfigError> read_offline_block_size(Reader& reader, TerminalConfig& config) {
    const toml::node* size = reader.find("tickets", "offline_block_size");
    if (size == nullptr) {
        return {};
    }
    if (!size->is_integer()) {
        return Unexpected(reader.error(ConfigErrorCode::wrong_type, "tickets.offline_block_size", line_of(*size),
                                       "must be a whole number of tickets"));
    }
    const std::int64_t value = size->as_integer()->get();
    if (value < 0 || value > 500) {
        return Unexpected(reader.error(ConfigErrorCode::bad_value, "tickets.offline_block_size", line_of(*size),
                                       "must be between 0 and 500 tickets, not " + std::to_string(value)));
    }
    config.offline_block_size = value;
    return {};
}

std::expected<void, ConfigError> read_floor(Reader& reader, TerminalConfig& config) {
    auto refresh = reader.seconds("floor", "refresh_seconds", config.floor_refresh, 2, 300);
    if (!refresh) {
        return Unexpected(refresh.error());
    }
    config.floor_refresh = *refresh;
    if (const toml::node* minutes = reader.find("floor", "long_wait_minutes")) {
        if (!minutes->is_integer()) {
            return Unexpected(reader.error(ConfigErrorCode::wrong_type, "floor.long_wait_minutes", line_of(*minutes),
                                           "must be a whole number of minutes"));
        }
        const std::int64_t value = minutes->as_integer()->get();
        if (value < 1 || value > 480) {
            return Unexpected(reader.error(ConfigErrorCode::bad_value, "floor.long_wait_minutes", line_of(*minutes),
                                           "must be between 1 and 480 minutes, not " + std::to_string(value)));
        }
        config.floor_long_wait = std::chrono::minutes(value);
    }
    auto reports = reader.string("floor", "reports", config.floor_reports.string());
    if (!reports) {
        return Unexpected(reports.error());
    }
    if (reports->empty()) {
        return Unexpected(reader.error(ConfigErrorCode::bad_value, "floor.reports",
                                       line_of(*reader.find("floor", "reports")), "must name a folder"));
    }
    config.floor_reports = *reports;
    auto assisted_sessions = reader.boolean("floor", "assisted_sessions", config.floor_assisted_sessions);
    if (!assisted_sessions) {
        return Unexpected(assisted_sessions.error());
    }
    config.floor_assisted_sessions = *assisted_sessions;
    return {};
}

std::expected<std::string, ConfigError> parse_server_url(Reader& reader) {
    auto url = reader.string("server", "url", "", true);
    if (!url) {
        return url;
    }
    // Personal data travels to the server: TLS with client certificates, even on this machine.
    if (!url->starts_with("https://")) {
        const toml::node* node = reader.find("server", "url");
        return Unexpected(reader.error(ConfigErrorCode::bad_value, "server.url", line_of(*node),
                                       "must start with https://"));
    }
    return url;
}

std::expected<PrinterConnection, ConfigError> parse_printer_connection(Reader& reader) {
    const toml::node* node = reader.find("printer", "connection");
    if (node == nullptr) {
        return PrinterConnection{};
    }
    const auto bad = [&](std::string reason) {
        return Unexpected(reader.error(ConfigErrorCode::bad_value, "printer.connection", line_of(*node), std::move(reason)));
    };
    const std::optional<std::string> text = node->value<std::string>();
    if (!text) {
        return Unexpected(reader.error(ConfigErrorCode::wrong_type, "printer.connection", line_of(*node),
                                       "must be a string"));
    }
    const std::string_view value = *text;
    if (value == "usb") {
        return PrinterConnection{};
    }
    if (value.starts_with("/dev/")) {
        return PrinterConnection{PrinterConnection::Kind::device, std::string(value), 0};
    }
    if (value.starts_with("file:") && value.size() > 5) {
        return PrinterConnection{PrinterConnection::Kind::file, std::string(value.substr(5)), 0};
    }
    if (value.starts_with("tcp://")) {
        const std::string_view rest = value.substr(6);
        const std::size_t colon = rest.rfind(':');
        std::uint16_t port = 0;
        const std::string_view digits = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (colon == 0 || colon == std::string_view::npos || digits.empty() || error != std::errc{} ||
            end != digits.data() + digits.size() || port == 0) {
            return bad("tcp:// needs a host and a port, like \"tcp://192.0.2.7:9100\"");
        }
        std::string_view host = rest.substr(0, colon);
        if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
            host = host.substr(1, host.size() - 2);
        }
        return PrinterConnection{PrinterConnection::Kind::tcp, std::string(host), port};
    }
    return bad("must be \"usb\", a device like \"/dev/usb/lp0\", \"tcp://HOST:PORT\" or \"file:PATH\"");
}

std::expected<void, ConfigError> read_printer(Reader& reader, TerminalConfig& config) {
    auto connection = parse_printer_connection(reader);
    if (!connection) {
        return Unexpected(connection.error());
    }
    config.printer = *connection;
    auto profile = reader.string("printer", "profile", config.printer_profile);
    if (!profile) {
        return Unexpected(profile.error());
    }
    // A file name inside the profiles folder, never a path that could point elsewhere.
    const bool plain = !profile->empty() && std::ranges::all_of(*profile, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (!plain) {
        return Unexpected(reader.error(ConfigErrorCode::bad_value, "printer.profile",
                                       line_of(*reader.find("printer", "profile")),
                                       "must name a file in share/madoguchi/printers without \".toml\", like "
                                       "\"epson_tm_t88\""));
    }
    config.printer_profile = *profile;
    return {};
}

std::expected<TerminalConfig, ConfigError> read_all(Reader& reader) {
    TerminalConfig config;
    const TerminalConfig defaults;

    auto site = reader.string("terminal", "site", "", true);
    if (!site) {
        return Unexpected(site.error());
    }
    if (site->empty()) {
        const toml::node* node = reader.find("terminal", "site");
        return Unexpected(reader.error(ConfigErrorCode::bad_value, "terminal.site", line_of(*node), "must not be empty"));
    }
    config.site = *site;

    auto role = parse_role(reader);
    if (!role) {
        return Unexpected(role.error());
    }
    config.role = *role;

    auto languages = parse_languages(reader);
    if (!languages) {
        return Unexpected(languages.error());
    }
    config.languages = *languages;

    auto url = parse_server_url(reader);
    if (!url) {
        return Unexpected(url.error());
    }
    config.server_url = *url;

    auto idle = reader.seconds("timeouts", "idle_seconds", defaults.idle_timeout, 10, 3600);
    if (!idle) {
        return Unexpected(idle.error());
    }
    config.idle_timeout = *idle;
    auto countdown = reader.seconds("timeouts", "idle_countdown_seconds", defaults.idle_countdown, 5, 300);
    if (!countdown) {
        return Unexpected(countdown.error());
    }
    config.idle_countdown = *countdown;

    auto health_interval =
        reader.seconds("server", "health_report_seconds", defaults.health_report_interval, 1, 3600);
    if (!health_interval) {
        return Unexpected(health_interval.error());
    }
    config.health_report_interval = *health_interval;

    auto server_ca = reader.string("server", "ca_certificate", defaults.server_ca.string());
    auto certificate = reader.string("server", "certificate", defaults.terminal_certificate.string());
    auto certificate_key = reader.string("server", "key", defaults.terminal_certificate_key.string());
    auto outbox = reader.string("storage", "outbox", defaults.outbox.string());
    auto terminal_key = reader.string("storage", "terminal_key", defaults.terminal_key.string());
    auto application_key = reader.string("storage", "application_key", defaults.application_key.string());
    for (const auto* value : {&server_ca, &certificate, &certificate_key, &outbox, &terminal_key, &application_key}) {
        if (!*value) {
            return Unexpected(value->error());
        }
    }
    config.server_ca = *server_ca;
    config.terminal_certificate = *certificate;
    config.terminal_certificate_key = *certificate_key;
    config.outbox = *outbox;
    config.terminal_key = *terminal_key;
    auto services = reader.string("terminal", "services", "");
    if (!services) {
        return Unexpected(services.error());
    }
    config.services_catalog = *services;
    config.application_key = *application_key;

    auto reader_name = reader.string("devices", "card_reader", defaults.card_reader);
    auto regular = reader.string("fonts", "regular", defaults.font_regular.string());
    auto bold = reader.string("fonts", "bold", defaults.font_bold.string());
    auto fallback = reader.string("fonts", "fallback", defaults.font_fallback.string());
    for (const auto* value : {&reader_name, &regular, &bold, &fallback}) {
        if (!*value) {
            return Unexpected(value->error());
        }
    }
    config.card_reader = *reader_name;
    auto shuffle = reader.boolean("devices", "shuffle_pin_pad", defaults.shuffle_pin_pad);
    if (!shuffle) {
        return Unexpected(shuffle.error());
    }
    config.shuffle_pin_pad = *shuffle;
    auto priority = reader.boolean("tickets", "priority", defaults.priority_tickets);
    if (!priority) {
        return Unexpected(priority.error());
    }
    config.priority_tickets = *priority;
    auto assisted = reader.boolean("terminal", "assisted", defaults.assisted);
    if (!assisted) {
        return Unexpected(assisted.error());
    }
    config.assisted = *assisted;
    if (auto blocks = read_offline_block_size(reader, config); !blocks) {
        return Unexpected(blocks.error());
    }
    if (auto printer = read_printer(reader, config); !printer) {
        return Unexpected(printer.error());
    }
    if (auto counter = read_counter(reader, config); !counter) {
        return Unexpected(counter.error());
    }
    if (auto a4 = read_a4_printers(reader, config); !a4) {
        return Unexpected(a4.error());
    }
    if (auto floor = read_floor(reader, config); !floor) {
        return Unexpected(floor.error());
    }
    config.font_regular = *regular;
    config.font_bold = *bold;
    config.font_fallback = *fallback;

    auto unknown = reader.check_unknown_keys();
    if (!unknown) {
        return Unexpected(unknown.error());
    }
    return config;
}

}  // namespace

bool is_api_id(std::string_view id) {
    return !id.empty() && id.size() <= 32 &&
           std::ranges::all_of(id, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::string_view role_name(Role role) {
    switch (role) {
        case Role::citizen: return "citizen";
        case Role::counter: return "counter";
        case Role::floor: return "floor";
        case Role::display: return "display";
    }
    return "citizen";
}

std::optional<Role> role_from_name(std::string_view name) {
    for (Role role : {Role::citizen, Role::counter, Role::floor, Role::display}) {
        if (name == role_name(role)) {
            return role;
        }
    }
    return std::nullopt;
}

std::string ConfigError::describe() const {
    std::string text = file;
    if (line > 0) {
        text += ":" + std::to_string(line);
    }
    text += ": ";
    if (!key.empty()) {
        text += "key " + key + ": ";
    }
    text += reason;
    return text;
}

std::expected<TerminalConfig, ConfigError> parse_config(std::string_view text, std::string_view file_name) {
    toml::table root;
    try {
        root = toml::parse(text, file_name);
    } catch (const toml::parse_error& error) {
        return Unexpected(ConfigError{ConfigErrorCode::syntax, std::string(file_name), "",
                                      error.source().begin.line, std::string(error.description())});
    }
    Reader reader(root, file_name);
    return read_all(reader);
}

std::expected<TerminalConfig, ConfigError> load_config(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return Unexpected(ConfigError{ConfigErrorCode::unreadable, path.string(), "", 0,
                                      "cannot be opened (missing, or no permission to read it)"});
    }
    std::ostringstream text;
    text << file.rdbuf();
    return parse_config(text.str(), path.string());
}

}  // namespace madoguchi
