#pragma once
// Number blocks for offline issuing (DESIGN.md §1, issue 4). A kiosk leases a range of one
// service's numbers for the day together with the public half of a key it made for that block.
// While the server is away it issues from the range and signs each ticket with the block key;
// when it is back, it reconciles: the server checks each signature and accepts each number at
// most once (the tickets table's unique day number does the refusing).
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "server/repository.hpp"

namespace madoguchi::server {

struct Block {
    std::string id;
    std::string site;
    std::string service;
    std::string band;
    std::string day;
    std::int64_t first_sequence = 0;
    std::int64_t last_sequence = 0;
    std::string public_key;  // raw Ed25519, 32 bytes
    std::string leased_by;
};

struct OfflineTicket {
    std::string id;  // chosen by the kiosk; it is already printed in the QR code
    std::int64_t sequence = 0;
    bool priority = false;
    std::int64_t issued_at_ms = 0;
    std::string signature;  // raw Ed25519 over offline_ticket_message(…)
    // False when the kiosk took the number but the print failed: the number is accounted for as
    // a cancelled ticket, so the block shows no gap, and it never counts as issued.
    bool printed = true;
    // Issued in an assisted session. Not in the signed text (the block's format has no room): the
    // mTLS connection vouches for it, and a floor terminal's tickets are assisted whatever it says.
    bool assisted = false;
};

// What the kiosk signs for each offline ticket.
std::string offline_ticket_message(const Block& block, const OfflineTicket& ticket);
// What the block key signs for the status-page URL in an offline ticket's QR code: with the site
// key out of reach, the kiosk vouches for the ticket id and its number itself.
std::string offline_status_message(std::string_view site, std::string_view block_id, std::string_view ticket_id,
                                   std::int64_t sequence);
// What the site key signs for a lease, so that counters can trust a block key offline too.
std::string block_lease_message(const Block& block);

class BlockStore {
public:
    explicit BlockStore(Database& database) : m_database(database) {}

    // Reserves `size` numbers of today's (Tokyo) sequence for `block.service`; fills in the id,
    // day and range.
    Stored<Block> lease(const Block& block, std::int64_t size, TimePoint now);
    // The same under an idempotency key (keyed_transaction).
    Stored<Keyed<Block>> lease(const Block& block, std::int64_t size, TimePoint now, const KeyClaim& claim,
                               const std::function<StoredResponse(const Block&)>& respond);

    Stored<Block> find(const std::string& block_id, const std::string& site);

    // Accepts one offline ticket: the signature must verify with the block key and the number lie
    // in the block. The same ticket sent again returns the stored ticket; another ticket with an
    // accepted number is refused (constraint). One not printed is stored cancelled (event
    // "not_printed"), or, when its printed twin arrived first and still waits, cancelled now.
    Stored<Ticket> reconcile(const std::string& block_id, const std::string& site, const OfflineTicket& offline,
                             const std::string& actor, TimePoint now);

private:
    Database& m_database;
};

}  // namespace madoguchi::server
