// The counter camera's QR reading, per 1280x720 frame:
//   camera_decode_bench [--runs N]
// For each layout the camera may deliver (GREY, YUYV, NV12), a frame holding a ticket's QR
// (a status URL as long as a real one, 2.7 px a module, tilted 6°, sensor noise), then:
//   luma only    baseline: the same frame's luma plane taken out (camera::luma_plane)
//   decode       the scanner's whole read: luma plane + ZXing, QR codes only (scanner::decode_qr)
//   no code      decode of a frame of the same sheet without a code (what most frames are)
// p50 and p99 in ms over N frames. The scanner decodes 4 frames a second, so decode p99 is the
// share of one core it takes: p99 / 250 ms. Exit 1 when a frame did not read back exactly.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "drivers/camera/camera_frame.hpp"
#include "drivers/scanner/qr_decoder.hpp"
#include "tests/support/qr_frames.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using madoguchi::camera::PixelFormat;

volatile std::uint8_t g_sink = 0;

struct Figures {
    std::vector<double> samples;
    double at(double quantile) {
        std::sort(samples.begin(), samples.end());
        const auto index = static_cast<std::size_t>(quantile * static_cast<double>(samples.size() - 1) + 0.5);
        return samples[std::min(index, samples.size() - 1)];
    }
};

template <typename Work>
Figures measure(int runs, Work work) {
    Figures figures;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        work();
        figures.samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    return figures;
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 50;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--runs") == 0) {
            runs = std::max(1, std::atoi(argv[i + 1]));
        }
    }
    const std::string url =
        "https://status.madoguchi.test/t/T7f3kq9ZxA1bC2dE3fG4hJ?site=chuo&kid=0123456789abcdef&s="
        "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMn";
    constexpr int k_width = 1280;
    constexpr int k_height = 720;
    const auto with_code = madoguchi::testing::qr_luma(url, k_width, k_height, {820, 330, 2.7, 6, 8, 1});
    // Off the frame entirely: the same sheet and noise, no code.
    const auto without_code = madoguchi::testing::qr_luma(url, k_width, k_height, {-2000, -2000, 2.7, 6, 8, 1});
    std::printf("camera_decode_bench: %dx%d, %d frames each, ms\n", k_width, k_height, runs);
    std::printf("%-6s %22s %22s %22s\n", "layout", "luma only p50/p99", "decode p50/p99", "no code p50/p99");
    int failures = 0;
    for (const PixelFormat format : {PixelFormat::grey, PixelFormat::yuyv, PixelFormat::nv12}) {
        const std::size_t padding = format == PixelFormat::grey ? 0 : 64;
        const auto frame = madoguchi::testing::pack_frame(with_code, k_width, k_height, format, padding);
        const auto empty = madoguchi::testing::pack_frame(without_code, k_width, k_height, format, padding);
        Figures luma = measure(runs, [&] {
            const auto plane = madoguchi::camera::luma_plane(frame.view);
            // Kept, so that the conversion is not optimised away.
            g_sink = plane ? plane->at(plane->size() / 2) : std::uint8_t{0};
        });
        Figures decode = measure(runs, [&] {
            const auto text = madoguchi::scanner::decode_qr(frame.view);
            failures += !(text && *text && **text == url);
        });
        Figures none = measure(runs, [&] {
            const auto text = madoguchi::scanner::decode_qr(empty.view);
            failures += !(text && !*text);
        });
        std::printf("%-6s %10.2f / %-9.2f %10.2f / %-9.2f %10.2f / %-9.2f\n",
                    std::string(madoguchi::camera::pixel_format_name(format)).c_str(), luma.at(0.5), luma.at(0.99),
                    decode.at(0.5), decode.at(0.99), none.at(0.5), none.at(0.99));
    }
    if (failures != 0) {
        std::printf("%d frames did not read as expected\n", failures);
        return 1;
    }
    return 0;
}
