#pragma once
// Stand-ins for a receipt printer's far end, for the transport tests: each records every byte it
// is sent and answers DLE EOT n with the status byte it was given, as a printer does.
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace madoguchi::printer::testing {

// Healthy answers to DLE EOT 1..4.
inline constexpr std::array<std::uint8_t, 4> k_ready{0x12, 0x12, 0x12, 0x12};
// Offline because the paper ran out, roll sensor empty.
inline constexpr std::array<std::uint8_t, 4> k_paper_out{0x1A, 0x32, 0x12, 0x7E};
inline constexpr std::array<std::uint8_t, 4> k_paper_near_end{0x12, 0x12, 0x12, 0x1E};

struct FakeOptions {
    std::array<std::uint8_t, 4> status = k_ready;
    bool silent = false;                       // never answers a status query
    std::optional<std::size_t> hang_up_after;  // closes the connection after this many bytes
    std::optional<std::size_t> paper_out_after;  // answers k_paper_out once this many bytes came
    std::optional<std::size_t> silent_after;     // answers nothing once this many bytes came
    bool many_connections = false;  // serves one connection after another (a kiosk asking now and then)
};

// Finds DLE EOT n in a byte stream that may be split anywhere.
class StatusResponder {
public:
    explicit StatusResponder(FakeOptions options) : m_options(options) {}
    std::vector<std::uint8_t> feed(const std::uint8_t* bytes, std::size_t count);

private:
    FakeOptions m_options;
    std::size_t m_fed = 0;
    int m_matched = 0;  // 0 nothing, 1 after DLE, 2 after DLE EOT
};

// Records one byte stream from a file descriptor on a thread and answers into it.
class Recorder {
public:
    Recorder() = default;
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    std::vector<std::uint8_t> received() const;
    // Waits until the peer closed (or the recorder hung up); false on timeout.
    bool wait_finished(std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
    // Waits until at least `count` bytes have arrived; false on timeout.
    bool wait_for_bytes(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;

protected:
    // Reads `fd` until EOF, `stop` or the hang-up point; closes `fd` when `close_after`.
    void pump(int fd, FakeOptions options, const std::atomic<bool>& stop, bool close_after);

private:
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    std::vector<std::uint8_t> m_received;
    bool m_finished = false;
};

// A printer on 127.0.0.1 at an ephemeral port ("port 9100" in the field), one connection.
class FakeTcpPrinter : public Recorder {
public:
    explicit FakeTcpPrinter(FakeOptions options = {});
    ~FakeTcpPrinter();

    std::uint16_t port() const { return m_port; }
    // What the next connection's status queries are answered (the paper ran low, was refilled).
    void set_status(const std::array<std::uint8_t, 4>& status);

private:
    std::mutex m_options_mutex;
    FakeOptions m_options;
    int m_listener = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

// A device node like /dev/usb/lp0, played by a pseudo-terminal in raw mode.
class FakeDeviceNode : public Recorder {
public:
    explicit FakeDeviceNode(FakeOptions options = {});
    ~FakeDeviceNode();

    const std::string& path() const { return m_path; }

private:
    int m_master = -1;
    int m_slave = -1;  // held open so the master never sees a hang-up between test openings
    std::string m_path;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

// A TCP port on 127.0.0.1 that nobody listens on.
std::uint16_t closed_port();

}  // namespace madoguchi::printer::testing
