#include <doctest/doctest.h>

#include <string>

#include "drivers/card/my_number_card.hpp"
#include "sim_channel.hpp"

using namespace madoguchi::card;
using madoguchi::card::testing::default_profile;
using madoguchi::card::testing::ScriptedChannel;
using madoguchi::card::testing::SimChannel;

namespace {

Pin pin(const char* digits) {
    return *Pin::from_digits(digits);
}

}  // namespace

TEST_CASE("SELECT AP, VERIFY and READ by SFI: three APDUs for attributes under 256 bytes") {
    SimChannel channel(default_profile());
    MyNumberCard card(channel);
    REQUIRE(card.select());
    auto verified = card.verify_pin(pin("1234"));
    REQUIRE(verified);
    CHECK(verified->state == PinState::verified);
    auto attributes = card.read_attributes();
    REQUIRE(attributes);
    CHECK(attributes->name == "番号\u3000花子");
    CHECK(channel.sent.size() == 3);
    CHECK(channel.sent[1][3] == 0x91);
    CHECK(channel.sent[2][2] == 0x82);
}

TEST_CASE("an address over 256 bytes is read in chunks, the later ones without SELECT") {
    auto profile = default_profile();
    profile.address.clear();
    for (int i = 0; i < 40; ++i) {
        profile.address += "東京都";
    }
    SimChannel channel(profile);
    MyNumberCard card(channel);
    REQUIRE(card.select());
    REQUIRE(card.verify_pin(pin("1234"))->state == PinState::verified);
    auto attributes = card.read_attributes();
    REQUIRE(attributes);
    CHECK(attributes->address == profile.address);
    REQUIRE(channel.sent.size() == 4);
    CHECK(channel.sent[3][1] == 0xB0);
    CHECK(channel.sent[3][2] == 0x01);
    CHECK(channel.sent[3][3] == 0x00);
}

TEST_CASE("a card that refuses the short forms is read with SELECT EF and plain commands") {
    auto profile = default_profile();
    profile.short_form = false;
    SimChannel channel(profile);
    MyNumberCard card(channel);
    REQUIRE(card.select());
    CHECK(*card.tries_left() == 3);
    REQUIRE(card.verify_pin(pin("1234"))->state == PinState::verified);
    auto attributes = card.read_attributes();
    REQUIRE(attributes);
    auto number = card.read_individual_number();
    REQUIRE(number);
    CHECK(number->digits == "123456789018");
    // SELECT AP; refused VERIFY 91, SELECT 0011, VERIFY 80 (tries); VERIFY 80 again with the PIN
    // after another SELECT 0011; SELECT 0002, READ; SELECT 0001, READ.
    CHECK(channel.sent.size() == 10);
    CHECK(channel.card().tries_left() == 3);
}

TEST_CASE("tries left uses no try, wrong wrong right restores 3, and three failures block") {
    SimChannel channel(default_profile());
    MyNumberCard card(channel);
    REQUIRE(card.select());
    for (int i = 0; i < 5; ++i) {
        CHECK(*card.tries_left() == 3);
    }
    CHECK(channel.card().tries_left() == 3);
    auto first = card.verify_pin(pin("0000"));
    CHECK(first->state == PinState::wrong);
    CHECK(first->tries_left == 2);
    CHECK(card.verify_pin(pin("0000"))->tries_left == 1);
    CHECK(card.verify_pin(pin("1234"))->state == PinState::verified);
    CHECK(*card.tries_left() == 3);

    for (int i = 0; i < 2; ++i) {
        CHECK(card.verify_pin(pin("9999"))->state == PinState::wrong);
    }
    auto third = card.verify_pin(pin("9999"));
    CHECK(third->state == PinState::blocked);
    CHECK(third->tries_left == 0);
    CHECK(*card.tries_left() == 0);
    CHECK(card.verify_pin(pin("1234"))->state == PinState::blocked);
    auto attributes = card.read_attributes();
    REQUIRE_FALSE(attributes);
    CHECK(attributes.error().code == CardError::security_status);
}

