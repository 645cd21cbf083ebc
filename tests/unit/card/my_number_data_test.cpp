#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "drivers/card/my_number_data.hpp"
#include "sim_channel.hpp"
#include "tools/mynacard-sim/card_files.hpp"

using namespace madoguchi::card;
using madoguchi::card::testing::default_profile;

TEST_CASE("the four attributes parse, with U+3000, a kanji beyond the BMP and full-width digits") {
    auto profile = default_profile();
    profile.name = "山田\u3000\U00020BB7子";
    auto attributes = parse_attributes(madoguchi::sim::attributes_file(profile));
    REQUIRE(attributes);
    CHECK(attributes->name == "山田\u3000\U00020BB7子");
    CHECK(attributes->address == "東京都千代田区永田町１丁目７番１号");
    CHECK(attributes->birth_date == "19850401");
    CHECK(attributes->birth_date_iso() == "1985-04-01");
    CHECK(attributes->sex == Sex::female);
}

TEST_CASE("the template is found after a prefix, with long-form lengths, and every sex code maps") {
    const std::pair<const char*, Sex> sexes[] = {
        {"1", Sex::male}, {"2", Sex::female}, {"9", Sex::not_applicable}, {"0", Sex::unknown}};
    for (const auto& [code, sex] : sexes) {
        auto profile = default_profile();
        profile.sex = code;
        profile.prefix = {0x01, 0x02};
        profile.long_form_lengths = true;
        auto attributes = parse_attributes(madoguchi::sim::attributes_file(profile));
        REQUIRE(attributes);
        CHECK(attributes->sex == sex);
    }
}

TEST_CASE("bad attribute files give malformed_response") {
    const std::vector<std::vector<std::uint8_t>> broken{
        {},
        {0xFF, 0x20, 0x05, 0xDF, 0x21},                                                  // truncated template
        {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0xFF, 0x20, 0x00},  // too far in
        {0xFF, 0x20, 0x03, 0xDF, 0x22, 0x00},                                            // no DF21, empty name
    };
    for (const auto& file : broken) {
        auto attributes = parse_attributes(file);
        REQUIRE_FALSE(attributes);
        CHECK(attributes.error().code == CardError::malformed_response);
    }
    auto bad_sex = default_profile();
    bad_sex.sex = "3";
    CHECK(parse_attributes(madoguchi::sim::attributes_file(bad_sex)).error().code == CardError::malformed_response);
    auto bad_date = default_profile();
    bad_date.birth_date = "19851301";
    CHECK(parse_attributes(madoguchi::sim::attributes_file(bad_date)).error().code == CardError::malformed_response);
    auto bad_utf8 = default_profile();
    bad_utf8.name = "\xE5\xB1";
    CHECK(parse_attributes(madoguchi::sim::attributes_file(bad_utf8)).error().code == CardError::malformed_response);
}

TEST_CASE("the individual number's check digit") {
    CHECK(individual_number_check_digit("12345678901") == 8);
    CHECK(individual_number_check_digit("00000000000") == 0);
    CHECK(individual_number_check_digit("1234567890") == -1);
    CHECK(individual_number_check_digit("1234567890a") == -1);
    auto profile = default_profile();
    auto number = parse_individual_number(madoguchi::sim::number_file(profile));
    REQUIRE(number);
    CHECK(number->digits == "123456789018");
    profile.number = "123456789017";
    auto wrong = parse_individual_number(madoguchi::sim::number_file(profile));
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == CardError::wrong_check_digit);
    profile.number = "12345678901";
    CHECK(parse_individual_number(madoguchi::sim::number_file(profile)).error().code == CardError::malformed_response);
}

TEST_CASE("wipe leaves no personal data behind") {
    auto attributes = parse_attributes(madoguchi::sim::attributes_file(default_profile()));
    REQUIRE(attributes);
    const char* name_buffer = attributes->name.data();
    const std::size_t name_size = attributes->name.size();
    attributes->wipe();
    CHECK(attributes->name.empty());
    CHECK(attributes->address.empty());
    CHECK(attributes->birth_date.empty());
    // The heap buffer is still the string's own (cleared, not freed), so reading it is defined.
    CHECK(std::string(name_buffer, name_size).find("花子") == std::string::npos);

    PersonalAttributes moved_from = std::move(*attributes);
    PersonalAttributes target = std::move(moved_from);
    CHECK(moved_from.name.empty());
}
