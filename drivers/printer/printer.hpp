#pragma once
// A receipt printer on some transport: ask its status, and send a job only when it can print it.
#include <chrono>
#include <cstdint>
#include <span>

#include "printer_status.hpp"
#include "transport.hpp"

namespace madoguchi::printer {

inline constexpr std::chrono::milliseconds k_status_timeout{1000};
// A slow USB printer may still be swallowing a long job when the confirming status is asked.
inline constexpr std::chrono::milliseconds k_job_confirm_timeout{5000};
// Jobs go out in pieces this size so that a link that breaks mid-job is noticed at once.
inline constexpr std::size_t k_write_chunk = 4096;

class Printer {
public:
    explicit Printer(Transport& transport) : m_transport(transport) {}

    // DLE EOT 1..4, one answer byte each.
    PrinterResult<PrinterStatus> status(std::chrono::milliseconds timeout = k_status_timeout);
    // Checks the status first (when the transport answers) and refuses to start a job the
    // printer cannot finish: paper out, cover open, offline. A write failure part way names
    // how many bytes had gone out. After the job the status is asked again: no answer, or a
    // printer that went offline meanwhile, fails the job.
    PrinterResult<void> print(std::span<const std::uint8_t> job);

private:
    Transport& m_transport;
};

}  // namespace madoguchi::printer
