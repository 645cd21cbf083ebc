#pragma once
// One line of a secret (a card PIN, a staff password) from a file descriptor: read with read(2)
// so that no stdio buffer keeps a copy, echo off when it is a terminal, never from argv.
#include <cstddef>
#include <cstdio>
#include <optional>
#include <string_view>

#include "drivers/card/secure_bytes.hpp"

namespace madoguchi {

// nullopt when the line is longer than `max_length`; the trailing newline (and CR) is dropped.
std::optional<card::SecureBytes> read_secret_line(int fd, std::string_view prompt, std::size_t max_length,
                                                  std::FILE* err);

}  // namespace madoguchi
