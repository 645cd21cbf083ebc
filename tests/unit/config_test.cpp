#include <doctest/doctest.h>

#include "kiosk/config.hpp"

using namespace madoguchi;

namespace {

constexpr const char* k_minimal = R"(
[terminal]
site = "chuo"
[server]
url = "https://server.example:8443"
)";

ConfigError parse_error(std::string_view text) {
    const auto config = parse_config(text, "terminal.toml");
    REQUIRE_FALSE(config.has_value());
    return config.error();
}

}  // namespace

TEST_CASE("a minimal file takes the documented defaults") {
    const auto config = parse_config(k_minimal, "terminal.toml");
    REQUIRE(config.has_value());
    CHECK(config->site == "chuo");
    CHECK(config->role == Role::citizen);
    CHECK(config->languages == std::vector<std::string>{"ja", "en"});
    CHECK(config->idle_timeout == std::chrono::seconds(60));
    CHECK(config->idle_countdown == std::chrono::seconds(20));
    CHECK(config->health_report_interval == std::chrono::seconds(60));
}

TEST_CASE("the shipped default configuration is valid") {
    const auto config = load_config(MADOGUCHI_SOURCE_DIR "/installer/terminal.toml");
    REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().describe()));
    CHECK(config->site == "chuo");
}

TEST_CASE("every key can be set") {
    const auto config = parse_config(R"(
[terminal]
site = "minato"
role = "display"
languages = ["en", "ja"]
[server]
url = "https://127.0.0.1:8443"
ca_certificate = "/pki/ca.crt"
certificate = "/pki/kiosk.crt"
key = "/pki/kiosk.key"
health_report_seconds = 15
[storage]
outbox = "/data/outbox.db"
terminal_key = "/data/terminal.key"
application_key = "/data/application.key"
[timeouts]
idle_seconds = 90
idle_countdown_seconds = 10
[devices]
card_reader = "ACS ACR39U"
shuffle_pin_pad = true
[printer]
connection = "tcp://192.0.2.7:9100"
profile = "star_mc_print3"
[tickets]
priority = true
[fonts]
regular = "/a.ttf"
bold = "/b.ttf"
fallback = "/c.ttf"
)",
                                     "terminal.toml");
    REQUIRE(config.has_value());
    CHECK(config->role == Role::display);
    CHECK(config->languages.front() == "en");
    CHECK(config->idle_timeout == std::chrono::seconds(90));
    CHECK(config->idle_countdown == std::chrono::seconds(10));
    CHECK(config->card_reader == "ACS ACR39U");
    CHECK(config->shuffle_pin_pad);
    CHECK(config->font_fallback == "/c.ttf");
    CHECK(config->server_ca == "/pki/ca.crt");
    CHECK(config->terminal_certificate_key == "/pki/kiosk.key");
    CHECK(config->outbox == "/data/outbox.db");
    CHECK(config->terminal_key == "/data/terminal.key");
    CHECK(config->printer.kind == PrinterConnection::Kind::tcp);
    CHECK(config->printer.path_or_host == "192.0.2.7");
    CHECK(config->printer.port == 9100);
    CHECK(config->printer_profile == "star_mc_print3");
    CHECK(config->priority_tickets);
    CHECK(config->application_key == "/data/application.key");
    CHECK(config->health_report_interval == std::chrono::seconds(15));
}

