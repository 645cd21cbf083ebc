#pragma once
// The printer driver's failures. libusb codes, errno and the printer's status bytes are
// translated into these at the driver boundary, so nothing above drivers/printer sees them.
#include <string_view>

#include "kiosk/error.hpp"

namespace madoguchi::printer {

enum class PrinterError {
    no_printer,      // nothing to print to: no allowed USB device, no device node, connection refused
    offline,         // the printer says it is offline for a reason it does not name
    cover_open,
    paper_out,
    cutter,          // the autocutter jammed or failed
    hardware,        // an unrecoverable printer error
    transport,       // the link broke or refused the bytes
    timeout,         // the printer did not take or answer bytes in time
    bad_reply,       // a status byte that is not a DLE EOT answer
    too_large,       // a QR payload or image that the printer or the QR code cannot hold
    not_allowed,     // a USB device that no profile allows
};

template <typename T>
using PrinterResult = Result<T, PrinterError>;

std::string_view printer_error_name(PrinterError code);

}  // namespace madoguchi::printer
