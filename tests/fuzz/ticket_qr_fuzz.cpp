// libFuzzer target for what a counter's USB barcode scanner types (a ticket's status URL, or
// anything else a QR code can hold) and the site keys' JSON a scan is checked against.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kiosk/ticket_qr.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::vector<madoguchi::SiteKey> keys = madoguchi::parse_site_keys(text);
    if (auto qr = madoguchi::parse_ticket_qr(text)) {
        (void)madoguchi::verify_ticket_qr(*qr, "chuo", keys);
    }
    return 0;
}