TEST_CASE("printer connections: each form, and bad ones named with key and line") {
    const auto connection = [](std::string_view value) {
        return parse_config(std::string(k_minimal) + "[printer]\nconnection = \"" + std::string(value) + "\"\n",
                            "terminal.toml");
    };
    CHECK(connection("usb")->printer.kind == PrinterConnection::Kind::usb);
    CHECK(connection("/dev/usb/lp0")->printer.path_or_host == "/dev/usb/lp0");
    CHECK(connection("file:/tmp/job.bin")->printer.kind == PrinterConnection::Kind::file);
    CHECK(connection("file:/tmp/job.bin")->printer.path_or_host == "/tmp/job.bin");
    CHECK(connection("tcp://[::1]:9100")->printer.path_or_host == "::1");
    for (const char* bad : {"tcp://host", "tcp://:9100", "tcp://host:0", "tcp://host:99999", "lp0", "file:"}) {
        INFO(bad);
        const auto refused = connection(bad);
        REQUIRE_FALSE(refused.has_value());
        CHECK(refused.error().key == "printer.connection");
        CHECK(refused.error().line == 7);
        CHECK(refused.error().code == ConfigErrorCode::bad_value);
    }
    const ConfigError path = parse_error(std::string(k_minimal) + "[printer]\nprofile = \"../../etc/x\"\n");
    CHECK(path.key == "printer.profile");
    CHECK(path.line == 7);
    CHECK(parse_error(std::string(k_minimal) + "[printer]\nconnection = 9100\n").code == ConfigErrorCode::wrong_type);
    const ConfigError priority = parse_error(std::string(k_minimal) + "[tickets]\npriority = \"yes\"\n");
    CHECK(priority.key == "tickets.priority");
    CHECK(priority.code == ConfigErrorCode::wrong_type);
}

TEST_CASE("a syntax error names the file and line") {
    const ConfigError error = parse_error("[terminal]\nsite = \"chuo\nrole = 1\n");
    CHECK(error.code == ConfigErrorCode::syntax);
    CHECK(error.file == "terminal.toml");
    CHECK(error.line == 2);
    CHECK(error.describe().starts_with("terminal.toml:2: "));
}

TEST_CASE("a wrong type names the key and its line") {
    const ConfigError error = parse_error(std::string(k_minimal) + "[timeouts]\nidle_seconds = \"sixty\"\n");
    CHECK(error.code == ConfigErrorCode::wrong_type);
    CHECK(error.key == "timeouts.idle_seconds");
    CHECK(error.line == 7);
    CHECK(error.describe() == "terminal.toml:7: key timeouts.idle_seconds: must be a whole number of seconds");
}

TEST_CASE("a switch must be true or false") {
    const ConfigError error = parse_error(std::string(k_minimal) + "[devices]\nshuffle_pin_pad = \"yes\"\n");
    CHECK(error.code == ConfigErrorCode::wrong_type);
    CHECK(error.key == "devices.shuffle_pin_pad");
    CHECK(error.line == 7);
}

TEST_CASE("a value out of range is refused, not clamped") {
    const ConfigError error = parse_error(std::string(k_minimal) + "[timeouts]\nidle_seconds = 2\n");
    CHECK(error.code == ConfigErrorCode::bad_value);
    CHECK(error.key == "timeouts.idle_seconds");
}

TEST_CASE("a misspelt key is an error, not a silent default") {
    const ConfigError error = parse_error(std::string(k_minimal) + "[timeouts]\nidle_second = 30\n");
    CHECK(error.code == ConfigErrorCode::unknown_key);
    CHECK(error.key == "timeouts.idle_second");
    CHECK(error.line == 7);
}

TEST_CASE("an unknown section is an error") {
    const ConfigError error = parse_error(std::string(k_minimal) + "[printers]\nmodel = \"x\"\n");
    CHECK(error.code == ConfigErrorCode::unknown_key);
    CHECK(error.key == "printers");
}

TEST_CASE("required keys") {
    CHECK(parse_error("[server]\nurl = \"https://a\"\n").key == "terminal.site");
    CHECK(parse_error("[terminal]\nsite = \"chuo\"\n").key == "server.url");
    CHECK(parse_error("[terminal]\nsite = \"\"\n[server]\nurl = \"https://a\"\n").code == ConfigErrorCode::bad_value);
}

