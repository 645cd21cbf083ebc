#pragma once
// `madoguchi forms …`: the form definitions and the A4 output run headless, for staff checking a
// new definition, for the counter and for tests. A PIN for --from-card comes on standard input.
#include <span>

#include "card_command.hpp"

namespace madoguchi {

inline constexpr int k_forms_exit_ok = 0;
inline constexpr int k_forms_exit_failure = 1;  // the PDF or the print could not be made
inline constexpr int k_forms_exit_usage = 2;    // bad usage, a bad definition, bad answers
// 3 to 6: the card's exit codes (see card_command.hpp), passed through for --from-card.
inline constexpr int k_forms_exit_no_printer = 7;

// `args` starts at the word after "forms".
int run_forms_command(std::span<const char* const> args);
int run_forms_command(std::span<const char* const> args, const CardCommandStreams& streams);

}  // namespace madoguchi
