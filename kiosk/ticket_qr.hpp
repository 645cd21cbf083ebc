#pragma once
// The ticket's QR as a counter reads it: the citizen's status-page URL signed by the site's
// Ed25519 key (`…/t/{ticket}?site=…&kid=…&s=…`, DESIGN.md §6). A counter checks the signature
// against the keys of GET /api/v1/keys before it asks the server for anything about the ticket.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"

namespace madoguchi {

enum class TicketQrError {
    unreadable,   // not a status URL: garbled, cut short, another QR code
    offline,      // signed by an offline kiosk's block key, which this terminal cannot check
    other_site,   // a ticket of another office
    unknown_key,  // signed with a key the server does not publish (any more)
    forged,       // the signature does not verify: altered or made up
};

struct TicketQr {
    std::string ticket_id;
    std::string site;
    std::string key_id;
    std::string signature;  // raw bytes
};

struct SiteKey {
    std::string site;
    std::string key_id;
    std::string public_key;  // raw 32 bytes
};

Result<TicketQr, TicketQrError> parse_ticket_qr(std::string_view url);

// The keys in a GET /api/v1/keys answer; entries that are not Ed25519 keys are skipped.
std::vector<SiteKey> parse_site_keys(std::string_view body);

// Whether `qr` is a ticket of `site`, signed by that site's key among `keys`.
Result<void, TicketQrError> verify_ticket_qr(const TicketQr& qr, std::string_view site, std::span<const SiteKey> keys);

}  // namespace madoguchi