TEST_CASE("bad roles and languages") {
    const ConfigError role = parse_error("[terminal]\nsite = \"a\"\nrole = \"admin\"\n[server]\nurl = \"https://a\"\n");
    CHECK(role.key == "terminal.role");
    CHECK(role.line == 3);
    const ConfigError klingon =
        parse_error("[terminal]\nsite = \"a\"\nlanguages = [\"ja\", \"tlh\"]\n[server]\nurl = \"https://a\"\n");
    CHECK(klingon.key == "terminal.languages");
    CHECK(klingon.reason.find("tlh") != std::string::npos);
    const ConfigError twice =
        parse_error("[terminal]\nsite = \"a\"\nlanguages = [\"ja\", \"ja\"]\n[server]\nurl = \"https://a\"\n");
    CHECK(twice.code == ConfigErrorCode::bad_value);
    const ConfigError empty = parse_error("[terminal]\nsite = \"a\"\nlanguages = []\n[server]\nurl = \"https://a\"\n");
    CHECK(empty.code == ConfigErrorCode::wrong_type);
}

TEST_CASE("personal data never travels in clear text") {
    const ConfigError error = parse_error("[terminal]\nsite = \"a\"\n[server]\nurl = \"http://city.example\"\n");
    CHECK(error.key == "server.url");
    CHECK(error.line == 4);
    CHECK_FALSE(parse_config("[terminal]\nsite = \"a\"\n[server]\nurl = \"http://localhost:8080\"\n", "t"));
}

TEST_CASE("a missing file is reported with its path") {
    const auto config = load_config("/nonexistent/terminal.toml");
    REQUIRE_FALSE(config.has_value());
    CHECK(config.error().code == ConfigErrorCode::unreadable);
    CHECK(config.error().describe().starts_with("/nonexistent/terminal.toml: "));
}

TEST_CASE("garbage bytes give an error, not a crash") {
    const std::string garbage("\xff\xfe\x00[[[=\x01\"", 9);
    CHECK(parse_error(garbage).code == ConfigErrorCode::syntax);
}

TEST_CASE("the counter's id, services and no-show delay") {
    const auto defaults = parse_config(k_minimal, "terminal.toml");
    REQUIRE(defaults.has_value());
    CHECK(defaults->counter_id.empty());
    CHECK(defaults->counter_services.empty());
    CHECK(defaults->no_show_after == std::chrono::minutes(3));

    const auto set = parse_config(std::string(k_minimal) + R"(
[counter]
id = "window_2"
services = ["certificates", "moving"]
no_show_after_minutes = 0
)",
                                  "terminal.toml");
    REQUIRE_MESSAGE(set.has_value(), (set ? "" : set.error().describe()));
    CHECK(set->counter_id == "window_2");
    CHECK(set->counter_services == std::vector<std::string>{"certificates", "moving"});
    CHECK(set->no_show_after == std::chrono::minutes(0));

    const auto bad = [](std::string_view lines) {
        return parse_error(std::string(k_minimal) + "[counter]\n" + std::string(lines));
    };
    const ConfigError negative = bad("no_show_after_minutes = -1\n");
    CHECK(negative.code == ConfigErrorCode::bad_value);
    CHECK(negative.key == "counter.no_show_after_minutes");
    CHECK(negative.line == 7);
    CHECK(negative.describe() ==
          "terminal.toml:7: key counter.no_show_after_minutes: must be between 0 and 60 minutes, not -1");
    CHECK(bad("no_show_after_minutes = \"3\"\n").code == ConfigErrorCode::wrong_type);
    CHECK(bad("no_show_after_minutes = 61\n").code == ConfigErrorCode::bad_value);
    const ConfigError spaced = bad("id = \"Window 2\"\n");
    CHECK(spaced.key == "counter.id");
    CHECK(spaced.line == 7);
    CHECK(bad("services = \"certificates\"\n").code == ConfigErrorCode::wrong_type);
    CHECK(bad("services = [\"certificates\", 3]\n").key == "counter.services");
    CHECK(bad("no_show_minutes = 3\n").code == ConfigErrorCode::unknown_key);
}

