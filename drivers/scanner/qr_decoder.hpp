#pragma once
// The ticket's QR read from a camera frame with ZXing-cpp, QR codes only. Pure: a frame in, its
// text out, so that what a test draws and what the camera sees go through the same code.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "drivers/camera/camera_frame.hpp"

namespace madoguchi::scanner {

// The text of the QR code in `frame`; nullopt when none reads (no code, out of focus, cut off).
// A frame whose bytes do not fit its declared size is refused with the reason.
Result<std::optional<std::string>, camera::FrameError> decode_qr(const camera::FrameView& frame);

// The same over a luma plane already `width` × `height` bytes, row after row.
std::optional<std::string> decode_qr_luma(std::span<const std::uint8_t> luma, int width, int height);

}  // namespace madoguchi::scanner
