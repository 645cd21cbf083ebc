#pragma once
// BER-TLV as My Number cards write it. Multi-byte tags lose padding groups, so a card that
// writes DF 80 21 still yields 0xDF21; lengths may be short or long form (81..84, also
// non-minimal like 82 00 9F). Every length is checked against the bytes that are really there.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "card_error.hpp"

namespace madoguchi::card {

struct Tlv {
    std::uint32_t tag = 0;
    std::span<const std::uint8_t> value;
    // Where the element starts within the parsed buffer, header included.
    std::size_t offset = 0;
};

// The next element at `pos`, advancing `pos` past it. Returns nullopt at the end of the data or
// at 00/FF filler, which cards use to pad a file to its allocated size.
CardResult<std::optional<Tlv>> next_tlv(std::span<const std::uint8_t> bytes, std::size_t& pos);

// Every element up to the end or the first filler.
CardResult<std::vector<Tlv>> parse_tlvs(std::span<const std::uint8_t> bytes);

// The first element with this tag among `elements`, or nullptr.
const Tlv* find_tlv(std::span<const Tlv> elements, std::uint32_t tag);

// The size of a whole element (header + value) whose header starts at bytes[0], if the header
// is complete; used to know how much of a file to read before the rest has arrived.
CardResult<std::optional<std::size_t>> tlv_total_size(std::span<const std::uint8_t> bytes);

}  // namespace madoguchi::card