TEST_CASE("the counter's camera: absent or empty is none, else a device node's absolute path") {
    const auto defaults = parse_config(k_minimal, "terminal.toml");
    REQUIRE(defaults.has_value());
    CHECK(defaults->counter_camera.empty());
    const auto empty = parse_config(std::string(k_minimal) + "[counter]\ncamera = \"\"\n", "terminal.toml");
    REQUIRE(empty.has_value());
    CHECK(empty->counter_camera.empty());
    const auto set = parse_config(std::string(k_minimal) + "[counter]\ncamera = \"/dev/video0\"\n", "terminal.toml");
    REQUIRE(set.has_value());
    CHECK(set->counter_camera == "/dev/video0");

    const ConfigError relative = parse_error(std::string(k_minimal) + "[counter]\ncamera = \"video0\"\n");
    CHECK(relative.code == ConfigErrorCode::bad_value);
    CHECK(relative.describe() ==
          "terminal.toml:7: key counter.camera: must be a device node like \"/dev/video0\", or \"\" for no camera");
    const ConfigError number = parse_error(std::string(k_minimal) + "[counter]\ncamera = 0\n");
    CHECK(number.code == ConfigErrorCode::wrong_type);
    CHECK(number.key == "counter.camera");
    CHECK(number.line == 7);
}

TEST_CASE("offline block size: 30 by default, 0 turns offline issuing off, at most what the server leases") {
    const auto defaults = parse_config(k_minimal, "terminal.toml");
    REQUIRE(defaults.has_value());
    CHECK(defaults->offline_block_size == 30);
    const auto off = parse_config(std::string(k_minimal) + "[tickets]\noffline_block_size = 0\n", "terminal.toml");
    REQUIRE(off.has_value());
    CHECK(off->offline_block_size == 0);

    const auto bad = [](std::string_view line) { return parse_error(std::string(k_minimal) + "[tickets]\n" + std::string(line)); };
    const ConfigError too_big = bad("offline_block_size = 501\n");
    CHECK(too_big.code == ConfigErrorCode::bad_value);
    CHECK(too_big.describe() ==
          "terminal.toml:7: key tickets.offline_block_size: must be between 0 and 500 tickets, not 501");
    CHECK(bad("offline_block_size = -1\n").code == ConfigErrorCode::bad_value);
    CHECK(bad("offline_block_size = \"30\"\n").code == ConfigErrorCode::wrong_type);
}

TEST_CASE("the floor console's refresh, long wait, reports folder and assisted sessions") {
    const auto defaults = parse_config(k_minimal, "terminal.toml");
    REQUIRE(defaults.has_value());
    CHECK(defaults->floor_refresh == std::chrono::seconds(10));
    CHECK(defaults->floor_long_wait == std::chrono::minutes(30));
    CHECK(defaults->floor_reports == "/var/lib/madoguchi/reports");
    CHECK_FALSE(defaults->floor_assisted_sessions);

    const auto set = parse_config(std::string(k_minimal) + R"(
[floor]
refresh_seconds = 5
long_wait_minutes = 20
reports = "/srv/reports"
assisted_sessions = true
)",
                                  "terminal.toml");
    REQUIRE_MESSAGE(set.has_value(), (set ? "" : set.error().describe()));
    CHECK(set->floor_refresh == std::chrono::seconds(5));
    CHECK(set->floor_long_wait == std::chrono::minutes(20));
    CHECK(set->floor_reports == "/srv/reports");
    CHECK(set->floor_assisted_sessions);

    const auto bad = [](std::string_view lines) {
        return parse_error(std::string(k_minimal) + "[floor]\n" + std::string(lines));
    };
    const ConfigError fast = bad("refresh_seconds = 1\n");
    CHECK(fast.key == "floor.refresh_seconds");
    CHECK(fast.line == 7);
    CHECK(fast.code == ConfigErrorCode::bad_value);
    CHECK(bad("refresh_seconds = \"10\"\n").code == ConfigErrorCode::wrong_type);
    CHECK(bad("long_wait_minutes = 0\n").code == ConfigErrorCode::bad_value);
    CHECK(bad("long_wait_minutes = 1.5\n").code == ConfigErrorCode::wrong_type);
    CHECK(bad("reports = \"\"\n").key == "floor.reports");
    CHECK(bad("reports = 3\n").code == ConfigErrorCode::wrong_type);
    CHECK(bad("refresh = 10\n").code == ConfigErrorCode::unknown_key);
    const ConfigError assisted = bad("assisted_sessions = \"yes\"\n");
    CHECK(assisted.key == "floor.assisted_sessions");
    CHECK(assisted.line == 7);
    CHECK(assisted.code == ConfigErrorCode::wrong_type);
}

