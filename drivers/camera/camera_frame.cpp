#include "camera_frame.hpp"

#include <algorithm>
#include <string>

namespace madoguchi::camera {
namespace {

// The bytes a row of pixels takes in the plane the luma is read from.
std::size_t row_bytes(PixelFormat format, int width) {
    return format == PixelFormat::yuyv ? static_cast<std::size_t>(width) * 2 : static_cast<std::size_t>(width);
}

std::string size_text(const FrameView& frame) {
    return std::string(pixel_format_name(frame.format)) + " " + std::to_string(frame.width) + "x" +
           std::to_string(frame.height);
}

}  // namespace

std::string_view pixel_format_name(PixelFormat format) {
    switch (format) {
        case PixelFormat::grey: return "GREY";
        case PixelFormat::yuyv: return "YUYV";
        case PixelFormat::nv12: return "NV12";
    }
    return "?";
}

Result<std::vector<std::uint8_t>, FrameError> luma_plane(const FrameView& frame) {
    // 16384 is V4L2's own limit on a side; it also keeps every product below in range.
    if (frame.width <= 0 || frame.height <= 0 || frame.width > 16384 || frame.height > 16384) {
        return fail(FrameError::bad_size, "a frame of " + size_text(frame) + " has no pixels or is too large");
    }
    // YUYV pairs two pixels per U/V sample, NV12 subsamples chroma both ways.
    const bool odd_width = frame.width % 2 != 0 && frame.format != PixelFormat::grey;
    const bool odd_height = frame.height % 2 != 0 && frame.format == PixelFormat::nv12;
    if (odd_width || odd_height) {
        return fail(FrameError::bad_size, size_text(frame) + " is not a size this layout can have");
    }
    const std::size_t row = row_bytes(frame.format, frame.width);
    if (frame.stride < row) {
        return fail(FrameError::bad_size, size_text(frame) + " with rows of " + std::to_string(frame.stride) +
                                              " bytes: shorter than a row of pixels (" + std::to_string(row) + ")");
    }
    const auto height = static_cast<std::size_t>(frame.height);
    const std::size_t needed = frame.stride * (height - 1) + row;
    if (frame.bytes.size() < needed) {
        return fail(FrameError::truncated, size_text(frame) + " needs " + std::to_string(needed) +
                                               " bytes of luma, the frame has " + std::to_string(frame.bytes.size()));
    }
    const auto width = static_cast<std::size_t>(frame.width);
    std::vector<std::uint8_t> luma(width * height);
    for (std::size_t y = 0; y < height; ++y) {
        const std::uint8_t* source = frame.bytes.data() + y * frame.stride;
        std::uint8_t* target = luma.data() + y * width;
        if (frame.format == PixelFormat::yuyv) {
            // Y0 U Y1 V: every other byte is a pixel's luma.
            for (std::size_t x = 0; x < width; ++x) {
                target[x] = source[2 * x];
            }
        } else {
            std::copy(source, source + width, target);
        }
    }
    return luma;
}

}  // namespace madoguchi::camera
