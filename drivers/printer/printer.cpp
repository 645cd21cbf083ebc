#include "printer.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "escpos_encoder.hpp"

namespace madoguchi::printer {

PrinterResult<PrinterStatus> Printer::status(std::chrono::milliseconds timeout) {
    if (!m_transport.answers()) {
        return fail(PrinterError::transport, "this transport cannot report the printer's status");
    }
    std::array<std::uint8_t, 4> replies{};
    for (std::uint8_t n = 1; n <= replies.size(); ++n) {
        const auto query = status_query(n);
        if (auto sent = m_transport.write(query); !sent) {
            return std::unexpected(sent.error());
        }
        std::uint8_t reply = 0;
        auto got = m_transport.read(std::span(&reply, 1), timeout);
        if (!got) {
            return std::unexpected(got.error());
        }
        replies[n - 1] = reply;
    }
    return parse_status(replies);
}

PrinterResult<void> Printer::print(std::span<const std::uint8_t> job) {
    if (m_transport.answers()) {
        auto current = status();
        if (!current) {
            return std::unexpected(current.error());
        }
        if (auto ready = ready_to_print(*current); !ready) {
            return ready;
        }
    }
    for (std::size_t offset = 0; offset < job.size(); offset += k_write_chunk) {
        const auto piece = job.subspan(offset, std::min(k_write_chunk, job.size() - offset));
        if (auto sent = m_transport.write(piece); !sent) {
            return fail(sent.error().code, "job stopped after " + std::to_string(offset) + " of " +
                                               std::to_string(job.size()) + " bytes: " + sent.error().message);
        }
    }
    if (!m_transport.answers()) {
        return {};
    }
    // A socket takes the last bytes even when the far end has just hung up, so only an answer
    // after the job shows the printer holds it. Real-time status is answered on receipt, while
    // the job prints, and an empty roll seen by then means the ticket came out short.
    auto after = status(k_job_confirm_timeout);
    if (!after) {
        return fail(after.error().code, "the printer did not confirm the job: " + after.error().message);
    }
    if (auto ready = ready_to_print(*after); !ready) {
        return fail(ready.error().code, "after the job: " + ready.error().message);
    }
    return {};
}

}  // namespace madoguchi::printer