TEST_CASE("a staff tablet for assisted sessions is a switch in [terminal]") {
    std::string text(k_minimal);
    text.replace(text.find("site = \"chuo\""), 13, "site = \"chuo\"\nassisted = true");
    const auto tablet = parse_config(text, "terminal.toml");
    REQUIRE(tablet.has_value());
    CHECK(tablet->assisted);
    const auto kiosk = parse_config(k_minimal, "terminal.toml");
    REQUIRE(kiosk.has_value());
    CHECK_FALSE(kiosk->assisted);

    text.replace(text.find("assisted = true"), 15, "assisted = \"yes\"");
    const ConfigError error = parse_error(text);
    CHECK(error.code == ConfigErrorCode::wrong_type);
    CHECK(error.key == "terminal.assisted");
    CHECK(error.line == 4);
}

TEST_CASE("the A4 printers: the kiosk's, and the counter's, each a CUPS queue") {
    const auto defaults = parse_config(k_minimal, "terminal.toml");
    REQUIRE(defaults.has_value());
    CHECK_FALSE(defaults->kiosk_a4_printer.has_value());    // the kiosk has none
    CHECK_FALSE(defaults->counter_a4_printer.has_value());  // the counter uses CUPS's default

    const auto set = parse_config(std::string(k_minimal) + R"(
[devices]
a4_printer = "Kiosk_A4-2.floor1"
[counter]
a4_printer = "A4"
)",
                                  "terminal.toml");
    REQUIRE_MESSAGE(set.has_value(), (set ? "" : set.error().describe()));
    CHECK(set->kiosk_a4_printer == "Kiosk_A4-2.floor1");
    CHECK(set->counter_a4_printer == "A4");

    for (const char* table : {"devices", "counter"}) {
        CAPTURE(table);
        const auto bad = [table](std::string_view line) {
            return parse_error(std::string(k_minimal) + "[" + table + "]\n" + std::string(line));
        };
        const ConfigError spaced = bad("a4_printer = \"A4 printer\"\n");
        CHECK(spaced.code == ConfigErrorCode::bad_value);
        CHECK(spaced.key == std::string(table) + ".a4_printer");
        CHECK(spaced.line == 7);
        CHECK(spaced.describe() == "terminal.toml:7: key " + std::string(table) +
                                       ".a4_printer: must name a CUPS queue (as `lpstat -e` lists them), like \"A4\"");
        CHECK(bad("a4_printer = \"\"\n").code == ConfigErrorCode::bad_value);
        CHECK(bad("a4_printer = \"ipp://printer/ipp\"\n").code == ConfigErrorCode::bad_value);
        CHECK(bad("a4_printer = \"A4@server\"\n").code == ConfigErrorCode::bad_value);
        CHECK(bad("a4_printer = \"" + std::string(128, 'a') + "\"\n").code == ConfigErrorCode::bad_value);
        CHECK(bad("a4_printer = 4\n").code == ConfigErrorCode::wrong_type);
        CHECK(bad("a4_printer = true\n").key == std::string(table) + ".a4_printer");
        CHECK(bad("a4printer = \"A4\"\n").code == ConfigErrorCode::unknown_key);
    }
}
