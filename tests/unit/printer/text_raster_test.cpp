#include <doctest/doctest.h>

#include <filesystem>
#include <vector>

#include "drivers/printer/text_raster.hpp"

using namespace madoguchi;

namespace {

const text::TextRasterizer& rasterizer() {
    static const std::vector<std::filesystem::path> chain{
        "/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf",
        "/usr/share/fonts/truetype/ipamj/ipamjm.ttf"};
    static const text::TextRasterizer instance = [] {
        auto opened = text::TextRasterizer::open(chain);
        REQUIRE_MESSAGE(opened, "fonts-morisawa-bizud-gothic and fonts-ipamj-mincho must be installed");
        return std::move(*opened);
    }();
    return instance;
}

int black_count(const printer::MonoBitmap& bitmap) {
    int count = 0;
    for (int y = 0; y < bitmap.height(); ++y) {
        for (int x = 0; x < bitmap.width(); ++x) {
            count += bitmap.black(x, y) ? 1 : 0;
        }
    }
    return count;
}

}  // namespace

TEST_CASE("Japanese text becomes a 1-bit line as tall as asked, every character drawn") {
    const char* line = "戸籍住民課 受付番号 𠮷";
    CHECK(rasterizer().missing(line).empty());
    const printer::MonoBitmap bitmap = printer::text_line(rasterizer(), line, 48, 576);
    CHECK(bitmap.height() >= 46);
    CHECK(bitmap.height() <= 50);
    CHECK(bitmap.width() > 48 * 9);
    const int black = black_count(bitmap);
    CHECK(black > bitmap.width() * bitmap.height() / 20);
    CHECK(black < bitmap.width() * bitmap.height() / 2);
}

TEST_CASE("the 1-bit line is exactly the coverage cut at the threshold") {
    const text::AlphaBitmap alpha = rasterizer().render_line("窓口", 32);
    const printer::MonoBitmap bitmap = printer::threshold(alpha, 128);
    REQUIRE(bitmap.width() == alpha.width);
    int mismatches = 0;
    for (int y = 0; y < alpha.height; ++y) {
        for (int x = 0; x < alpha.width; ++x) {
            mismatches += bitmap.black(x, y) != (alpha.pixels[static_cast<std::size_t>(y * alpha.width + x)] >= 128);
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("a line wider than the paper is clipped at the paper's edge") {
    const printer::MonoBitmap full = printer::text_line(rasterizer(), "あいうえおかきくけこさしすせそ", 64, 4000);
    REQUIRE(full.width() > 384);
    const printer::MonoBitmap clipped = printer::text_line(rasterizer(), "あいうえおかきくけこさしすせそ", 64, 384);
    CHECK(clipped.width() == 384);
    CHECK(clipped.height() == full.height());
    int mismatches = 0;
    for (int y = 0; y < clipped.height(); ++y) {
        for (int x = 0; x < clipped.width(); ++x) {
            mismatches += clipped.black(x, y) != full.black(x, y);
        }
    }
    CHECK(mismatches == 0);
}
