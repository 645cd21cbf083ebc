#include <doctest/doctest.h>

#include <array>
#include <vector>

#include "drivers/printer/printer_status.hpp"

using namespace madoguchi::printer;

namespace {

PrinterResult<PrinterStatus> parse(std::vector<std::uint8_t> bytes) { return parse_status(bytes); }

}  // namespace

TEST_CASE("a printer with nothing to report is ready") {
    auto status = parse({0x12, 0x12, 0x12, 0x12});
    REQUIRE(status);
    CHECK_FALSE(status->offline);
    CHECK_FALSE(status->cover_open);
    CHECK_FALSE(status->paper_near_end);
    CHECK_FALSE(status->paper_out);
    CHECK(ready_to_print(*status));
}

TEST_CASE("each status bit is read from its own reply") {
    auto offline = parse({0x1A, 0x12, 0x12, 0x12});  // DLE EOT 1 bit 3
    REQUIRE(offline);
    CHECK(offline->offline);
    CHECK(ready_to_print(*offline).error().code == PrinterError::offline);

    auto cover = parse({0x1A, 0x16, 0x12, 0x12});  // DLE EOT 2 bit 2
    REQUIRE(cover);
    CHECK(cover->cover_open);
    CHECK(ready_to_print(*cover).error().code == PrinterError::cover_open);

    auto near_end = parse({0x12, 0x12, 0x12, 0x1E});  // DLE EOT 4 bits 2-3
    REQUIRE(near_end);
    CHECK(near_end->paper_near_end);
    CHECK_FALSE(near_end->paper_out);
    CHECK(ready_to_print(*near_end));  // still prints; the floor is told instead

    auto out = parse({0x1A, 0x32, 0x12, 0x7E});  // offline because of paper end, roll sensor empty
    REQUIRE(out);
    CHECK(out->paper_out);
    CHECK(ready_to_print(*out).error().code == PrinterError::paper_out);

    auto cutter = parse({0x1A, 0x52, 0x1A, 0x12});  // DLE EOT 3 bit 3
    REQUIRE(cutter);
    CHECK(cutter->cutter_error);
    CHECK(ready_to_print(*cutter).error().code == PrinterError::cutter);

    auto broken = parse({0x1A, 0x52, 0x32, 0x12});  // DLE EOT 3 bit 5
    REQUIRE(broken);
    CHECK(broken->unrecoverable_error);
    CHECK(ready_to_print(*broken).error().code == PrinterError::hardware);
}

TEST_CASE("only one of the two paper-end sensor bits is not paper out") {
    auto half = parse({0x12, 0x12, 0x12, 0x32});
    REQUIRE(half);
    CHECK_FALSE(half->paper_out);
}

TEST_CASE("bytes whose fixed bits are wrong are refused, naming the query") {
    for (const int garbage : {0x00, 0xFF, 0x10, 0x02, 0x13, 0x92, 0x41}) {
        CAPTURE(garbage);
        auto status = parse({0x12, 0x12, static_cast<std::uint8_t>(garbage), 0x12});
        REQUIRE_FALSE(status);
        CHECK(status.error().code == PrinterError::bad_reply);
        CHECK(status.error().message.find("DLE EOT 3") != std::string::npos);
    }
}

TEST_CASE("a wrong number of replies is refused, not read past") {
    CHECK(parse({}).error().code == PrinterError::bad_reply);
    CHECK(parse({0x12, 0x12, 0x12}).error().code == PrinterError::bad_reply);
    CHECK(parse({0x12, 0x12, 0x12, 0x12, 0x12}).error().code == PrinterError::bad_reply);
}

TEST_CASE("every single byte value in every position either parses or is bad_reply") {
    for (int position = 0; position < 4; ++position) {
        for (int value = 0; value < 256; ++value) {
            std::array<std::uint8_t, 4> bytes{0x12, 0x12, 0x12, 0x12};
            bytes[static_cast<std::size_t>(position)] = static_cast<std::uint8_t>(value);
            auto status = parse_status(bytes);
            CHECK(status.has_value() == ((value & 0x93) == 0x12));
        }
    }
}
