#include "printer_error.hpp"

namespace madoguchi::printer {

std::string_view printer_error_name(PrinterError code) {
    switch (code) {
        case PrinterError::no_printer:
            return "no_printer";
        case PrinterError::offline:
            return "offline";
        case PrinterError::cover_open:
            return "cover_open";
        case PrinterError::paper_out:
            return "paper_out";
        case PrinterError::cutter:
            return "cutter";
        case PrinterError::hardware:
            return "hardware";
        case PrinterError::transport:
            return "transport";
        case PrinterError::timeout:
            return "timeout";
        case PrinterError::bad_reply:
            return "bad_reply";
        case PrinterError::too_large:
            return "too_large";
        case PrinterError::not_allowed:
            return "not_allowed";
    }
    return "transport";
}

}  // namespace madoguchi::printer
