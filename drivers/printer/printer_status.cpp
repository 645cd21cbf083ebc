#include "printer_status.hpp"

#include <cstdio>
#include <string>

namespace madoguchi::printer {
namespace {

constexpr std::size_t k_reply_count = 4;
constexpr std::uint8_t k_fixed_mask = 0x93;
constexpr std::uint8_t k_fixed_value = 0x12;

bool bit(std::uint8_t byte, int index) { return (byte & (1U << index)) != 0; }

std::string hex(std::uint8_t byte) {
    char text[5];
    std::snprintf(text, sizeof text, "0x%02X", byte);
    return text;
}

}  // namespace

PrinterResult<PrinterStatus> parse_status(std::span<const std::uint8_t> replies) {
    if (replies.size() != k_reply_count) {
        return fail(PrinterError::bad_reply,
                    "expected 4 status bytes, got " + std::to_string(replies.size()));
    }
    for (std::size_t i = 0; i < replies.size(); ++i) {
        if ((replies[i] & k_fixed_mask) != k_fixed_value) {
            return fail(PrinterError::bad_reply,
                        "DLE EOT " + std::to_string(i + 1) + " answered " + hex(replies[i]) + ", not a status byte");
        }
    }
    PrinterStatus status;
    status.offline = bit(replies[0], 3);
    status.cover_open = bit(replies[1], 2);
    // A paper end that stopped printing (offline cause) and the roll sensor both mean no paper.
    status.paper_out = bit(replies[1], 5) || (bit(replies[3], 5) && bit(replies[3], 6));
    status.cutter_error = bit(replies[2], 3);
    status.unrecoverable_error = bit(replies[2], 5);
    status.auto_recoverable_error = bit(replies[2], 6);
    status.paper_near_end = bit(replies[3], 2) && bit(replies[3], 3);
    return status;
}

PrinterResult<void> ready_to_print(const PrinterStatus& status) {
    if (status.paper_out) {
        return fail(PrinterError::paper_out, "the printer reports no paper");
    }
    if (status.cover_open) {
        return fail(PrinterError::cover_open, "the printer cover is open");
    }
    if (status.cutter_error) {
        return fail(PrinterError::cutter, "the printer reports an autocutter error");
    }
    if (status.unrecoverable_error) {
        return fail(PrinterError::hardware, "the printer reports an unrecoverable error");
    }
    if (status.offline || status.auto_recoverable_error) {
        return fail(PrinterError::offline, "the printer is offline");
    }
    return {};
}

}  // namespace madoguchi::printer
