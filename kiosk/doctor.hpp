#pragma once
#include "command_line.hpp"

namespace madoguchi {

// `madoguchi doctor`: checks what the terminal needs (configuration, catalogs, fonts, display)
// and says in plain words how to fix what is wrong. Exit code 0 when all is well, 1 otherwise.
int run_doctor(const CommandLine& command_line);

}  // namespace madoguchi
