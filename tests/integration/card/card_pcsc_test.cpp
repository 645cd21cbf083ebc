// The card driver against pcscd + vpcd + mynacard-sim.
#include <doctest/doctest.h>

#include <thread>

#include "card_rig.hpp"
#include "drivers/card/my_number_card.hpp"
#include "drivers/card/pcsc.hpp"

using namespace madoguchi::card;
using namespace madoguchi::card::testing;

namespace {

const char* const k_profile = R"(
[card]
name = "山田　𠮷子"
address = "東京都千代田区永田町１丁目７番１号"
birth_date = "19850401"
sex = "2"
number = "123456789018"
pin = "1234"
)";

Pin pin(const char* digits) {
    return *Pin::from_digits(digits);
}

CardConnection connect() {
    auto context = PcscContext::establish();
    REQUIRE_MESSAGE(context, context.error().message);
    auto connection = context->connect(k_reader);
    REQUIRE_MESSAGE(connection, connection.error().message);
    return std::move(*connection);
}

int tries_left_now() {
    auto connection = connect();
    MyNumberCard card(connection);
    auto selected = card.select();
    REQUIRE_MESSAGE(selected, selected.error().message);
    auto tries = card.tries_left();
    REQUIRE_MESSAGE(tries, tries.error().message);
    return *tries;
}

PinResult verify_once(const char* digits) {
    auto connection = connect();
    MyNumberCard card(connection);
    auto selected = card.select();
    REQUIRE_MESSAGE(selected, selected.error().message);
    auto result = card.verify_pin(pin(digits));
    REQUIRE_MESSAGE(result, result.error().message);
    return *result;
}

struct ReadOutcome {
    CardResult<PersonalAttributes> attributes;
    std::size_t apdus = 0;
};

// What the kiosk does once the PIN is typed: SELECT AP, VERIFY, READ, in one connection.
ReadOutcome read_with_pin(const char* digits) {
    auto context = PcscContext::establish();
    REQUIRE(context);
    auto connection = context->connect(k_reader);
    if (!connection) {
        return {std::unexpected(connection.error()), 0};
    }
    MyNumberCard card(*connection);
    auto read = [&]() -> CardResult<PersonalAttributes> {
        if (auto selected = card.select(); !selected) {
            return std::unexpected(selected.error());
        }
        auto verified = card.verify_pin(pin(digits));
        if (!verified) {
            return std::unexpected(verified.error());
        }
        if (verified->state != PinState::verified) {
            return madoguchi::fail(verified->state == PinState::blocked ? CardError::blocked : CardError::wrong_pin,
                                   "PIN not accepted");
        }
        return card.read_attributes();
    }();
    return {std::move(read), connection->apdu_count()};
}

}  // namespace

TEST_CASE("right PIN: three APDUs give the name with U+3000 and 𠮷, the full-width address, date and sex") {
    SimCard sim(k_profile);
    auto outcome = read_with_pin("1234");
    REQUIRE_MESSAGE(outcome.attributes, outcome.attributes.error().message);
    CHECK(outcome.attributes->name == "山田\u3000\U00020BB7子");
    CHECK(outcome.attributes->address == "東京都千代田区永田町１丁目７番１号");
    CHECK(outcome.attributes->birth_date_iso() == "1985-04-01");
    CHECK(outcome.attributes->sex == Sex::female);
    CHECK(outcome.apdus == 3);
}

TEST_CASE("tries left uses no try, and two wrong then right brings the tries back to 3") {
    SimCard sim(k_profile);
    for (int i = 0; i < 4; ++i) {
        CHECK(tries_left_now() == 3);
    }
    // Each attempt in its own connection: the count survives the power cycle between them.
    auto first = verify_once("0000");
    CHECK(first.state == PinState::wrong);
    CHECK(first.tries_left == 2);
    CHECK(tries_left_now() == 2);
    auto second = verify_once("1111");
    CHECK(second.state == PinState::wrong);
    CHECK(second.tries_left == 1);
    CHECK(tries_left_now() == 1);
    CHECK(verify_once("1234").state == PinState::verified);
    CHECK(tries_left_now() == 3);
}

TEST_CASE("the third wrong PIN blocks the card, and the right one no longer helps") {
    SimCard sim(k_profile);
    CHECK(verify_once("0000").state == PinState::wrong);
    CHECK(verify_once("0000").state == PinState::wrong);
    auto third = verify_once("0000");
    CHECK(third.state == PinState::blocked);
    CHECK(third.tries_left == 0);
    CHECK(tries_left_now() == 0);
    auto outcome = read_with_pin("1234");
    REQUIRE_FALSE(outcome.attributes);
    CHECK(outcome.attributes.error().code == CardError::blocked);
}

