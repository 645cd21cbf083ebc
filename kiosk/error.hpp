#pragma once
// The one shape of an expected failure across the project (DESIGN.md §4): a code from a small
// per-domain enum that screens map to translated text, and a message meant only for the log.
#include <expected>
#include <string>
#include <utility>

namespace madoguchi {

template <typename Code>
struct Error {
    Code code;
    std::string message;
};

template <typename T, typename Code>
using Result = std::expected<T, Error<Code>>;

template <typename Code>
std::unexpected<Error<Code>> fail(Code code, std::string message) {
    return std::unexpected(Error<Code>{code, std::move(message)});
}

}  // namespace madoguchi
