// The luma a frame carries, read from each layout a camera may deliver: the same bytes whatever
// the layout and row padding, and a frame whose bytes do not fit its size refused, never read
// past its end.
#include <doctest/doctest.h>

#include <random>

#include "drivers/camera/camera_frame.hpp"
#include "tests/support/qr_frames.hpp"

using namespace madoguchi;
using camera::FrameError;
using camera::PixelFormat;

namespace {

std::vector<std::uint8_t> ramp(int width, int height) {
    std::vector<std::uint8_t> luma(static_cast<std::size_t>(width * height));
    for (std::size_t i = 0; i < luma.size(); ++i) {
        luma[i] = static_cast<std::uint8_t>(i * 31 % 251);
    }
    return luma;
}

}  // namespace

TEST_CASE("GREY, YUYV and NV12 frames give the same luma, with or without row padding") {
    const std::vector<std::uint8_t> luma = ramp(64, 48);
    for (const PixelFormat format : {PixelFormat::grey, PixelFormat::yuyv, PixelFormat::nv12}) {
        for (const std::size_t padding : {std::size_t{0}, std::size_t{32}}) {
            CAPTURE(camera::pixel_format_name(format));
            CAPTURE(padding);
            const auto frame = testing::pack_frame(luma, 64, 48, format, padding);
            const auto plane = camera::luma_plane(frame.view);
            REQUIRE(plane);
            CHECK(*plane == luma);
        }
    }
}

TEST_CASE("an NV12 frame cut short in its chroma still has all its luma") {
    const std::vector<std::uint8_t> luma = ramp(32, 16);
    auto frame = testing::pack_frame(luma, 32, 16, PixelFormat::nv12);
    frame.view.bytes = frame.view.bytes.first(32 * 16);
    const auto plane = camera::luma_plane(frame.view);
    REQUIRE(plane);
    CHECK(*plane == luma);
}

TEST_CASE("a frame shorter than its size says is refused as truncated") {
    const std::vector<std::uint8_t> luma = ramp(32, 16);
    for (const PixelFormat format : {PixelFormat::grey, PixelFormat::yuyv, PixelFormat::nv12}) {
        CAPTURE(camera::pixel_format_name(format));
        auto frame = testing::pack_frame(luma, 32, 16, format, 8);
        // The last row's padding is not needed; one byte of its pixels is.
        const std::size_t row = format == PixelFormat::yuyv ? 64 : 32;
        frame.view.bytes = frame.view.bytes.first(frame.view.stride * 15 + row - 1);
        const auto plane = camera::luma_plane(frame.view);
        REQUIRE_FALSE(plane);
        CHECK(plane.error().code == FrameError::truncated);
        CHECK(plane.error().message.find(std::string(camera::pixel_format_name(format)) + " 32x16") !=
              std::string::npos);
        frame.view.bytes = {};
        CHECK_FALSE(camera::luma_plane(frame.view));
    }
}

TEST_CASE("sizes a layout cannot have are refused") {
    const std::vector<std::uint8_t> bytes(4096, 128);
    const auto refused = [&](PixelFormat format, int width, int height, std::size_t stride) {
        const auto plane = camera::luma_plane(camera::FrameView{format, width, height, stride, bytes});
        return !plane && plane.error().code == FrameError::bad_size;
    };
    CHECK(refused(PixelFormat::grey, 0, 10, 10));
    CHECK(refused(PixelFormat::grey, 10, -1, 10));
    CHECK(refused(PixelFormat::grey, 20000, 1, 20000));
    CHECK(refused(PixelFormat::yuyv, 11, 10, 22));   // pixels come in pairs
    CHECK(refused(PixelFormat::nv12, 10, 11, 10));   // chroma covers two rows
    CHECK(refused(PixelFormat::yuyv, 10, 10, 19));   // a row is 20 bytes
    CHECK(refused(PixelFormat::grey, 10, 10, 9));
    // An odd size is fine where nothing is subsampled.
    CHECK(camera::luma_plane(camera::FrameView{PixelFormat::grey, 11, 13, 11, bytes}));
}

TEST_CASE("random sizes over random bytes never read past the end") {
    std::mt19937 random(42);
    std::uniform_int_distribution<int> side(-4, 300);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int round = 0; round < 500; ++round) {
        std::vector<std::uint8_t> bytes(static_cast<std::size_t>(std::uniform_int_distribution<int>(0, 70000)(random)));
        for (auto& b : bytes) {
            b = static_cast<std::uint8_t>(byte(random));
        }
        const auto format = static_cast<PixelFormat>(round % 3);
        const int width = side(random);
        const int height = side(random);
        const std::size_t stride = static_cast<std::size_t>(std::max(0, width + side(random) / 10)) * 2;
        const auto plane = camera::luma_plane(camera::FrameView{format, width, height, stride, bytes});
        if (plane) {
            CHECK(plane->size() == static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
        }
    }
}
