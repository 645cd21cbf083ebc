#pragma once
// A printer behind a file descriptor: a plain file (the job is kept, nothing answers), a device
// node such as /dev/usb/lp0 (usblp passes status replies back), or a connected TCP socket.
#include <chrono>
#include <filesystem>
#include <string>

#include "transport.hpp"

namespace madoguchi::printer {

class FdTransport final : public Transport {
public:
    // Creates or truncates `path`; status queries are never answered.
    static PrinterResult<FdTransport> open_file(const std::filesystem::path& path);
    static PrinterResult<FdTransport> open_device(const std::filesystem::path& path,
                                                  std::chrono::milliseconds write_timeout);
    // Raw TCP ("port 9100", JetDirect): `host` is a numeric IPv4/IPv6 address or a name.
    static PrinterResult<FdTransport> connect_tcp(const std::string& host, std::uint16_t port,
                                                  std::chrono::milliseconds timeout);

    FdTransport(FdTransport&& other) noexcept;
    FdTransport& operator=(FdTransport&& other) noexcept;
    FdTransport(const FdTransport&) = delete;
    FdTransport& operator=(const FdTransport&) = delete;
    ~FdTransport() override;

    PrinterResult<void> write(std::span<const std::uint8_t> bytes) override;
    PrinterResult<std::size_t> read(std::span<std::uint8_t> into, std::chrono::milliseconds timeout) override;
    bool answers() const override { return m_answers; }

private:
    enum class Kind { file, device, socket };
    FdTransport(int fd, Kind kind, std::chrono::milliseconds write_timeout, std::string name);
    void close_fd();

    int m_fd = -1;
    Kind m_kind = Kind::file;
    bool m_answers = false;
    std::chrono::milliseconds m_write_timeout{0};
    std::string m_name;  // for messages: the path or host:port
};

}  // namespace madoguchi::printer
