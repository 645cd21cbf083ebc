#pragma once
// The one narrow way bytes reach a printer: a file, a device node, a TCP socket or libusb.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>

#include "printer_error.hpp"

namespace madoguchi::printer {

class Transport {
public:
    virtual ~Transport() = default;

    // All of `bytes`, or an error saying how far it got.
    virtual PrinterResult<void> write(std::span<const std::uint8_t> bytes) = 0;
    // At least one byte, at most `into.size()`; timeout when the printer says nothing in time.
    virtual PrinterResult<std::size_t> read(std::span<std::uint8_t> into, std::chrono::milliseconds timeout) = 0;
    // Whether anything ever comes back (a plain file answers no status query).
    virtual bool answers() const = 0;
};

}  // namespace madoguchi::printer
