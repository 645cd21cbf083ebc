#pragma once
// What a printed ticket says, and the ESC/POS job that prints it. Everything appears in
// Japanese and, when the citizen chose another language, in that language too: the staff read
// the Japanese, the citizen their own. The QR holds only the server's signed status URL.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/printer/printer_error.hpp"
#include "drivers/printer/printer_profile.hpp"
#include "drivers/text/text_rasterizer.hpp"
#include "ticket.hpp"

namespace madoguchi {

class ServiceCatalog;
class Translator;

// The number is printed at least this tall (its ink, not its line box), so that it can be read
// at arm's length and compared with the waiting-room display.
inline constexpr int k_number_height_mm = 15;

// One piece of text in Japanese and in the citizen's language; `local` is empty when that is
// Japanese too.
struct TwoLanguages {
    std::string ja;
    std::string local;
};

struct TicketContent {
    TwoLanguages site;
    TwoLanguages service;
    TwoLanguages priority;  // both empty for an ordinary ticket
    std::string number;
    std::string issued_at;  // "2026-11-26 10:32", Tokyo time
    TwoLanguages ahead;
    TwoLanguages wait;      // empty when the server had no estimate
    std::string qr_url;
    TwoLanguages scan_prompt;
};

TicketContent ticket_content(const IssuedTicket& ticket, const ServiceCatalog& catalog, const Translator& translator,
                             std::string_view language);

// "YYYY-MM-DD HH:MM" in Asia/Tokyo, which has had no daylight saving time since 1951.
std::string tokyo_time(std::int64_t unix_ms);

// The whole job: initialise, text as raster (wrapped to the paper), the number, the QR (native
// or raster as the profile says), feed and cut.
printer::PrinterResult<std::vector<std::uint8_t>> ticket_job(const TicketContent& content,
                                                              const printer::PrinterProfile& profile,
                                                              const text::TextRasterizer& rasterizer);

}  // namespace madoguchi
