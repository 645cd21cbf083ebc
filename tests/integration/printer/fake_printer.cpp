#include "fake_printer.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace madoguchi::printer::testing {
namespace {

int listen_on_loopback(std::uint16_t& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        throw std::runtime_error("socket failed");
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 4) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port = ntohs(address.sin_port);
    return fd;
}

bool readable(int fd, const std::atomic<bool>& stop) {
    while (!stop) {
        pollfd entry{fd, POLLIN, 0};
        const int ready = ::poll(&entry, 1, 20);
        if (ready > 0) {
            return true;
        }
        if (ready < 0 && errno != EINTR) {
            return false;
        }
    }
    return false;
}

}  // namespace

std::vector<std::uint8_t> StatusResponder::feed(const std::uint8_t* bytes, std::size_t count) {
    std::vector<std::uint8_t> replies;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint8_t byte = bytes[i];
        ++m_fed;
        if (m_matched == 2 && byte >= 1 && byte <= 4) {
            const bool roll_empty = m_options.paper_out_after && m_fed > *m_options.paper_out_after;
            const bool silenced = m_options.silent || (m_options.silent_after && m_fed > *m_options.silent_after);
            if (!silenced) {
                replies.push_back(roll_empty ? k_paper_out[byte - 1] : m_options.status[byte - 1]);
            }
            m_matched = 0;
        } else if (m_matched == 1 && byte == 0x04) {
            m_matched = 2;
        } else {
            m_matched = byte == 0x10 ? 1 : 0;
        }
    }
    return replies;
}

std::vector<std::uint8_t> Recorder::received() const {
    const std::lock_guard lock(m_mutex);
    return m_received;
}

bool Recorder::wait_finished(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [&] { return m_finished; });
}

bool Recorder::wait_for_bytes(std::size_t count, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [&] { return m_received.size() >= count; });
}

void Recorder::pump(int fd, FakeOptions options, const std::atomic<bool>& stop, bool close_after) {
    StatusResponder responder(options);
    std::uint8_t buffer[8192];
    std::size_t total = 0;
    while (readable(fd, stop)) {
        std::size_t room = sizeof buffer;
        if (options.hang_up_after) {
            room = std::min(room, *options.hang_up_after - total);
        }
        const ssize_t got = ::read(fd, buffer, room);
        if (got <= 0) {
            break;
        }
        total += static_cast<std::size_t>(got);
        {
            const std::lock_guard lock(m_mutex);
            m_received.insert(m_received.end(), buffer, buffer + got);
        }
        m_changed.notify_all();
        const auto replies = responder.feed(buffer, static_cast<std::size_t>(got));
        if (!replies.empty() && ::write(fd, replies.data(), replies.size()) < 0) {
            break;
        }
        if (options.hang_up_after && total >= *options.hang_up_after) {
            break;
        }
    }
    if (close_after) {
        ::close(fd);
    }
    const std::lock_guard lock(m_mutex);
    m_finished = true;
    m_changed.notify_all();
}

FakeTcpPrinter::FakeTcpPrinter(FakeOptions options) : m_options(options) {
    m_listener = listen_on_loopback(m_port);
    m_thread = std::thread([this] {
        do {
            if (!readable(m_listener, m_stop)) {
                return;
            }
            const int connection = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
            if (connection >= 0) {
                FakeOptions current;
                {
                    const std::lock_guard lock(m_options_mutex);
                    current = m_options;
                }
                pump(connection, current, m_stop, true);
            }
        } while (m_options.many_connections && !m_stop);
    });
}

void FakeTcpPrinter::set_status(const std::array<std::uint8_t, 4>& status) {
    const std::lock_guard lock(m_options_mutex);
    m_options.status = status;
}

FakeTcpPrinter::~FakeTcpPrinter() {
    m_stop = true;
    m_thread.join();
    ::close(m_listener);
}

FakeDeviceNode::FakeDeviceNode(FakeOptions options) {
    m_master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m_master < 0 || ::grantpt(m_master) != 0 || ::unlockpt(m_master) != 0) {
        throw std::runtime_error("no pseudo-terminal");
    }
    m_path = ::ptsname(m_master);
    // Raw mode on the terminal itself, so bytes pass unchanged like on a printer node.
    termios mode{};
    ::tcgetattr(m_master, &mode);
    ::cfmakeraw(&mode);
    ::tcsetattr(m_master, TCSANOW, &mode);
    m_slave = ::open(m_path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m_slave < 0) {
        throw std::runtime_error("cannot open " + m_path);
    }
    m_thread = std::thread([this, options] { pump(m_master, options, m_stop, false); });
}

FakeDeviceNode::~FakeDeviceNode() {
    m_stop = true;
    m_thread.join();
    ::close(m_slave);
    ::close(m_master);
}

std::uint16_t closed_port() {
    std::uint16_t port = 0;
    ::close(listen_on_loopback(port));
    return port;
}

}  // namespace madoguchi::printer::testing
