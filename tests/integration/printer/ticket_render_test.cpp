// The real chain: a ticket-like job with Japanese raster text and a QR holding a status URL is
// printed to a file, drawn by escpos-render into a PNG, and the PNG's QR is decoded by ZXing.
#include <doctest/doctest.h>

#define ZX_USE_UTF8
#include <ReadBarcode.h>
#include <stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "drivers/printer/escpos_encoder.hpp"
#include "drivers/printer/fd_transport.hpp"
#include "drivers/printer/printer.hpp"
#include "drivers/printer/printer_profile.hpp"
#include "drivers/printer/text_raster.hpp"

using namespace madoguchi;
using namespace madoguchi::printer;

namespace {

// Shaped like the server's status URL: site, ticket id and an Ed25519 signature (base64url).
constexpr const char* k_url =
    "https://madoguchi.city.example.jp/s/setagaya-honcho/t/01JDQ4Z8Y6K2N3P4R5S6T7V8W9"
    "?sig=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4AA";

const text::TextRasterizer& rasterizer() {
    static const std::vector<std::filesystem::path> chain{
        "/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf",
        "/usr/share/fonts/truetype/ipamj/ipamjm.ttf"};
    static const text::TextRasterizer instance = [] {
        auto opened = text::TextRasterizer::open(chain);
        REQUIRE(opened);
        return std::move(*opened);
    }();
    return instance;
}

struct Job {
    std::vector<std::uint8_t> bytes;
    MonoBitmap first_line;  // printed first, centred: the test finds it again in the PNG
};

Job ticket_job(const PrinterProfile& profile) {
    EscPosEncoder encoder(profile.dots_per_line);
    encoder.initialize().align(Alignment::center);
    Job job;
    job.first_line = text_line(rasterizer(), "世田谷区役所 本庁舎", 40, profile.dots_per_line);
    REQUIRE(encoder.raster(job.first_line));
    REQUIRE(encoder.raster(text_line(rasterizer(), "戸籍住民課 / Family Register", 32, profile.dots_per_line)));
    // The number at 15 mm high.
    REQUIRE(encoder.raster(text_line(rasterizer(), "A-001", 15 * profile.dots_per_mm, profile.dots_per_line)));
    REQUIRE(encoder.raster(text_line(rasterizer(), "お待ちの方 3人・約15分", 32, profile.dots_per_line)));
    encoder.feed_dots(24);
    const QrOptions qr{profile.dots_per_line >= 576 ? 6 : 4, QrLevel::medium};
    const auto placed = profile.native_qr ? encoder.qr_native(k_url, qr) : encoder.qr_raster(k_url, qr);
    REQUIRE(placed.has_value());
    encoder.feed_dots(24);
    REQUIRE(encoder.raster(text_line(rasterizer(), "読み取ると順番をお知らせします", 28, profile.dots_per_line)));
    encoder.feed_lines(4);
    if (profile.cutter) {
        encoder.cut(Cut::partial);
    }
    job.bytes = encoder.bytes();
    return job;
}

struct Run {
    int exit_code = -1;
    std::string output;
};

Run run_render(const std::vector<std::string>& arguments) {
    std::string command = ESCPOS_RENDER;
    for (const auto& argument : arguments) {
        command += " '" + argument + "'";
    }
    command += " 2>&1";
    Run run;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
        run.output += buffer;
    }
    const int status = ::pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

struct Png {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
};

Png load_png(const std::filesystem::path& path) {
    Png png;
    int channels = 0;
    unsigned char* pixels = stbi_load(path.c_str(), &png.width, &png.height, &channels, 1);
    REQUIRE(pixels != nullptr);
    png.pixels.assign(pixels, pixels + static_cast<std::size_t>(png.width) * static_cast<std::size_t>(png.height));
    stbi_image_free(pixels);
    return png;
}

std::filesystem::path temp_file(const std::string& name) {
    return std::filesystem::temp_directory_path() / ("printer-" + std::to_string(::getpid()) + "-" + name);
}

void print_render_decode(const std::string& profile_file) {
    const std::filesystem::path profile_path = std::string(MADOGUCHI_SOURCE_DIR "/assets/printers/") + profile_file;
    auto profile = load_profile(profile_path);
    REQUIRE(profile);
    const Job job = ticket_job(*profile);

    const auto bin = temp_file(profile_file + ".bin");
    const auto png_path = temp_file(profile_file + ".png");
    {
        auto transport = FdTransport::open_file(bin);
        REQUIRE(transport);
        Printer printer(*transport);
        REQUIRE(printer.print(job.bytes));
    }
    const Run run = run_render({"--profile", profile_path.string(), bin.string(), png_path.string()});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    const Png png = load_png(png_path);
    std::filesystem::remove(bin);
    std::filesystem::remove(png_path);

    CHECK(png.width == profile->dots_per_line);
    // The first line of Japanese text is at the top, dot for dot, centred as the printer centres
    // it: by its width in whole bytes.
    const int left = (profile->dots_per_line - job.first_line.row_bytes() * 8) / 2;
    int mismatches = 0;
    for (int y = 0; y < job.first_line.height(); ++y) {
        for (int x = 0; x < job.first_line.width(); ++x) {
            const bool ink = png.pixels[static_cast<std::size_t>(y * png.width + left + x)] == 0;
            mismatches += ink != job.first_line.black(x, y);
        }
    }
    CHECK(mismatches == 0);

    const auto hints = ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode);
    const ZXing::Result result =
        ZXing::ReadBarcode(ZXing::ImageView(png.pixels.data(), png.width, png.height, ZXing::ImageFormat::Lum), hints);
    REQUIRE(result.isValid());
    CHECK(result.text() == k_url);
}

}  // namespace

TEST_CASE("ticket with a native QR on an 80 mm Epson: rendered PNG decodes to the URL") {
    print_render_decode("epson_tm_t88.toml");
}

TEST_CASE("ticket with the raster QR fallback (Star): rendered PNG decodes to the URL") {
    print_render_decode("star_mc_print3.toml");
}

TEST_CASE("ticket on 58 mm paper (384 dots): rendered PNG decodes to the URL") {
    print_render_decode("citizen_ct_s310ii.toml");
}

TEST_CASE("escpos-render refuses bytes it cannot draw, naming the offset, and bad usage") {
    const auto bin = temp_file("garbage.bin");
    {
        auto transport = FdTransport::open_file(bin);
        REQUIRE(transport);
        const std::uint8_t garbage[] = {0x1B, 0x40, 0x1D, 0x76, 0x30, 0x00, 0x10, 0x00, 0x40, 0x00, 0xFF};
        REQUIRE(transport->write(garbage));
    }
    const Run truncated = run_render({bin.string(), temp_file("garbage.png").string()});
    std::filesystem::remove(bin);
    CHECK(truncated.exit_code == 1);
    CHECK(truncated.output.find("at byte 2") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(temp_file("garbage.png")));

    CHECK(run_render({"only-one-file"}).exit_code == 2);
    const Run bad_profile = run_render({"--profile", "/nonexistent/p.toml", "a", "b"});
    CHECK(bad_profile.exit_code == 2);
    CHECK(bad_profile.output.find("/nonexistent/p.toml") != std::string::npos);
}
