// libFuzzer target for everything that parses bytes from a card: TLV, response APDUs, the
// attribute and number files, and MyNumberCard's read loop fed with arbitrary responses.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

#include "drivers/card/my_number_card.hpp"
#include "drivers/card/tlv.hpp"

namespace {

using namespace madoguchi::card;

// Answers each command with the next slice of the fuzz input: one length byte, then that many
// bytes (data + status word) as the card's response.
class FuzzChannel final : public CardChannel {
public:
    explicit FuzzChannel(std::span<const std::uint8_t> input) : m_input(input) {}

    CardResult<Response> transmit(const Command& command) override {
        (void)encode_command(command);
        if (m_input.empty()) {
            return madoguchi::fail(CardError::removed, "input ended");
        }
        const std::size_t length = std::min<std::size_t>(m_input[0], m_input.size() - 1);
        const auto bytes = m_input.subspan(1, length);
        m_input = m_input.subspan(1 + length);
        return parse_response(bytes);
    }

private:
    std::span<const std::uint8_t> m_input;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> input(data, size);
    if (auto elements = parse_tlvs(input)) {
        for (const Tlv& element : *elements) {
            (void)parse_tlvs(element.value);
        }
    }
    (void)tlv_total_size(input);
    (void)parse_response(input);
    (void)attributes_file_size(input);
    (void)parse_attributes(input);
    (void)parse_individual_number(input);

    FuzzChannel channel(input);
    MyNumberCard card(channel);
    (void)card.select();
    (void)card.tries_left();
    (void)card.verify_pin(*Pin::from_digits("1234"));
    (void)card.read_attributes();
    (void)card.read_individual_number();
    return 0;
}
