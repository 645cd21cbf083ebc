#include "vpcd_link.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace madoguchi::sim {
namespace {

using Unexpected = std::unexpected<std::string>;

std::expected<void, std::string> read_exactly(int fd, std::uint8_t* buffer, std::size_t size) {
    while (size > 0) {
        const ssize_t got = ::read(fd, buffer, size);
        if (got == 0) {
            return Unexpected("vpcd closed the link");
        }
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            return Unexpected(std::string("read: ") + std::strerror(errno));
        }
        buffer += got;
        size -= static_cast<std::size_t>(got);
    }
    return {};
}

}  // namespace

std::expected<VpcdLink, std::string> VpcdLink::connect(const std::string& host, std::uint16_t port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
        return Unexpected(host + ": " + gai_strerror(rc));
    }
    std::string last_error = "no address";
    for (addrinfo* address = found; address != nullptr; address = address->ai_next) {
        const int fd = ::socket(address->ai_family, address->ai_socktype, address->ai_protocol);
        if (fd < 0) {
            last_error = std::strerror(errno);
            continue;
        }
        if (::connect(fd, address->ai_addr, address->ai_addrlen) == 0) {
            freeaddrinfo(found);
            // Each APDU is one small write answered before the next: Nagle would only add delay.
            const int on = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            return VpcdLink(fd);
        }
        last_error = std::strerror(errno);
        ::close(fd);
    }
    freeaddrinfo(found);
    return Unexpected(host + ":" + service + ": " + last_error);
}

VpcdLink::VpcdLink(VpcdLink&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

VpcdLink& VpcdLink::operator=(VpcdLink&& other) noexcept {
    if (this != &other) {
        close();
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

VpcdLink::~VpcdLink() {
    close();
}

void VpcdLink::close() {
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

std::expected<std::vector<std::uint8_t>, std::string> VpcdLink::receive() {
    std::uint8_t header[2];
    if (auto ok = read_exactly(m_fd, header, sizeof header); !ok) {
        return Unexpected(ok.error());
    }
    std::vector<std::uint8_t> payload(static_cast<std::size_t>(header[0] << 8 | header[1]));
    if (auto ok = read_exactly(m_fd, payload.data(), payload.size()); !ok) {
        return Unexpected(ok.error());
    }
    return payload;
}

std::expected<void, std::string> VpcdLink::send(const std::vector<std::uint8_t>& payload) {
    if (payload.size() > 0xFFFF) {
        return Unexpected("message too long for vpcd");
    }
    std::vector<std::uint8_t> message{static_cast<std::uint8_t>(payload.size() >> 8),
                                      static_cast<std::uint8_t>(payload.size() & 0xFF)};
    message.insert(message.end(), payload.begin(), payload.end());
    std::size_t sent = 0;
    while (sent < message.size()) {
        const ssize_t wrote = ::send(m_fd, message.data() + sent, message.size() - sent, MSG_NOSIGNAL);
        if (wrote < 0) {
            if (errno == EINTR) {
                continue;
            }
            return Unexpected(std::string("send: ") + std::strerror(errno));
        }
        sent += static_cast<std::size_t>(wrote);
    }
    return {};
}

}  // namespace madoguchi::sim
