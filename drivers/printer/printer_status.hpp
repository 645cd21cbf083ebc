#pragma once
// The answers to DLE EOT 1..4 (one byte each), read into what the kiosk needs to know. The bytes
// come from a device, so every one is checked against its fixed bits before it is believed.
#include <cstdint>
#include <span>

#include "printer_error.hpp"

namespace madoguchi::printer {

struct PrinterStatus {
    bool offline = false;
    bool cover_open = false;
    bool paper_near_end = false;
    bool paper_out = false;
    bool cutter_error = false;
    bool unrecoverable_error = false;
    bool auto_recoverable_error = false;
};

// `replies[i]` answers DLE EOT i + 1; exactly four replies are expected. A byte whose fixed bits
// are wrong (bit 0 and 7 clear, bits 1 and 4 set) is bad_reply, as is a wrong count.
PrinterResult<PrinterStatus> parse_status(std::span<const std::uint8_t> replies);

// Whether a job may start: the most specific reason the printer cannot print, or nothing.
// Paper near end still prints; the kiosk reports it to the floor instead.
PrinterResult<void> ready_to_print(const PrinterStatus& status);

}  // namespace madoguchi::printer
