#include <doctest/doctest.h>

#include <vector>

#include "drivers/printer/escpos_encoder.hpp"
#include "tools/escpos-render/escpos_interpreter.hpp"

using namespace madoguchi;
using Bytes = std::vector<std::uint8_t>;

namespace {

bool ink(const escpos::PaperImage& paper, int x, int y) {
    return paper.pixels[static_cast<std::size_t>(y * paper.width + x)] == 0;
}

}  // namespace

TEST_CASE("a raster image lands where the justification puts it") {
    printer::MonoBitmap image(16, 2);
    image.set_black(0, 0);
    image.set_black(15, 1);
    printer::EscPosEncoder encoder(64);
    encoder.initialize().align(printer::Alignment::center);
    REQUIRE(encoder.raster(image));
    encoder.align(printer::Alignment::right);
    REQUIRE(encoder.raster(image));
    auto paper = escpos::render_escpos(encoder.bytes(), {64, 8});
    REQUIRE(paper);
    CHECK(paper->width == 64);
    CHECK(paper->height == 4);
    CHECK(ink(*paper, 24, 0));
    CHECK(ink(*paper, 39, 1));
    CHECK_FALSE(ink(*paper, 23, 0));
    CHECK(ink(*paper, 48, 2));
    CHECK(ink(*paper, 63, 3));
    int inked = 0;
    for (std::uint8_t pixel : paper->pixels) {
        inked += pixel == 0;
    }
    CHECK(inked == 4);
}

TEST_CASE("feeds move the paper and a cut is drawn and counted") {
    printer::EscPosEncoder encoder(64);
    encoder.initialize().feed_dots(10).feed_lines(1).cut(printer::Cut::partial);
    auto paper = escpos::render_escpos(encoder.bytes(), {64, 8});
    REQUIRE(paper);
    CHECK(paper->cuts == 1);
    const int cut_row = 10 + 33 + 16;  // 1/6 inch at 8 dots/mm is 33 dots
    CHECK(ink(*paper, 0, cut_row));
    CHECK_FALSE(ink(*paper, 12, cut_row));  // dashed
    CHECK_FALSE(ink(*paper, 0, cut_row - 1));
}

TEST_CASE("a native QR is drawn at its module size") {
    printer::EscPosEncoder encoder(576);
    encoder.initialize();
    REQUIRE(encoder.qr_native("https://example.jp/t/1", printer::QrOptions{4, printer::QrLevel::medium}));
    auto paper = escpos::render_escpos(encoder.bytes(), {576, 8});
    REQUIRE(paper);
    CHECK(paper->height == 25 * 4);  // version 2, no quiet zone: the paper around it is the quiet zone
    // The finder pattern's top-left corner: a 7-module dark square outline.
    CHECK(ink(*paper, 0, 0));
    CHECK(ink(*paper, 27, 0));
    CHECK_FALSE(ink(*paper, 28, 0));
    CHECK_FALSE(ink(*paper, 4, 4));
}

TEST_CASE("status queries print nothing") {
    Bytes bytes = printer::status_query(1);
    auto paper = escpos::render_escpos(bytes, {64, 8});
    REQUIRE(paper);
    CHECK(paper->height == 1);
}

TEST_CASE("bytes a printer would misread are errors with their offset") {
    auto text = escpos::render_escpos(Bytes{0x1B, 0x40, 'A'}, {64, 8});
    REQUIRE_FALSE(text);
    CHECK(text.error().code == escpos::RenderError::unknown_command);
    CHECK(text.error().message.find("at byte 2") != std::string::npos);

    auto cut_short = escpos::render_escpos(Bytes{0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x05, 0x00, 0xFF}, {64, 8});
    REQUIRE_FALSE(cut_short);
    CHECK(cut_short.error().code == escpos::RenderError::truncated);

    auto no_data = escpos::render_escpos(Bytes{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30}, {64, 8});
    REQUIRE_FALSE(no_data);
    CHECK(no_data.error().code == escpos::RenderError::bad_argument);

    auto huge_length = escpos::render_escpos(Bytes{0x1D, 0x28, 0x6B, 0xFF, 0xFF, 0x31}, {64, 8});
    REQUIRE_FALSE(huge_length);
    CHECK(huge_length.error().code == escpos::RenderError::truncated);
}

TEST_CASE("a job longer than any paper roll is refused before it is drawn") {
    printer::EscPosEncoder encoder(64);
    for (int i = 0; i < 200; ++i) {
        encoder.feed_lines(255);
    }
    auto paper = escpos::render_escpos(encoder.bytes(), {64, 8});
    REQUIRE_FALSE(paper);
    CHECK(paper.error().message.find("longer than 5 m") != std::string::npos);
    // 255 lines of 33 dots each: the fifth feed passes 5 m at 8 dots/mm.
    CHECK(paper.error().message.find("at byte 12") != std::string::npos);
}
