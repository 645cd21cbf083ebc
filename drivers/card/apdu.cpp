#include "apdu.hpp"

#include <stdexcept>
#include <string>

namespace madoguchi::card {

SecureBytes encode_command(const Command& command) {
    if (command.data.size() > 255) {
        throw std::invalid_argument("APDU data over 255 bytes needs extended length, which is not supported");
    }
    if (command.le && (*command.le == 0 || *command.le > 256)) {
        throw std::invalid_argument("APDU Le must be 1..256, not " + std::to_string(*command.le));
    }
    SecureBytes bytes;
    bytes.reserve(4 + 1 + command.data.size() + 1);
    bytes.insert(bytes.end(), {command.cla, command.ins, command.p1, command.p2});
    if (!command.data.empty()) {
        bytes.push_back(static_cast<std::uint8_t>(command.data.size()));
        bytes.insert(bytes.end(), command.data.begin(), command.data.end());
    }
    if (command.le) {
        bytes.push_back(static_cast<std::uint8_t>(*command.le & 0xFF));
    }
    return bytes;
}

CardResult<Response> parse_response(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < 2) {
        return fail(CardError::malformed_response,
                    "response of " + std::to_string(bytes.size()) + " bytes has no status word");
    }
    Response response;
    response.data.assign(bytes.begin(), bytes.end() - 2);
    response.status_word = static_cast<std::uint16_t>(bytes[bytes.size() - 2] << 8 | bytes[bytes.size() - 1]);
    return response;
}

Command select_application(std::span<const std::uint8_t> aid) {
    // P2 0C: no FCI wanted, so the command has no Le.
    return Command{0x00, 0xA4, 0x04, 0x0C, SecureBytes(aid.begin(), aid.end()), std::nullopt};
}

Command select_file(std::uint16_t file_id) {
    return Command{0x00,
                   0xA4,
                   0x02,
                   0x0C,
                   SecureBytes{static_cast<std::uint8_t>(file_id >> 8), static_cast<std::uint8_t>(file_id & 0xFF)},
                   std::nullopt};
}

Command verify(std::uint8_t reference, std::span<const std::uint8_t> pin) {
    return Command{0x00, 0x20, 0x00, reference, SecureBytes(pin.begin(), pin.end()), std::nullopt};
}

Command read_binary(std::uint16_t offset, std::uint16_t length) {
    return Command{
        0x00, 0xB0,  static_cast<std::uint8_t>((offset >> 8) & 0x7F), static_cast<std::uint8_t>(offset & 0xFF),
        {},   length};
}

Command read_binary_sfi(std::uint8_t sfi, std::uint8_t offset, std::uint16_t length) {
    return Command{0x00, 0xB0, static_cast<std::uint8_t>(0x80 | (sfi & 0x1F)), offset, {}, length};
}

Command get_response(std::uint8_t length) {
    return Command{0x00, 0xC0, 0x00, 0x00, {}, length == 0 ? std::uint16_t{256} : std::uint16_t{length}};
}

}  // namespace madoguchi::card
