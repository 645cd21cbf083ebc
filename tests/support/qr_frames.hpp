#pragma once
// Camera-like frames holding a QR code, for the decoder's tests and benchmark: the code drawn by
// libqrencode, placed on a grey sheet with a light gradient at any position, scale (not a whole
// number of pixels per module) and angle, each pixel averaged over 4×4 samples as a lens blurs
// edges, with Gaussian sensor noise; then packed as GREY, YUYV or NV12 with padded rows as a
// V4L2 driver would deliver them.
#include <qrencode.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "drivers/camera/camera_frame.hpp"

namespace madoguchi::testing {

struct QrPlacement {
    double centre_x = 0;  // pixels
    double centre_y = 0;
    double module_pixels = 4;
    double degrees = 0;
    double noise = 0;  // standard deviation of the sensor noise, in luma steps
    std::uint32_t seed = 1;
};

// The code's modules, with a quiet zone of 4 on every side: true is dark.
struct QrModules {
    int side = 0;
    std::vector<bool> dark;
};

inline QrModules qr_modules(const std::string& text) {
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                          QR_ECLEVEL_M),
        &QRcode_free);
    if (!code) {
        throw std::runtime_error("libqrencode cannot encode the text");
    }
    constexpr int k_quiet = 4;
    QrModules modules{code->width + 2 * k_quiet, {}};
    modules.dark.assign(static_cast<std::size_t>(modules.side * modules.side), false);
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            modules.dark[static_cast<std::size_t>((y + k_quiet) * modules.side + x + k_quiet)] =
                (code->data[y * code->width + x] & 1) != 0;
        }
    }
    return modules;
}

// A width × height luma picture of `text`'s code placed as `at` says.
inline std::vector<std::uint8_t> qr_luma(const std::string& text, int width, int height, const QrPlacement& at) {
    const QrModules modules = qr_modules(text);
    const double radians = at.degrees * std::numbers::pi / 180.0;
    const double cosine = std::cos(radians);
    const double sine = std::sin(radians);
    const double half = modules.side / 2.0;
    std::mt19937 random(at.seed);
    std::normal_distribution<double> noise(0.0, at.noise);
    std::vector<std::uint8_t> luma(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    constexpr int k_samples = 4;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            // The sheet: lighter towards the top left, as under a desk lamp.
            const double paper = 205.0 - 40.0 * (x + y) / static_cast<double>(width + height);
            double sum = 0;
            for (int sy = 0; sy < k_samples; ++sy) {
                for (int sx = 0; sx < k_samples; ++sx) {
                    const double px = x + (sx + 0.5) / k_samples - at.centre_x;
                    const double py = y + (sy + 0.5) / k_samples - at.centre_y;
                    // Into the code's own axes, in modules from its top left corner.
                    const double mx = (cosine * px + sine * py) / at.module_pixels + half;
                    const double my = (-sine * px + cosine * py) / at.module_pixels + half;
                    const bool inside = mx >= 0 && my >= 0 && mx < modules.side && my < modules.side;
                    const bool dark = inside && modules.dark[static_cast<std::size_t>(static_cast<int>(my) * modules.side +
                                                                                      static_cast<int>(mx))];
                    sum += dark ? 45.0 : (inside ? 225.0 : paper);
                }
            }
            const double value = sum / (k_samples * k_samples) + (at.noise > 0 ? noise(random) : 0.0);
            luma[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)] =
                static_cast<std::uint8_t>(std::clamp(std::lround(value), 0L, 255L));
        }
    }
    return luma;
}

// A frame's bytes in `format`, each row followed by `padding` bytes a driver may add.
struct PackedFrame {
    std::vector<std::uint8_t> bytes;
    camera::FrameView view;
};

inline PackedFrame pack_frame(const std::vector<std::uint8_t>& luma, int width, int height, camera::PixelFormat format,
                              std::size_t padding = 0) {
    const auto w = static_cast<std::size_t>(width);
    const auto h = static_cast<std::size_t>(height);
    PackedFrame frame;
    const std::size_t stride = (format == camera::PixelFormat::yuyv ? 2 * w : w) + padding;
    // Chroma varies a little, so a converter that read it as luma would not pass by luck.
    const auto chroma = [](std::size_t x, std::size_t y) { return static_cast<std::uint8_t>(96 + (x * 7 + y * 3) % 64); };
    switch (format) {
        case camera::PixelFormat::grey:
            frame.bytes.assign(stride * h, 0x55);
            for (std::size_t y = 0; y < h; ++y) {
                std::copy_n(luma.begin() + static_cast<std::ptrdiff_t>(y * w), w, frame.bytes.begin() + static_cast<std::ptrdiff_t>(y * stride));
            }
            break;
        case camera::PixelFormat::yuyv:
            frame.bytes.assign(stride * h, 0x55);
            for (std::size_t y = 0; y < h; ++y) {
                for (std::size_t x = 0; x < w; ++x) {
                    frame.bytes[y * stride + 2 * x] = luma[y * w + x];
                    frame.bytes[y * stride + 2 * x + 1] = chroma(x, y);
                }
            }
            break;
        case camera::PixelFormat::nv12:
            frame.bytes.assign(stride * h + stride * (h / 2), 0x55);
            for (std::size_t y = 0; y < h; ++y) {
                std::copy_n(luma.begin() + static_cast<std::ptrdiff_t>(y * w), w, frame.bytes.begin() + static_cast<std::ptrdiff_t>(y * stride));
            }
            for (std::size_t y = 0; y < h / 2; ++y) {
                for (std::size_t x = 0; x < w; ++x) {
                    frame.bytes[stride * h + y * stride + x] = chroma(x, y);
                }
            }
            break;
    }
    frame.view = camera::FrameView{format, width, height, stride, frame.bytes};
    return frame;
}

}  // namespace madoguchi::testing
