#pragma once
// The arguments of `madoguchi`. One binary serves every role and its field-diagnosis
// subcommands; bad usage exits with code 2.
#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

#include "config.hpp"

namespace madoguchi {

enum class Command { run, version, help, doctor, card, ticket, printer, forms };

struct WindowSize {
    int width = 0;
    int height = 0;
};

struct CommandLine {
    Command command = Command::run;
    std::filesystem::path config_path;
    std::optional<WindowSize> windowed;
    std::optional<std::string> language;
    // Overrides terminal.role: what this terminal shows.
    std::optional<Role> role;
    std::optional<std::filesystem::path> screenshot;
    std::string screen = "attract";
    // Stop after this many frames: start-up measurements and smoke tests.
    std::optional<int> max_frames;
    // `madoguchi card|ticket|printer|forms ARGS…`: everything after the word, parsed by that
    // subcommand itself.
    std::span<const char* const> subcommand_args;
};

std::expected<CommandLine, std::string> parse_command_line(std::span<const char* const> args);
const char* usage_text();

}  // namespace madoguchi
