#pragma once
// A camera frame as the decoder takes it: the pixel layouts the V4L2 driver negotiates (DESIGN.md
// §2, drivers/camera) and the luma plane a QR decoder reads. Pure: bytes in, bytes out, so that
// frames built in a test go through exactly what a camera's frames go through.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "kiosk/error.hpp"

namespace madoguchi::camera {

// In the order the driver prefers them: GREY is already luma, YUYV and NV12 carry it whole.
enum class PixelFormat { grey, yuyv, nv12 };

std::string_view pixel_format_name(PixelFormat format);

// One frame's bytes, borrowed (from a mapped V4L2 buffer, or a test's vector).
struct FrameView {
    PixelFormat format = PixelFormat::grey;
    int width = 0;
    int height = 0;
    // Bytes from one row to the next: of the Y plane for GREY and NV12, of the packed row for YUYV.
    std::size_t stride = 0;
    std::span<const std::uint8_t> bytes;
};

enum class FrameError {
    bad_size,   // no pixels, an odd width or height the layout cannot have, a stride shorter than a row
    truncated,  // fewer bytes than the layout needs for its size
};

// The luma plane, width × height bytes row after row. NV12's chroma plane is not needed, so a
// frame cut short inside it still has all its luma; any frame shorter than that is refused.
Result<std::vector<std::uint8_t>, FrameError> luma_plane(const FrameView& frame);

}  // namespace madoguchi::camera
