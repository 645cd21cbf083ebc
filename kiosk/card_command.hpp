#pragma once
// `madoguchi card status` and `madoguchi card read [--reader NAME] [--json] [--number]`: the
// card driver run headless, for diagnosis in the field and for tests. The PIN comes from
// standard input, never from the command line (argv is visible to every user through /proc).
#include <cstdio>
#include <expected>
#include <optional>
#include <span>
#include <string>

#include "drivers/card/my_number_data.hpp"

namespace madoguchi {

// Exit codes, shared by both subcommands.
inline constexpr int k_card_exit_ok = 0;
inline constexpr int k_card_exit_failure = 1;
inline constexpr int k_card_exit_usage = 2;
inline constexpr int k_card_exit_wrong_pin = 3;
inline constexpr int k_card_exit_blocked = 4;
inline constexpr int k_card_exit_no_card = 5;
inline constexpr int k_card_exit_not_my_number_card = 6;

struct CardCommandStreams {
    // A file descriptor, not a FILE*, so that no stdio buffer keeps a copy of the PIN.
    int in = 0;
    std::FILE* out = stdout;
    std::FILE* err = stderr;
};

struct CardReading {
    card::PersonalAttributes attributes;
    std::optional<card::IndividualNumber> number;
};

// The PIN from `streams.in`, then the card in `reader` (or the first with a card) verified, read
// and unpowered. A failure is explained on `streams.err` and returned as the exit code.
std::expected<CardReading, int> read_card(const std::optional<std::string>& reader, bool individual_number,
                                          const CardCommandStreams& streams);

// `args` starts at the word after "card".
int run_card_command(std::span<const char* const> args);
int run_card_command(std::span<const char* const> args, const CardCommandStreams& streams);

}  // namespace madoguchi
