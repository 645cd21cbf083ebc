#include "fd_transport.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace madoguchi::printer {
namespace {

std::string errno_text(int error) { return std::strerror(error); }

PrinterError error_from_errno(int error) {
    switch (error) {
        case ENOENT:
        case ENODEV:
        case ENXIO:
        case ECONNREFUSED:
        case EHOSTUNREACH:
        case ENETUNREACH:
            return PrinterError::no_printer;
        case ETIMEDOUT:
        case EAGAIN:
            return PrinterError::timeout;
        default:
            return PrinterError::transport;
    }
}

int poll_timeout(std::chrono::milliseconds timeout) {
    return static_cast<int>(std::max<std::chrono::milliseconds::rep>(timeout.count(), 0));
}

// Waits for `events` on `fd`: 1 ready, 0 timed out, -1 failed (errno set).
int wait_for(int fd, short events, std::chrono::milliseconds timeout) {
    pollfd entry{fd, events, 0};
    int ready = 0;
    do {
        ready = ::poll(&entry, 1, poll_timeout(timeout));
    } while (ready < 0 && errno == EINTR);
    return ready;
}

}  // namespace

FdTransport::FdTransport(int fd, Kind kind, std::chrono::milliseconds write_timeout, std::string name)
    : m_fd(fd), m_kind(kind), m_answers(kind != Kind::file), m_write_timeout(write_timeout), m_name(std::move(name)) {}

FdTransport::FdTransport(FdTransport&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)),
      m_kind(other.m_kind),
      m_answers(other.m_answers),
      m_write_timeout(other.m_write_timeout),
      m_name(std::move(other.m_name)) {}

FdTransport& FdTransport::operator=(FdTransport&& other) noexcept {
    if (this != &other) {
        close_fd();
        m_fd = std::exchange(other.m_fd, -1);
        m_kind = other.m_kind;
        m_answers = other.m_answers;
        m_write_timeout = other.m_write_timeout;
        m_name = std::move(other.m_name);
    }
    return *this;
}

FdTransport::~FdTransport() { close_fd(); }

void FdTransport::close_fd() {
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

PrinterResult<FdTransport> FdTransport::open_file(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        const int error = errno;
        return fail(PrinterError::transport, "cannot create " + path.string() + ": " + errno_text(error));
    }
    return FdTransport(fd, Kind::file, std::chrono::milliseconds(0), path.string());
}

PrinterResult<FdTransport> FdTransport::open_device(const std::filesystem::path& path,
                                                    std::chrono::milliseconds write_timeout) {
    // Non-blocking so that a printer that stopped taking bytes is a timeout, not a hung kiosk.
    const int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        const int error = errno;
        return fail(error_from_errno(error), "cannot open " + path.string() + ": " + errno_text(error));
    }
    return FdTransport(fd, Kind::device, write_timeout, path.string());
}

PrinterResult<FdTransport> FdTransport::connect_tcp(const std::string& host, std::uint16_t port,
                                                    std::chrono::milliseconds timeout) {
    const std::string name = host + ":" + std::to_string(port);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (const int status = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); status != 0) {
        return fail(PrinterError::no_printer, "cannot resolve " + name + ": " + ::gai_strerror(status));
    }
    std::string last_error = "no address";
    PrinterError last_code = PrinterError::no_printer;
    for (addrinfo* address = found; address != nullptr; address = address->ai_next) {
        const int fd = ::socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                                address->ai_protocol);
        if (fd < 0) {
            last_error = errno_text(errno);
            continue;
        }
        int error = 0;
        if (::connect(fd, address->ai_addr, address->ai_addrlen) != 0) {
            error = errno;
            if (error == EINPROGRESS) {
                const int ready = wait_for(fd, POLLOUT, timeout);
                socklen_t length = sizeof error;
                if (ready == 0) {
                    error = ETIMEDOUT;
                } else if (ready < 0) {
                    error = errno;
                } else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
                    error = errno;
                }
            }
        }
        if (error == 0) {
            ::freeaddrinfo(found);
            return FdTransport(fd, Kind::socket, timeout, name);
        }
        ::close(fd);
        last_error = errno_text(error);
        last_code = error_from_errno(error);
    }
    ::freeaddrinfo(found);
    return fail(last_code, "cannot connect to " + name + ": " + last_error);
}

PrinterResult<void> FdTransport::write(std::span<const std::uint8_t> bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const std::uint8_t* from = bytes.data() + sent;
        const std::size_t left = bytes.size() - sent;
        // MSG_NOSIGNAL: a printer that hung up must be an error, not a SIGPIPE that ends the kiosk.
        const ssize_t written =
            m_kind == Kind::socket ? ::send(m_fd, from, left, MSG_NOSIGNAL) : ::write(m_fd, from, left);
        if (written > 0) {
            sent += static_cast<std::size_t>(written);
            continue;
        }
        const int error = written < 0 ? errno : EIO;
        if (error == EINTR) {
            continue;
        }
        if (error == EAGAIN) {
            const int ready = wait_for(m_fd, POLLOUT, m_write_timeout);
            if (ready > 0) {
                continue;
            }
            if (ready == 0) {
                return fail(PrinterError::timeout, m_name + " took no bytes for " +
                                                       std::to_string(m_write_timeout.count()) + " ms after " +
                                                       std::to_string(sent) + " of " + std::to_string(bytes.size()));
            }
        }
        return fail(error_from_errno(error) == PrinterError::no_printer ? PrinterError::no_printer
                                                                         : PrinterError::transport,
                    "writing to " + m_name + " failed after " + std::to_string(sent) + " of " +
                        std::to_string(bytes.size()) + " bytes: " + errno_text(error));
    }
    return {};
}

PrinterResult<std::size_t> FdTransport::read(std::span<std::uint8_t> into, std::chrono::milliseconds timeout) {
    if (!m_answers) {
        return fail(PrinterError::transport, m_name + " is a file: nothing answers");
    }
    while (true) {
        const int ready = wait_for(m_fd, POLLIN, timeout);
        if (ready == 0) {
            return fail(PrinterError::timeout, m_name + " did not answer within " + std::to_string(timeout.count()) + " ms");
        }
        if (ready < 0) {
            return fail(PrinterError::transport, "waiting for " + m_name + ": " + errno_text(errno));
        }
        const ssize_t got = ::read(m_fd, into.data(), into.size());
        if (got > 0) {
            return static_cast<std::size_t>(got);
        }
        if (got == 0) {
            return fail(PrinterError::transport, m_name + " closed the connection");
        }
        if (errno != EINTR && errno != EAGAIN) {
            return fail(PrinterError::transport, "reading from " + m_name + ": " + errno_text(errno));
        }
    }
}

}  // namespace madoguchi::printer
