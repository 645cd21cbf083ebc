#pragma once
// `madoguchi ticket issue` and `madoguchi printer status|test`: the ticket path and the printer
// run headless with the terminal's configuration, for diagnosis in the field, for tests and for
// the demo. With --out FILE the job's ESC/POS bytes go to FILE instead of the printer.
#include <cstdio>
#include <span>

namespace madoguchi {

inline constexpr int k_ticket_exit_ok = 0;
inline constexpr int k_ticket_exit_failure = 1;
inline constexpr int k_ticket_exit_usage = 2;        // bad arguments or configuration
inline constexpr int k_ticket_exit_printer = 3;      // the printer cannot print: nothing was issued
inline constexpr int k_ticket_exit_server = 4;       // the server did not issue
inline constexpr int k_ticket_exit_print_failed = 5; // printing broke off: the ticket was withdrawn

struct TicketCommandStreams {
    std::FILE* out = stdout;
    std::FILE* err = stderr;
};

// `args` starts at the word after "ticket" or "printer".
int run_ticket_command(std::span<const char* const> args, const TicketCommandStreams& streams = {});
int run_printer_command(std::span<const char* const> args, const TicketCommandStreams& streams = {});

}  // namespace madoguchi
