#include "command_line.hpp"

#include <charconv>
#include <string_view>

#include "config.hpp"

namespace madoguchi {
namespace {

std::optional<int> parse_positive(std::string_view text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value <= 0) {
        return std::nullopt;
    }
    return value;
}

std::optional<WindowSize> parse_size(std::string_view text) {
    const auto x = text.find('x');
    if (x == std::string_view::npos) {
        return std::nullopt;
    }
    const auto width = parse_positive(text.substr(0, x));
    const auto height = parse_positive(text.substr(x + 1));
    if (!width || !height) {
        return std::nullopt;
    }
    return WindowSize{*width, *height};
}

}  // namespace

const char* usage_text() {
    return "usage: madoguchi [--config FILE] [--role ROLE] [--windowed WIDTHxHEIGHT] [--lang CODE]\n"
           "       madoguchi --screenshot FILE.png [--screen attract|menu|idle|display|…] [--lang CODE]\n"
           "                 [--config FILE]\n"
           "       madoguchi doctor [--config FILE]\n"
           "       madoguchi card status | card read [--reader NAME] [--json] [--number]   (PIN on standard input)\n"
           "       madoguchi ticket issue --service ID [--priority] [--lang CODE] [--out FILE] [--config FILE]\n"
           "       madoguchi ticket sync [--config FILE]   (send the outbox, lease number blocks)\n"
           "       madoguchi printer status | printer test [--out FILE] [--config FILE]\n"
           "       madoguchi forms list | check | fill | print | pdf   (madoguchi forms for details)\n"
           "       madoguchi --version\n"
           "\n"
           "  --config FILE        terminal configuration (default /etc/madoguchi/terminal.toml)\n"
           "  --windowed WxH       a window of that size instead of full screen (development)\n"
           "  --role ROLE          citizen, floor or display, instead of the configured terminal.role\n"
           "  --lang CODE          start in this language instead of the configured first one\n"
           "  --screenshot FILE    render one frame of --screen and write it as PNG, then exit\n"
           "  --frames N           exit after N frames\n";
}

std::expected<CommandLine, std::string> parse_command_line(std::span<const char* const> args) {
    CommandLine command_line;
    command_line.config_path = std::string(k_default_config_path);
    const std::pair<std::string_view, Command> subcommands[] = {
        {"card", Command::card}, {"ticket", Command::ticket}, {"printer", Command::printer},
        {"forms", Command::forms}};
    for (const auto& [word, command] : subcommands) {
        if (args.size() > 1 && std::string_view(args[1]) == word) {
            command_line.command = command;
            command_line.subcommand_args = args.subspan(2);
            return command_line;
        }
    }
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        const auto value = [&]() -> std::optional<std::string_view> {
            if (i + 1 >= args.size()) {
                return std::nullopt;
            }
            return std::string_view(args[++i]);
        };
        if (arg == "--version") {
            command_line.command = Command::version;
        } else if (arg == "--help" || arg == "-h") {
            command_line.command = Command::help;
        } else if (arg == "doctor" && command_line.command == Command::run) {
            command_line.command = Command::doctor;
        } else if (arg == "--config") {
            const auto path = value();
            if (!path) {
                return std::unexpected("--config needs a file");
            }
            command_line.config_path = std::string(*path);
        } else if (arg == "--windowed") {
            const auto size_text = value();
            const auto size = size_text ? parse_size(*size_text) : std::nullopt;
            if (!size) {
                return std::unexpected("--windowed needs a size like 1920x1080");
            }
            command_line.windowed = size;
        } else if (arg == "--lang") {
            const auto code = value();
            if (!code) {
                return std::unexpected("--lang needs a language code, like ja or en");
            }
            command_line.language = std::string(*code);
        } else if (arg == "--role") {
            const auto name = value();
            const auto role = name ? role_from_name(*name) : std::nullopt;
            if (!role) {
                return std::unexpected("--role needs one of citizen, counter, floor, display");
            }
            command_line.role = role;
        } else if (arg == "--screenshot") {
            const auto path = value();
            if (!path) {
                return std::unexpected("--screenshot needs a PNG file name");
            }
            command_line.screenshot = std::string(*path);
        } else if (arg == "--screen") {
            const auto name = value();
            if (!name) {
                return std::unexpected("--screen needs a screen name");
            }
            command_line.screen = std::string(*name);
        } else if (arg == "--frames") {
            const auto count_text = value();
            const auto count = count_text ? parse_positive(*count_text) : std::nullopt;
            if (!count) {
                return std::unexpected("--frames needs a positive number");
            }
            command_line.max_frames = count;
        } else {
            return std::unexpected("unknown argument: " + std::string(arg));
        }
    }
    return command_line;
}

}  // namespace madoguchi
