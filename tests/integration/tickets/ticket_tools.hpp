#pragma once
// What the ticket tests share: running a `madoguchi` command, reading its "name: value" lines,
// and drawing what a printer received (escpos-render) to decode its QR with ZXing.
#include <doctest/doctest.h>
#include <sys/wait.h>

#define ZX_USE_UTF8
#include <ReadBarcode.h>
#include <stb_image.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

#include "tests/server/support.hpp"

namespace madoguchi::testing::tickets {

using server::test::TempDir;

struct Run {
    int exit_code = -1;
    std::string out;
    std::string err;
};

inline Run run(const std::string& command, const TempDir& dir) {
    const auto err_file = dir.path() / "stderr.txt";
    Run result;
    FILE* pipe = ::popen((command + " 2>" + err_file.string()).c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
        result.out += buffer;
    }
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(err_file);
    result.err.assign(std::istreambuf_iterator<char>(err), {});
    return result;
}


inline std::string field(const std::string& output, const std::string& name) {
    const std::regex line(name + R"(: (\S+))");
    std::smatch match;
    REQUIRE(std::regex_search(output, match, line));
    return match[1].str();
}

struct Png {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
};

// The bytes as the printer received them, drawn at the printer's resolution.
inline Png render(const std::vector<std::uint8_t>& job, const TempDir& dir, const std::string& profile) {
    const auto bin = dir.path() / "job.bin";
    const auto png_path = dir.path() / "job.png";
    std::ofstream(bin, std::ios::binary).write(reinterpret_cast<const char*>(job.data()), std::streamsize(job.size()));
    const Run rendered = run(std::string(ESCPOS_RENDER) + " --profile " MADOGUCHI_SOURCE_DIR "/assets/printers/" +
                                 profile + ".toml " + bin.string() + " " + png_path.string(),
                             dir);
    INFO(rendered.err);
    REQUIRE(rendered.exit_code == 0);
    Png png;
    int channels = 0;
    unsigned char* pixels = stbi_load(png_path.c_str(), &png.width, &png.height, &channels, 1);
    REQUIRE(pixels != nullptr);
    png.pixels.assign(pixels, pixels + static_cast<std::size_t>(png.width) * static_cast<std::size_t>(png.height));
    stbi_image_free(pixels);
    return png;
}

inline std::string decode_qr(const Png& png) {
    const auto hints = ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode);
    const ZXing::Result result =
        ZXing::ReadBarcode(ZXing::ImageView(png.pixels.data(), png.width, png.height, ZXing::ImageFormat::Lum), hints);
    REQUIRE(result.isValid());
    return result.text();
}


inline std::string query_value(const std::string& url, const std::string& name) {
    const std::regex parameter("[?&]" + name + "=([^&]+)");
    std::smatch match;
    REQUIRE(std::regex_search(url, match, parameter));
    return match[1].str();
}

}  // namespace madoguchi::testing::tickets
