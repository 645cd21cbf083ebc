#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "drivers/printer/escpos_encoder.hpp"

using namespace madoguchi::printer;
using Bytes = std::vector<std::uint8_t>;

TEST_CASE("init, alignment, feeds and cuts are the ESC/POS sequences") {
    EscPosEncoder encoder(576);
    encoder.initialize().align(Alignment::center).feed_lines(3).feed_dots(24).cut(Cut::partial).cut(Cut::full);
    CHECK(encoder.bytes() == Bytes{0x1B, 0x40, 0x1B, 0x61, 0x01, 0x1B, 0x64, 0x03, 0x1B, 0x4A, 0x18,
                                   0x1D, 0x56, 0x01, 0x1D, 0x56, 0x00});
}

TEST_CASE("status queries are DLE EOT n") {
    CHECK(status_query(1) == Bytes{0x10, 0x04, 0x01});
    CHECK(status_query(4) == Bytes{0x10, 0x04, 0x04});
}

TEST_CASE("a raster image is GS v 0 with byte width, row count and MSB-first rows") {
    MonoBitmap image(10, 2);  // 10 dots wide: 2 bytes a row, the last 6 bits padding
    image.set_black(0, 0);
    image.set_black(9, 0);
    image.set_black(1, 1);
    EscPosEncoder encoder(384);
    REQUIRE(encoder.raster(image));
    CHECK(encoder.bytes() == Bytes{0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0x80, 0x40, 0x40, 0x00});
}

TEST_CASE("a tall image goes out in bands that together hold every row") {
    MonoBitmap image(8, k_raster_band_rows + 3);
    image.set_black(7, k_raster_band_rows + 2);
    EscPosEncoder encoder(384);
    REQUIRE(encoder.raster(image));
    const Bytes& bytes = encoder.bytes();
    REQUIRE(bytes.size() == 8 + k_raster_band_rows + 8 + 3);
    CHECK(bytes[6] == 0x00);  // 256 rows: yL 0, yH 1
    CHECK(bytes[7] == 0x01);
    const std::size_t second = 8 + k_raster_band_rows;
    CHECK(Bytes(bytes.begin() + second, bytes.begin() + second + 8) == Bytes{0x1D, 0x76, 0x30, 0x00, 0x01, 0x00, 0x03, 0x00});
    CHECK(bytes.back() == 0x01);
}

TEST_CASE("an image wider than the paper or empty is refused") {
    EscPosEncoder encoder(384);
    auto wide = encoder.raster(MonoBitmap(385, 1));
    REQUIRE_FALSE(wide);
    CHECK(wide.error().code == PrinterError::too_large);
    CHECK_FALSE(encoder.raster(MonoBitmap(0, 0)));
    CHECK(encoder.bytes().empty());
}

TEST_CASE("a native QR is GS ( k model 2, module size, level, store and print") {
    EscPosEncoder encoder(576);
    REQUIRE(encoder.qr_native("AB", QrOptions{6, QrLevel::quartile}));
    const Bytes expected{
        0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,        // fn 65: model 2
        0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06,              // fn 67: 6 dots a module
        0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x32,              // fn 69: level Q
        0x1D, 0x28, 0x6B, 0x05, 0x00, 0x31, 0x50, 0x30, 0x41, 0x42,  // fn 80: store "AB"
        0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30,              // fn 81: print
    };
    CHECK(encoder.bytes() == expected);
}

TEST_CASE("a long QR payload's length is split into pL and pH") {
    EscPosEncoder encoder(576);
    const std::string data(300, 'x');
    REQUIRE(encoder.qr_native(data, QrOptions{}));
    // After fn 65 (9 bytes), 67 (8) and 69 (8): pL pH = 300 + 3 = 0x012F.
    CHECK(encoder.bytes()[25 + 3] == 0x2F);
    CHECK(encoder.bytes()[25 + 4] == 0x01);
}

TEST_CASE("a QR payload GS ( k cannot hold, or a bad module size, is refused") {
    EscPosEncoder encoder(576);
    CHECK(encoder.qr_native(std::string(k_max_native_qr_bytes + 1, 'x'), QrOptions{}).error().code ==
          PrinterError::too_large);
    CHECK_FALSE(encoder.qr_native("", QrOptions{}));
    CHECK_FALSE(encoder.qr_native("x", QrOptions{17, QrLevel::low}));
    CHECK(encoder.bytes().empty());
}

TEST_CASE("the raster QR fallback is a square image with a quiet zone, sized by module") {
    EscPosEncoder encoder(576);
    REQUIRE(encoder.qr_raster("https://example.jp/t/1", QrOptions{4, QrLevel::medium}));
    const Bytes& bytes = encoder.bytes();
    REQUIRE(bytes.size() > 8);
    CHECK(Bytes(bytes.begin(), bytes.begin() + 4) == Bytes{0x1D, 0x76, 0x30, 0x00});
    const int row_bytes = bytes[4] | (bytes[5] << 8);
    const int rows = bytes[6] | (bytes[7] << 8);
    // Version 2 (25 modules) at level M for 22 bytes, plus 4 quiet modules each side, 4 dots each.
    CHECK(rows == (25 + 8) * 4);
    CHECK(row_bytes == (rows + 7) / 8);
    CHECK(bytes[8] == 0x00);  // the quiet zone's first row is white
}

TEST_CASE("a raster QR that does not fit the paper is refused") {
    EscPosEncoder encoder(384);
    auto result = encoder.qr_raster(std::string(500, 'x'), QrOptions{16, QrLevel::high});
    REQUIRE_FALSE(result);
    CHECK(result.error().code == PrinterError::too_large);
}
