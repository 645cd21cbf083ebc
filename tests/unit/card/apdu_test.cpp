#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "drivers/card/apdu.hpp"

using namespace madoguchi::card;

namespace {
std::vector<std::uint8_t> bytes(const SecureBytes& encoded) {
    return {encoded.begin(), encoded.end()};
}
}  // namespace

TEST_CASE("the APDUs of DESIGN.md §5 encode byte for byte") {
    const std::uint8_t aid[] = {0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08};
    CHECK(bytes(encode_command(select_application(aid))) == std::vector<std::uint8_t>{0x00, 0xA4, 0x04, 0x0C, 0x0A,
                                                                                      0xD3, 0x92, 0x10, 0x00, 0x31,
                                                                                      0x00, 0x01, 0x01, 0x04, 0x08});
    CHECK(bytes(encode_command(select_file(0x0011))) ==
          std::vector<std::uint8_t>{0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x11});
    const std::uint8_t pin[] = {'1', '2', '3', '4'};
    CHECK(bytes(encode_command(verify(0x91, pin))) ==
          std::vector<std::uint8_t>{0x00, 0x20, 0x00, 0x91, 0x04, '1', '2', '3', '4'});
    CHECK(bytes(encode_command(verify(0x80, {}))) == std::vector<std::uint8_t>{0x00, 0x20, 0x00, 0x80});
    CHECK(bytes(encode_command(read_binary_sfi(0x02, 0, 256))) ==
          std::vector<std::uint8_t>{0x00, 0xB0, 0x82, 0x00, 0x00});
    CHECK(bytes(encode_command(read_binary(0x0100, 0x20))) == std::vector<std::uint8_t>{0x00, 0xB0, 0x01, 0x00, 0x20});
}

TEST_CASE("a command the short form cannot carry is a programming error") {
    Command too_long{0x00, 0xD6, 0, 0, SecureBytes(256, 0x00), std::nullopt};
    CHECK_THROWS_AS(encode_command(too_long), std::invalid_argument);
    Command zero_le{0x00, 0xB0, 0, 0, {}, std::uint16_t{0}};
    CHECK_THROWS_AS(encode_command(zero_le), std::invalid_argument);
}

TEST_CASE("a response splits into data and status word and fewer than two bytes is malformed") {
    const std::uint8_t raw[] = {0x01, 0x02, 0x62, 0x82};
    auto response = parse_response(raw);
    REQUIRE(response);
    CHECK(response->status_word == 0x6282);
    CHECK(response->data == SecureBytes{0x01, 0x02});
    const std::uint8_t only_status[] = {0x90, 0x00};
    CHECK(parse_response(only_status)->ok());
    const std::uint8_t one[] = {0x90};
    auto broken = parse_response(one);
    REQUIRE_FALSE(broken);
    CHECK(broken.error().code == CardError::malformed_response);
    CHECK_FALSE(parse_response({}));
}

TEST_CASE("status words become card errors") {
    CHECK(card_error_from_status(0x63C2) == CardError::wrong_pin);
    CHECK(card_error_from_status(0x6984) == CardError::blocked);
    CHECK(card_error_from_status(0x6982) == CardError::security_status);
    CHECK(card_error_from_status(0x6A82) == CardError::file_not_found);
    CHECK(card_error_from_status(0x6A86) == CardError::unsupported);
    CHECK(card_error_from_status(0x6F00) == CardError::transport);
}
