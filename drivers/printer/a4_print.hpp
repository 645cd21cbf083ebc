#pragma once
// Sends a finished PDF to an A4 printer through CUPS. The destination is a CUPS queue name, or
// empty for the system's default; no such queue is its own error so that the message can say
// how to set one up.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "kiosk/error.hpp"

namespace madoguchi::printer {

enum class A4PrintError {
    no_destination,  // CUPS knows no such queue (or none at all)
    rejected,        // CUPS refused the job
};

// The queue a job for `destination` would go to (the CUPS default when it is empty).
Result<std::string, A4PrintError> a4_destination(std::string_view destination);

// Returns the CUPS job id.
Result<int, A4PrintError> print_pdf(std::string_view destination, const std::filesystem::path& pdf,
                                    std::string_view job_title);
// The same for a PDF held in memory: streamed to the scheduler, never written to a file of ours.
Result<int, A4PrintError> print_pdf(std::string_view destination, std::span<const std::uint8_t> pdf,
                                    std::string_view job_title);

}  // namespace madoguchi::printer