TEST_CASE("a card without the AP is not a My Number card") {
    auto profile = default_profile();
    profile.has_attributes_ap = false;
    SimChannel channel(profile);
    MyNumberCard card(channel);
    auto selected = card.select();
    REQUIRE_FALSE(selected);
    CHECK(selected.error().code == CardError::not_my_number_card);
}

TEST_CASE("removal at every APDU of a read gives removed and no attributes") {
    for (std::size_t after = 0; after < 3; ++after) {
        SimChannel channel(default_profile());
        channel.remove_after = after;
        MyNumberCard card(channel);
        auto result = [&]() -> CardResult<PersonalAttributes> {
            if (auto selected = card.select(); !selected) {
                return std::unexpected(selected.error());
            }
            auto verified = card.verify_pin(pin("1234"));
            if (!verified) {
                return std::unexpected(verified.error());
            }
            return card.read_attributes();
        }();
        REQUIRE_FALSE(result);
        CHECK(result.error().code == CardError::removed);
        CHECK(channel.card().tries_left() == 3);
    }
}

TEST_CASE("6Cxx repeats with the right Le, 61xx collects with GET RESPONSE, 6282 is data") {
    auto profile = default_profile();
    profile.filler = 0;
    const auto file = [&] {
        SimChannel channel(profile);
        MyNumberCard card(channel);
        (void)card.select();
        (void)card.verify_pin(pin("1234"));
        std::vector<std::uint8_t> bytes;
        // The attribute file as the sim holds it, read in one go.
        auto response = channel.transmit(read_binary_sfi(2, 0, 256));
        bytes.assign(response->data.begin(), response->data.end());
        return bytes;
    }();
    REQUIRE(file.size() < 256);
    ScriptedChannel channel;
    const auto length = static_cast<std::uint8_t>(file.size());
    channel.responses.push_back({0x6C, length});
    std::vector<std::uint8_t> head(file.begin(), file.begin() + 10);
    head.insert(head.end(), {0x61, static_cast<std::uint8_t>(length - 10)});
    channel.responses.push_back(head);
    std::vector<std::uint8_t> tail(file.begin() + 10, file.end());
    tail.insert(tail.end(), {0x62, 0x82});
    channel.responses.push_back(tail);
    MyNumberCard card(channel);
    auto attributes = card.read_attributes();
    REQUIRE(attributes);
    CHECK(attributes->birth_date == "19850401");
    REQUIRE(channel.sent.size() == 3);
    CHECK(channel.sent[1].back() == length);
    CHECK(channel.sent[2][1] == 0xC0);
}

TEST_CASE("a file that ends inside its template is malformed") {
    ScriptedChannel channel;
    channel.responses.push_back({0xFF, 0x20, 0x40, 0xDF, 0x21, 0x08, 0x62, 0x82});
    MyNumberCard card(channel);
    auto attributes = card.read_attributes();
    REQUIRE_FALSE(attributes);
    CHECK(attributes.error().code == CardError::malformed_response);
}

TEST_CASE("power off and reset drop the verified state but keep the tries") {
    SimChannel channel(default_profile());
    MyNumberCard card(channel);
    REQUIRE(card.select());
    REQUIRE(card.verify_pin(pin("0000"))->tries_left == 2);
    REQUIRE(card.verify_pin(pin("1234"))->state == PinState::verified);
    REQUIRE(card.verify_pin(pin("0000"))->tries_left == 2);
    channel.card().power_cycle();
    REQUIRE(card.select());
    CHECK(*card.tries_left() == 2);
    REQUIRE(card.verify_pin(pin("1234"))->state == PinState::verified);
    channel.card().power_cycle();
    REQUIRE(card.select());
    auto attributes = card.read_attributes();
    REQUIRE_FALSE(attributes);
    CHECK(attributes.error().code == CardError::security_status);
}
