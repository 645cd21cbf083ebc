#pragma once
// The terminal's configuration file (TOML). Every key that is set must be right: a wrong type,
// a bad value or an unknown key is an error naming the file, the key and the line, never a
// silent default. Keys that are absent take the documented defaults.
#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi {

inline constexpr std::string_view k_default_config_path = "/etc/madoguchi/terminal.toml";

enum class Role { citizen, counter, floor, display };

std::string_view role_name(Role role);
// The server's pattern for site, counter and service ids: 1 to 32 of a-z, 0-9 and _.
bool is_api_id(std::string_view id);
std::optional<Role> role_from_name(std::string_view name);

// Where the receipt printer is: the first allowed USB printer, a device node (/dev/usb/lp0),
// raw TCP ("tcp://192.0.2.7:9100") or a file that receives each job (tests, the demo).
struct PrinterConnection {
    enum class Kind { usb, device, tcp, file };
    Kind kind = Kind::usb;
    std::string path_or_host;
    std::uint16_t port = 0;
};

struct TerminalConfig {
    std::string site;
    Role role = Role::citizen;
    std::string server_url;
    std::filesystem::path server_ca{"/etc/madoguchi/pki/ca.crt"};
    std::filesystem::path terminal_certificate{"/etc/madoguchi/pki/terminal.crt"};
    std::filesystem::path terminal_certificate_key{"/etc/madoguchi/pki/terminal.key"};
    // A kiosk reports its printer, card reader and outbox at least this often, and at once when
    // one of them changes.
    std::chrono::seconds health_report_interval{60};
    std::filesystem::path outbox{"/var/lib/madoguchi/outbox.db"};
    std::filesystem::path terminal_key{"/etc/madoguchi/terminal.key"};
    // Shared by the site's kiosks and counters: applications are sealed end to end with it.
    std::filesystem::path application_key{"/etc/madoguchi/application.key"};
    // The first language is the one every session starts in.
    std::vector<std::string> languages{"ja", "en"};
    std::chrono::seconds idle_timeout{60};
    std::chrono::seconds idle_countdown{20};
    std::string card_reader;
    bool shuffle_pin_pad = false;
    // The kiosk's A4 printer, a CUPS queue: the filled forms are printed there for the citizen to
    // sign at the counter. None: the kiosk has no A4 printer, and the counter prints them.
    std::optional<std::string> kiosk_a4_printer;
    PrinterConnection printer;
    // The printer model's file in share/madoguchi/printers, without ".toml"; a USB printer that
    // a profile names by its ids uses that profile instead.
    std::string printer_profile = "epson_tm_t88";
    // Offer a priority ticket after the service is chosen.
    bool priority_tickets = false;
    // A staff tablet (role citizen): every session on it is an assisted one, staff beside the
    // citizen, and its tickets are marked so for the counter.
    bool assisted = false;
    // Numbers leased per service for issuing while the server is away; 0: no offline issuing.
    std::int64_t offline_block_size = 30;
    // Role counter: the counter's id in the server's API (empty: staff choose it at log-in), the
    // services it calls (empty: every service), and how long after a call No-show is offered.
    std::string counter_id;
    std::vector<std::string> counter_services;
    std::chrono::minutes no_show_after{3};
    // The CUPS queue the counter prints the citizen's forms on; none: CUPS's default printer.
    std::optional<std::string> counter_a4_printer;
    // The counter's camera, a V4L2 device node, read for ticket QR codes; empty: no camera.
    std::filesystem::path counter_camera;
    // Role floor: how often the overview is fetched, the longest wait that marks a service, and
    // the folder the day's statistics are saved to as CSV.
    std::chrono::seconds floor_refresh{10};
    std::chrono::minutes floor_long_wait{30};
    std::filesystem::path floor_reports{"/var/lib/madoguchi/reports"};
    // Role floor on a tablet with the kiosk's card reader and ticket printer: a logged-in floor
    // manager starts assisted sessions on it (issue 7).
    bool floor_assisted_sessions = false;
    // assets/services.toml; empty: the copy installed with madoguchi.
    std::filesystem::path services_catalog;
    std::filesystem::path font_regular{"/usr/share/fonts/truetype/bizud-gothic/BIZUDPGothic-Regular.ttf"};
    std::filesystem::path font_bold{"/usr/share/fonts/truetype/bizud-gothic/BIZUDPGothic-Bold.ttf"};
    std::filesystem::path font_fallback{"/usr/share/fonts/truetype/ipamj/ipamjm.ttf"};
};

enum class ConfigErrorCode { unreadable, syntax, unknown_key, missing_key, wrong_type, bad_value };

struct ConfigError {
    ConfigErrorCode code;
    std::string file;
    std::string key;   // dotted, e.g. "timeouts.idle_seconds"; empty for file-level errors
    std::uint32_t line = 0;  // 0 when the file has no line for it (a missing key)
    std::string reason;

    // "FILE:LINE: key KEY: REASON", the line printed before exit code 2.
    std::string describe() const;
};

std::expected<TerminalConfig, ConfigError> parse_config(std::string_view text, std::string_view file_name);
std::expected<TerminalConfig, ConfigError> load_config(const std::filesystem::path& path);

}  // namespace madoguchi
