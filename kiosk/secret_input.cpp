#include "secret_input.hpp"

#include <termios.h>
#include <unistd.h>

#include <cerrno>

namespace madoguchi {

std::optional<card::SecureBytes> read_secret_line(int fd, std::string_view prompt, std::size_t max_length,
                                                  std::FILE* err) {
    const bool terminal = isatty(fd) == 1;
    termios saved{};
    if (terminal) {
        std::fprintf(err, "%.*s: ", int(prompt.size()), prompt.data());
        std::fflush(err);
        tcgetattr(fd, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    card::SecureBytes line;
    line.reserve(max_length + 1);
    bool too_long = false;
    while (true) {
        char c = 0;
        const ssize_t got = ::read(fd, &c, 1);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0 || c == '\n') {
            break;
        }
        if (line.size() == max_length + 1) {
            too_long = true;
            continue;
        }
        line.push_back(static_cast<std::uint8_t>(c));
    }
    if (terminal) {
        tcsetattr(fd, TCSAFLUSH, &saved);
        std::fputc('\n', err);
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    if (too_long || line.size() > max_length) {
        return std::nullopt;
    }
    return line;
}

}  // namespace madoguchi
