#pragma once
// A block of one service's numbers for the day, leased from the server while it answers so that
// the kiosk can go on issuing when it does not (DESIGN.md §1, §6). This file is the logic alone:
// which block to take the next number from, when to lease another, what the block key signs and
// what the printed QR holds. The durable store is number_blocks.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "error.hpp"

namespace madoguchi {

struct NumberBlock {
    std::string id;
    std::string site;
    std::string service;
    std::string band;
    std::string day;  // the Tokyo business day it is valid for, "YYYY-MM-DD"
    std::int64_t first = 0;
    std::int64_t last = 0;
    std::int64_t next = 0;         // the number the next offline ticket gets; last + 1 when spent
    std::string status_base_url;  // the status page, to which the ticket id is appended
};

enum class BlockUse {
    usable,
    spent,    // every number was issued
    expired,  // leased for another day: its numbers belong to that day's queue
};

BlockUse block_use(const NumberBlock& block, std::string_view today);
std::int64_t numbers_left(const NumberBlock& block, std::string_view today);

// The block to issue from: the usable one of this service that was leased first, so numbers
// are handed out in order. nullptr when none is left.
const NumberBlock* block_to_issue_from(std::span<const NumberBlock> blocks, std::string_view service,
                                       std::string_view today);

// Another block is leased when less than half a block of numbers is left for the service, so a
// kiosk cut off from the server still has at least that many to give out.
bool needs_lease(std::span<const NumberBlock> blocks, std::string_view service, std::string_view today,
                 std::int64_t block_size);

// The business day in Tokyo, "YYYY-MM-DD": numbers start again at midnight there.
std::string tokyo_day(std::chrono::system_clock::time_point time);

// "<band>-%03d", as the server numbers tickets.
std::string ticket_number(std::string_view band, std::int64_t sequence);

// The texts the block key signs, exactly as the server checks them (server/block_store.cpp uses
// these): the reconcile request's signature and the status URL's.
std::string offline_ticket_message(std::string_view site, std::string_view block_id, std::string_view ticket_id,
                                   std::int64_t sequence, bool priority, std::int64_t issued_at_ms);
std::string offline_status_message(std::string_view site, std::string_view block_id, std::string_view ticket_id,
                                   std::int64_t sequence);

// The printed QR: the status page URL signed by the block key (base64url), which the status page
// accepts while the ticket is unknown to it and once it was reconciled.
std::string offline_qr_url(const NumberBlock& block, std::string_view ticket_id, std::int64_t sequence,
                           std::string_view signature);

enum class LeaseError { bad_reply };

// The server's 201 answer to POST /api/v1/sites/{site}/blocks, checked against what was asked.
Result<NumberBlock, LeaseError> parse_lease(std::string_view json_body, std::string_view site,
                                            std::string_view service, std::string_view public_key);

}  // namespace madoguchi
