// libFuzzer target for what a camera driver hands the QR reader: a frame whose declared layout,
// size and row stride need not agree with its bytes. The first 8 bytes of the input declare them
// (format, width, height, stride, each little-endian 16-bit; format modulo 3), the rest is the frame.
#include <cstddef>
#include <cstdint>
#include <span>

#include "drivers/scanner/qr_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 8) {
        return 0;
    }
    const auto field = [data](int index) { return static_cast<int>(data[2 * index] | (data[2 * index + 1] << 8)); };
    // Small sides keep each run quick; the size checks are what is under test, not ZXing's speed.
    const madoguchi::camera::FrameView frame{static_cast<madoguchi::camera::PixelFormat>(field(0) % 3),
                                             field(1) % 512 - 8, field(2) % 512 - 8,
                                             static_cast<std::size_t>(field(3) % 1100), std::span(data + 8, size - 8)};
    (void)madoguchi::scanner::decode_qr(frame);
    return 0;
}
