#pragma once
// A camera through the kernel's V4L2 API (no library between): the device opened, a capture
// format the QR decoder can read negotiated (GREY, then YUYV, then NV12; a camera that offers
// only compressed formats such as MJPEG is refused as such), a modest size, memory-mapped
// buffers streamed, and one frame at a time handed out until the next grab. Every failure names
// the device; errno never leaves this file.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "camera_error.hpp"
#include "camera_frame.hpp"
#include "kiosk/error.hpp"

namespace madoguchi::camera {

struct CameraRequest {
    int width = 1280;  // the driver picks its nearest size
    int height = 720;
    unsigned buffers = 4;
};

class V4l2Camera {
public:
    // Opens, negotiates and starts streaming; the camera stops and lets go when destroyed.
    static CameraResult<std::unique_ptr<V4l2Camera>> open(const std::filesystem::path& device,
                                                          CameraRequest request = {});
    ~V4l2Camera();
    V4l2Camera(const V4l2Camera&) = delete;
    V4l2Camera& operator=(const V4l2Camera&) = delete;

    // The next frame, waiting up to `timeout`. Its bytes stay valid until the next grab.
    CameraResult<FrameView> grab(std::chrono::milliseconds timeout);

    const std::string& device() const { return m_device; }
    PixelFormat format() const { return m_format; }
    int width() const { return m_width; }
    int height() const { return m_height; }

private:
    struct Mapping {
        void* start = nullptr;
        std::size_t length = 0;
    };

    V4l2Camera(std::string device, int fd) : m_device(std::move(device)), m_fd(fd) {}
    CameraResult<void> negotiate(const CameraRequest& request);
    CameraResult<void> start(unsigned buffers);
    CameraResult<void> requeue_handed_out();

    std::string m_device;
    int m_fd = -1;
    PixelFormat m_format = PixelFormat::grey;
    int m_width = 0;
    int m_height = 0;
    std::size_t m_stride = 0;
    std::vector<Mapping> m_mappings;
    bool m_streaming = false;
    int m_handed_out = -1;  // the buffer the last grab returned, given back to the driver at the next
};

}  // namespace madoguchi::camera
