#pragma once
// A receipt printer on some transport: ask its status, and send a job only when it can print it.
#include <chrono>
#include <cstdint>
#include <span>

#include "printer_status.hpp"
#include "transport.hpp"

namespace madoguchi::printer {

inline constexpr std::chrono::milliseconds k_status_timeout{1000};
// Jobs go out in pieces this size so that a link that breaks mid-job is noticed at once.
inline constexpr std::size_t k_write_chunk = 4096;

class Printer {
public:
    explicit Printer(Transport& transport) : m_transport(transport) {}

    // DLE EOT 1..4, one answer byte each.
    PrinterResult<PrinterStatus> status(std::chrono::milliseconds timeout = k_status_timeout);
    // Checks the status first (when the transport answers) and refuses to start a job the
    // printer cannot finish: paper out, cover open, offline. A write failure part way names
    // how many bytes had gone out.
    PrinterResult<void> print(std::span<const std::uint8_t> job);

private:
    Transport& m_transport;
};

}  // namespace madoguchi::printer
