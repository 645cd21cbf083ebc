#pragma once
// The 券面事項入力補助AP of a My Number card (DESIGN.md §5) over any CardChannel. It uses the
// fewest APDUs the card accepts: VERIFY and READ BINARY by short file identifier, so SELECT AP +
// VERIFY + READ is three APDUs for attributes under 256 bytes; when a card refuses the short
// form it falls back to SELECT EF + plain VERIFY / READ BINARY for the rest of the session.
// A PIN is sent once per verify_pin() call and never retried.
#include <array>
#include <cstdint>

#include "card_channel.hpp"
#include "my_number_data.hpp"
#include "pin.hpp"

namespace madoguchi::card {

inline constexpr std::array<std::uint8_t, 10> k_attributes_aid{0xD3, 0x92, 0x10, 0x00, 0x31,
                                                               0x00, 0x01, 0x01, 0x04, 0x08};
inline constexpr int k_max_pin_tries = 3;

enum class PinState { verified, wrong, blocked };

struct PinResult {
    PinState state = PinState::wrong;
    int tries_left = 0;
};

class MyNumberCard {
public:
    explicit MyNumberCard(CardChannel& channel) : m_channel(channel) {}

    // SELECTs the AP: fails with not_my_number_card for any other card.
    CardResult<void> select();
    // Tries left (0 when blocked) without using a try. Needs select().
    CardResult<int> tries_left();
    // One attempt. wrong carries the tries left; the last failure and a blocked card give blocked.
    CardResult<PinResult> verify_pin(const Pin& pin);
    // Need a verified PIN.
    CardResult<PersonalAttributes> read_attributes();
    CardResult<IndividualNumber> read_individual_number();

private:
    using FileSize = CardResult<std::optional<std::size_t>> (*)(std::span<const std::uint8_t>);

    CardResult<Response> exchange(Command command);
    CardResult<Response> verify_command(std::span<const std::uint8_t> pin);
    CardResult<SecureBytes> read_file(std::uint8_t sfi, std::uint16_t file_id, FileSize file_size);
    CardResult<void> select_ef(std::uint16_t file_id);

    CardChannel& m_channel;
    bool m_short_form = true;
};

}  // namespace madoguchi::card
