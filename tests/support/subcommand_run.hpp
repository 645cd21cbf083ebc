#pragma once
// Runs a `madoguchi` subcommand in-process as a shell would: standard input from a pipe holding
// `input`, output and errors captured.
#include <unistd.h>

#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "kiosk/card_command.hpp"

namespace madoguchi::testing {

struct SubcommandRun {
    int code = -1;
    std::string out;
    std::string err;
};

using Subcommand = int (*)(std::span<const char* const>, const CardCommandStreams&);

inline std::string read_back(std::FILE* file) {
    std::rewind(file);
    std::string text;
    char buffer[512];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
        text.append(buffer, got);
    }
    std::fclose(file);
    return text;
}

// The input must fit the pipe's buffer (64 KiB): a PIN, a password, a line or two.
inline SubcommandRun run_subcommand(Subcommand subcommand, const std::vector<const char*>& args,
                                    const std::string& input = "") {
    int pipe_fds[2];
    SubcommandRun result;
    if (::pipe(pipe_fds) != 0) {
        result.err = "pipe failed";
        return result;
    }
    const bool written = ::write(pipe_fds[1], input.data(), input.size()) == static_cast<ssize_t>(input.size());
    ::close(pipe_fds[1]);
    if (!written) {
        ::close(pipe_fds[0]);
        result.err = "could not write standard input";
        return result;
    }
    const CardCommandStreams streams{pipe_fds[0], std::tmpfile(), std::tmpfile()};
    result.code = subcommand(args, streams);
    ::close(pipe_fds[0]);
    result.out = read_back(streams.out);
    result.err = read_back(streams.err);
    return result;
}

}  // namespace madoguchi::testing