TEST_CASE("a verified PIN does not outlive the connection: the card is unpowered") {
    SimCard sim(k_profile);
    {
        auto connection = connect();
        MyNumberCard card(connection);
        REQUIRE(card.select());
        REQUIRE(card.verify_pin(pin("1234"))->state == PinState::verified);
    }
    auto connection = connect();
    MyNumberCard card(connection);
    REQUIRE(card.select());
    auto attributes = card.read_attributes();
    REQUIRE_FALSE(attributes);
    CHECK(attributes.error().code == CardError::security_status);
}

TEST_CASE("card removed after every APDU of the read: removed, no attributes, tries truthful") {
    for (int after = 0; after < 3; ++after) {
        CAPTURE(after);
        SimCard sim(k_profile, SimOptions{after, 300});
        auto outcome = read_with_pin("1234");
        REQUIRE_FALSE(outcome.attributes);
        CHECK(outcome.attributes.error().code == CardError::removed);
        REQUIRE(wait_for_settled_card());
        CHECK(tries_left_now() == 3);
    }
}

TEST_CASE("card removed right after a wrong PIN: the spent try is reported after reinsertion") {
    SimCard sim(k_profile, SimOptions{2, 1000});
    auto outcome = read_with_pin("9999");
    REQUIRE_FALSE(outcome.attributes);
    CHECK(outcome.attributes.error().code == CardError::wrong_pin);
    REQUIRE(wait_for_card(false));
    REQUIRE(wait_for_settled_card());
    CHECK(tries_left_now() == 2);
}

TEST_CASE("an address over 256 bytes is read in two chunks and removal during either is clean") {
    std::string address;
    for (int i = 0; i < 15; ++i) {
        address += "東京都千代田区";
    }
    const std::string profile = "[card]\naddress = \"" + address + "\"\npin = \"1234\"\n";
    {
        SimCard sim(profile);
        auto outcome = read_with_pin("1234");
        REQUIRE_MESSAGE(outcome.attributes, outcome.attributes.error().message);
        CHECK(outcome.attributes->address == address);
        CHECK(outcome.apdus == 4);
    }
    for (int after = 2; after < 4; ++after) {
        CAPTURE(after);
        SimCard sim(profile, SimOptions{after, 300});
        auto outcome = read_with_pin("1234");
        REQUIRE_FALSE(outcome.attributes);
        CHECK(outcome.attributes.error().code == CardError::removed);
        REQUIRE(wait_for_settled_card());
        CHECK(tries_left_now() == 3);
    }
}

TEST_CASE("long-form lengths, two bytes before FF 20 and sex 9") {
    SimCard sim("[card]\nsex = \"9\"\npin = \"1234\"\n[encoding]\nlong_form_lengths = true\nprefix = \"0102\"\n");
    auto outcome = read_with_pin("1234");
    REQUIRE_MESSAGE(outcome.attributes, outcome.attributes.error().message);
    CHECK(outcome.attributes->sex == Sex::not_applicable);
    CHECK(outcome.attributes->name == "番号\u3000花子");
    CHECK(outcome.apdus == 3);
}

TEST_CASE("a card that refuses the short forms is read by SELECT EF") {
    SimCard sim("[card]\npin = \"1234\"\n[encoding]\nshort_form = false\n");
    auto outcome = read_with_pin("1234");
    REQUIRE_MESSAGE(outcome.attributes, outcome.attributes.error().message);
    CHECK(outcome.attributes->birth_date == "19850401");
    // SELECT AP, refused VERIFY 91, SELECT 0011, VERIFY 80, SELECT 0002, READ BINARY.
    CHECK(outcome.apdus == 6);
}

TEST_CASE("a malformed TLV and a wrong check digit give clear errors") {
    SimCard sim(
        "[card]\nnumber = \"123456789017\"\npin = \"1234\"\n[encoding]\n"
        "attributes_hex = \"FF 20 10 DF 21 08 00 0A 00 0B 00 0C 00 0D DF 22 7F 41\"\n");
    auto outcome = read_with_pin("1234");
    REQUIRE_FALSE(outcome.attributes);
    CHECK(outcome.attributes.error().code == CardError::malformed_response);

    auto connection = connect();
    MyNumberCard card(connection);
    REQUIRE(card.select());
    REQUIRE(card.verify_pin(pin("1234"))->state == PinState::verified);
    auto number = card.read_individual_number();
    REQUIRE_FALSE(number);
    CHECK(number.error().code == CardError::wrong_check_digit);
}

TEST_CASE("an empty reader and a card without the AP") {
    PcscRig::instance();
    REQUIRE(wait_for_card(false));
    auto context = PcscContext::establish();
    REQUIRE(context);
    auto connection = context->connect(k_reader);
    REQUIRE_FALSE(connection);
    CHECK(connection.error().code == CardError::no_card);

    SimCard sim("[encoding]\nhas_attributes_ap = false\n");
    auto other = connect();
    MyNumberCard card(other);
    auto selected = card.select();
    REQUIRE_FALSE(selected);
    CHECK(selected.error().code == CardError::not_my_number_card);
}
