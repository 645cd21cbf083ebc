#pragma once
// ISO 7816-4 command APDUs (short form only: every command this driver sends fits) and the
// response split into data and status word.
#include <cstdint>
#include <optional>
#include <span>

#include "card_error.hpp"
#include "secure_bytes.hpp"

namespace madoguchi::card {

inline constexpr std::uint16_t k_sw_ok = 0x9000;
inline constexpr std::uint16_t k_sw_end_of_file = 0x6282;
inline constexpr std::uint16_t k_sw_offset_beyond_end = 0x6B00;

struct Command {
    std::uint8_t cla = 0x00;
    std::uint8_t ins = 0x00;
    std::uint8_t p1 = 0x00;
    std::uint8_t p2 = 0x00;
    // May hold a PIN: the buffer is wiped when freed.
    SecureBytes data;
    // Expected response length, 1..256; 256 is encoded as 00.
    std::optional<std::uint16_t> le;
};

struct Response {
    SecureBytes data;
    std::uint16_t status_word = 0;

    std::uint8_t sw1() const { return static_cast<std::uint8_t>(status_word >> 8); }
    std::uint8_t sw2() const { return static_cast<std::uint8_t>(status_word & 0xFF); }
    bool ok() const { return status_word == k_sw_ok; }
};

// Throws std::invalid_argument for data over 255 bytes or Le outside 1..256: that is a bug in
// the caller, not something a card can cause.
SecureBytes encode_command(const Command& command);

// Fails with malformed_response when fewer than the two status bytes arrived.
CardResult<Response> parse_response(std::span<const std::uint8_t> bytes);

Command select_application(std::span<const std::uint8_t> aid);
Command select_file(std::uint16_t file_id);
// VERIFY with P2 = reference (0x80 for the current EF, 0x80 | SFI for the short form).
// An empty PIN asks for the tries left without using one.
Command verify(std::uint8_t reference, std::span<const std::uint8_t> pin);
// READ BINARY of the current EF at a 15-bit offset.
Command read_binary(std::uint16_t offset, std::uint16_t length);
// READ BINARY by short file identifier: P1 = 0x80 | SFI, P2 = offset (0..255).
Command read_binary_sfi(std::uint8_t sfi, std::uint8_t offset, std::uint16_t length);
Command get_response(std::uint8_t length);

}  // namespace madoguchi::card
