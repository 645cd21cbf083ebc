#pragma once
// The TCP link to vsmartcard's vpcd: every message is a 2-byte big-endian length + payload.
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace madoguchi::sim {

class VpcdLink {
public:
    // Connects to host:port once; fails when nothing listens.
    static std::expected<VpcdLink, std::string> connect(const std::string& host, std::uint16_t port);

    VpcdLink(VpcdLink&& other) noexcept;
    VpcdLink& operator=(VpcdLink&& other) noexcept;
    VpcdLink(const VpcdLink&) = delete;
    VpcdLink& operator=(const VpcdLink&) = delete;
    ~VpcdLink();

    // The next message; an error when vpcd closed the link.
    std::expected<std::vector<std::uint8_t>, std::string> receive();
    std::expected<void, std::string> send(const std::vector<std::uint8_t>& payload);
    // Drops the link, which vpcd sees as the card leaving the reader.
    void close();

private:
    explicit VpcdLink(int fd) : m_fd(fd) {}

    int m_fd = -1;
};

}  // namespace madoguchi::sim
