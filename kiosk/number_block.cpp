#include "number_block.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace madoguchi {
namespace {

// Japan has kept UTC+9 without daylight saving since 1951, and g++ 12 has no time zone database
// in <chrono>, so a fixed offset is exact here.
constexpr auto k_tokyo_offset = std::chrono::hours(9);

}  // namespace

BlockUse block_use(const NumberBlock& block, std::string_view today) {
    if (block.day != today) {
        return BlockUse::expired;
    }
    return block.next <= block.last ? BlockUse::usable : BlockUse::spent;
}

std::int64_t numbers_left(const NumberBlock& block, std::string_view today) {
    return block_use(block, today) == BlockUse::usable ? block.last - block.next + 1 : 0;
}

const NumberBlock* block_to_issue_from(std::span<const NumberBlock> blocks, std::string_view service,
                                       std::string_view today) {
    const NumberBlock* chosen = nullptr;
    for (const NumberBlock& block : blocks) {
        if (block.service == service && block_use(block, today) == BlockUse::usable &&
            (chosen == nullptr || block.first < chosen->first)) {
            chosen = &block;
        }
    }
    return chosen;
}

bool needs_lease(std::span<const NumberBlock> blocks, std::string_view service, std::string_view today,
                 std::int64_t block_size) {
    std::int64_t left = 0;
    for (const NumberBlock& block : blocks) {
        if (block.service == service) {
            left += numbers_left(block, today);
        }
    }
    return left * 2 < block_size;
}

std::string tokyo_day(std::chrono::system_clock::time_point time) {
    const auto local_days = std::chrono::floor<std::chrono::days>(time + k_tokyo_offset);
    const std::chrono::year_month_day date{local_days};
    std::array<char, 16> text{};
    std::snprintf(text.data(), text.size(), "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text.data();
}

std::string ticket_number(std::string_view band, std::int64_t sequence) {
    std::array<char, 32> digits{};
    std::snprintf(digits.data(), digits.size(), "%03lld", static_cast<long long>(sequence));
    return std::string(band) + "-" + digits.data();
}

std::string offline_ticket_message(std::string_view site, std::string_view block_id, std::string_view ticket_id,
                                   std::int64_t sequence, bool priority, std::int64_t issued_at_ms) {
    return "madoguchi-offline-ticket-v1\n" + std::string(site) + "\n" + std::string(block_id) + "\n" +
           std::string(ticket_id) + "\n" + std::to_string(sequence) + "\n" + (priority ? "1" : "0") + "\n" +
           std::to_string(issued_at_ms);
}

std::string offline_status_message(std::string_view site, std::string_view block_id, std::string_view ticket_id,
                                   std::int64_t sequence) {
    return "madoguchi-offline-status-v1\n" + std::string(site) + "\n" + std::string(block_id) + "\n" +
           std::string(ticket_id) + "\n" + std::to_string(sequence);
}

std::string offline_qr_url(const NumberBlock& block, std::string_view ticket_id, std::int64_t sequence,
                           std::string_view signature) {
    return block.status_base_url + std::string(ticket_id) + "?site=" + block.site + "&block=" + block.id +
           "&n=" + std::to_string(sequence) + "&s=" + std::string(signature);
}

Result<NumberBlock, LeaseError> parse_lease(std::string_view json_body, std::string_view site,
                                            std::string_view service, std::string_view public_key) {
    using nlohmann::json;
    const json body = json::parse(json_body, nullptr, false);
    const auto text = [&](const char* key) { return body.contains(key) && body[key].is_string(); };
    const auto integer = [&](const char* key) { return body.contains(key) && body[key].is_number_integer(); };
    if (!body.is_object() || !text("id") || !text("site") || !text("service") || !text("band") || !text("day") ||
        !text("public_key") || !text("status_base_url") || !integer("first") || !integer("last")) {
        return fail(LeaseError::bad_reply, "the lease lacks its id, band, day, range, key or status page URL");
    }
    NumberBlock block{body["id"].get<std::string>(),   body["site"].get<std::string>(),
                      body["service"].get<std::string>(), body["band"].get<std::string>(),
                      body["day"].get<std::string>(),     body["first"].get<std::int64_t>(),
                      body["last"].get<std::int64_t>(),   body["first"].get<std::int64_t>(),
                      body["status_base_url"].get<std::string>()};
    const bool id_ok = !block.id.empty() && block.id.size() <= 64 && std::ranges::all_of(block.id, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
    });
    if (!id_ok || block.site != site || block.service != service || body["public_key"] != public_key ||
        block.first < 1 || block.last < block.first || block.band.empty() || block.status_base_url.empty()) {
        return fail(LeaseError::bad_reply, "the lease is not the block that was asked for");
    }
    return block;
}

}  // namespace madoguchi
