#pragma once
// The arguments of `madoguchi`. One binary serves every role and its field-diagnosis
// subcommands; bad usage exits with code 2.
#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

namespace madoguchi {

enum class Command { run, version, help, doctor, card, forms };

struct WindowSize {
    int width = 0;
    int height = 0;
};

struct CommandLine {
    Command command = Command::run;
    std::filesystem::path config_path;
    std::optional<WindowSize> windowed;
    std::optional<std::string> language;
    std::optional<std::filesystem::path> screenshot;
    std::string screen = "attract";
    // Stop after this many frames: start-up measurements and smoke tests.
    std::optional<int> max_frames;
    // `madoguchi card ARGS…` and `madoguchi forms ARGS…`: everything after the subcommand's
    // name, parsed by the subcommand itself.
    std::span<const char* const> subcommand_args;
};

std::expected<CommandLine, std::string> parse_command_line(std::span<const char* const> args);
const char* usage_text();

}  // namespace madoguchi
