#include <doctest/doctest.h>

#include <vector>

#include "drivers/card/tlv.hpp"

using namespace madoguchi::card;

TEST_CASE("short and long-form lengths, including non-minimal ones, give the same element") {
    const std::vector<std::uint8_t> short_form{0xDF, 0x22, 0x02, 'a', 'b'};
    const std::vector<std::uint8_t> long_81{0xDF, 0x22, 0x81, 0x02, 'a', 'b'};
    const std::vector<std::uint8_t> long_82{0xDF, 0x22, 0x82, 0x00, 0x02, 'a', 'b'};
    for (const auto* bytes : {&short_form, &long_81, &long_82}) {
        auto elements = parse_tlvs(*bytes);
        REQUIRE(elements);
        REQUIRE(elements->size() == 1);
        CHECK((*elements)[0].tag == 0xDF22);
        CHECK((*elements)[0].value.size() == 2);
        CHECK((*elements)[0].value[1] == 'b');
    }
}

TEST_CASE("non-minimal tags are normalised") {
    // DF 80 22 is DF 22 with a padding group; 1F 05 keeps its multi-byte form (like FF 10).
    const std::vector<std::uint8_t> bytes{0xDF, 0x80, 0x22, 0x00, 0x1F, 0x05, 0x00, 0x5F, 0x81, 0x00, 0x00};
    auto elements = parse_tlvs(bytes);
    REQUIRE(elements);
    REQUIRE(elements->size() == 3);
    CHECK((*elements)[0].tag == 0xDF22);
    CHECK((*elements)[1].tag == 0x1F05);
    CHECK((*elements)[2].tag == 0x5F8100);
}

TEST_CASE("parsing stops at 00 and FF filler but not at an FF tag") {
    const std::vector<std::uint8_t> ff_filler{0x01, 0x01, 0xAA, 0xFF, 0xFF, 0xFF};
    auto elements = parse_tlvs(ff_filler);
    REQUIRE(elements);
    CHECK(elements->size() == 1);
    const std::vector<std::uint8_t> zero_filler{0x01, 0x01, 0xAA, 0x00, 0x12, 0x34};
    CHECK(parse_tlvs(zero_filler)->size() == 1);
    const std::vector<std::uint8_t> lone_ff{0x01, 0x00, 0xFF};
    CHECK(parse_tlvs(lone_ff)->size() == 1);
    const std::vector<std::uint8_t> template_tag{0xFF, 0x20, 0x00, 0xFF};
    auto templ = parse_tlvs(template_tag);
    REQUIRE(templ);
    REQUIRE(templ->size() == 1);
    CHECK((*templ)[0].tag == 0xFF20);
}

TEST_CASE("malformed TLV is an error, never a read past the end") {
    const std::vector<std::vector<std::uint8_t>> broken{
        {0xDF, 0x22, 0x05, 'a'},                                 // value shorter than its length
        {0xDF},                                                  // tag cut off
        {0xDF, 0x22},                                            // length missing
        {0xDF, 0x22, 0x82, 0x00},                                // long length cut off
        {0xDF, 0x22, 0x80},                                      // indefinite length
        {0xDF, 0x22, 0x85, 0, 0, 0, 0, 1, 0},                    // five length bytes
        {0xDF, 0x22, 0x84, 0xFF, 0xFF, 0xFF, 0xFF},              // 4 GiB claimed
        {0x1F, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00},              // tag number too large
        {0x1F, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00},  // endless padding
    };
    for (const auto& bytes : broken) {
        auto elements = parse_tlvs(bytes);
        REQUIRE_FALSE(elements);
        CHECK(elements.error().code == CardError::malformed_response);
    }
}

TEST_CASE("the size of an element is known from its header alone") {
    const std::vector<std::uint8_t> head{0xFF, 0x20, 0x82, 0x01, 0x2C, 0xDF};
    auto size = tlv_total_size(head);
    REQUIRE(size);
    REQUIRE(*size);
    CHECK(**size == 5 + 0x12C);
    const std::vector<std::uint8_t> partial{0xFF, 0x20, 0x82, 0x01};
    REQUIRE(tlv_total_size(partial));
    CHECK_FALSE(*tlv_total_size(partial));
}
