// The V4L2 driver and the counter's camera worker against a camera stood up by umockdev: a device
// node whose V4L2 ioctls are answered here (capabilities, formats, buffers, frames holding a
// ticket's QR, and ENODEV once "unplugged"); the buffers are pages of the node's own file, which
// the driver maps as it maps a real camera's. The test binary re-runs each test under
// umockdev-wrapper, as tests/integration/printer/usb_mock_test.cpp does. What this cannot show is
// a real camera's timing, exposure and focus.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <linux/videodev2.h>
#include <unistd.h>
#include <umockdev.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/camera/v4l2_camera.hpp"
#include "drivers/scanner/qr_decoder.hpp"
#include "kiosk/camera_scanner.hpp"
#include "tests/support/qr_frames.hpp"
#include "tests/support/ui_pump.hpp"
#include "tests/support/umockdev_child.hpp"

using namespace madoguchi;
using namespace std::chrono_literals;
using madoguchi::testing::under_umockdev;
using camera::CameraError;

namespace {

constexpr const char* k_devnode = "/dev/video0";
constexpr std::uint32_t k_width = 640;
constexpr std::uint32_t k_height = 480;
constexpr std::size_t k_buffer_length = 640 * 480 * 2;  // a whole number of pages
const std::string k_url = "https://status.madoguchi.test/t/T9xkq2LmN4pR7sV?site=chuo&kid=0123456789abcdef&s="
                          "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMn";

// The camera's side of the V4L2 API.
struct MockCamera {
    std::mutex mutex;
    std::vector<std::uint32_t> formats;
    std::filesystem::path file;  // the node's file in the testbed: the buffers' memory
    std::vector<std::uint8_t> frame;
    std::deque<std::uint32_t> queued;
    std::uint32_t buffers = 0;
    bool streaming = false;
    bool unplugged = false;
    int opened_streams = 0;
    std::chrono::steady_clock::time_point next_frame{};
};

// Reads the caller's T behind the ioctl's argument, lets `fill` change it, writes it back when
// `fill` agrees; the ioctl then succeeds or fails with `error`.
template <typename T, typename Fill>
gboolean answer(UMockdevIoctlClient* client, UMockdevIoctlData* arg, int error, Fill fill) {
    GError* resolve_error = nullptr;
    UMockdevIoctlData* data = umockdev_ioctl_data_resolve(arg, 0, sizeof(T), &resolve_error);
    g_clear_error(&resolve_error);
    if (data == nullptr) {
        umockdev_ioctl_client_complete(client, -1, EFAULT);
        return TRUE;
    }
    T value;
    std::memcpy(&value, data->data, sizeof(T));
    const bool ok = fill(value);
    if (ok) {
        umockdev_ioctl_data_update(data, 0, reinterpret_cast<guint8*>(&value), sizeof(T));
    }
    g_object_unref(data);
    umockdev_ioctl_client_complete(client, ok ? 0 : -1, ok ? 0 : error);
    return TRUE;
}

// Writes the frame into buffer `index`'s pages of the node's file, as the camera's DMA would.
bool fill_buffer(const MockCamera& camera, std::uint32_t index) {
    const int fd = ::open(camera.file.c_str(), O_WRONLY);
    if (fd < 0) {
        return false;
    }
    const bool written = ::pwrite(fd, camera.frame.data(), camera.frame.size(),
                                  static_cast<off_t>(index * k_buffer_length)) ==
                         static_cast<ssize_t>(camera.frame.size());
    ::close(fd);
    return written;
}

gboolean handle_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer user) {
    auto& camera = *static_cast<MockCamera*>(user);
    std::unique_lock lock(camera.mutex);
    const unsigned long request = umockdev_ioctl_client_get_request(client);
    UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
    const auto done = [client](bool ok, int error) {
        umockdev_ioctl_client_complete(client, ok ? 0 : -1, ok ? 0 : error);
        return TRUE;
    };
    if (camera.unplugged) {
        return done(false, ENODEV);
    }
    switch (request) {
        case VIDIOC_QUERYCAP:
            return answer<v4l2_capability>(client, arg, EINVAL, [](v4l2_capability& c) {
                std::memset(&c, 0, sizeof c);
                std::strcpy(reinterpret_cast<char*>(c.driver), "uvcvideo");
                std::strcpy(reinterpret_cast<char*>(c.card), "Test Camera");
                c.device_caps = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING;
                c.capabilities = c.device_caps | V4L2_CAP_DEVICE_CAPS;
                return true;
            });
        case VIDIOC_ENUM_FMT:
            return answer<v4l2_fmtdesc>(client, arg, EINVAL, [&camera](v4l2_fmtdesc& d) {
                if (d.index >= camera.formats.size()) {
                    return false;
                }
                d.pixelformat = camera.formats[d.index];
                return true;
            });
        case VIDIOC_S_FMT:
            return answer<v4l2_format>(client, arg, EINVAL, [](v4l2_format& f) {
                // This camera has one size; a driver answers with its nearest.
                f.fmt.pix.width = k_width;
                f.fmt.pix.height = k_height;
                f.fmt.pix.bytesperline = k_width * 2;
                f.fmt.pix.sizeimage = static_cast<std::uint32_t>(k_buffer_length);
                return f.fmt.pix.pixelformat == V4L2_PIX_FMT_YUYV;
            });
        case VIDIOC_REQBUFS:
            return answer<v4l2_requestbuffers>(client, arg, EINVAL, [&camera](v4l2_requestbuffers& r) {
                r.count = std::min<std::uint32_t>(r.count, 4);
                camera.buffers = r.count;
                return true;
            });
        case VIDIOC_QUERYBUF:
            return answer<v4l2_buffer>(client, arg, EINVAL, [&camera](v4l2_buffer& b) {
                b.length = static_cast<std::uint32_t>(k_buffer_length);
                b.m.offset = static_cast<std::uint32_t>(b.index * k_buffer_length);
                return b.index < camera.buffers;
            });
        case VIDIOC_QBUF:
            return answer<v4l2_buffer>(client, arg, EINVAL, [&camera](v4l2_buffer& b) {
                if (b.index >= camera.buffers) {
                    return false;
                }
                camera.queued.push_back(b.index);
                return true;
            });
        case VIDIOC_STREAMON:
            camera.streaming = true;
            ++camera.opened_streams;
            return done(true, 0);
        case VIDIOC_STREAMOFF:
            camera.streaming = false;
            camera.queued.clear();
            return done(true, 0);
        case VIDIOC_DQBUF: {
            if (!camera.streaming || camera.queued.empty()) {
                return done(false, EAGAIN);
            }
            // 30 frames a second, as a webcam sends them.
            const auto now = std::chrono::steady_clock::now();
            if (now < camera.next_frame) {
                lock.unlock();
                std::this_thread::sleep_for(camera.next_frame - now);
                lock.lock();
            }
            camera.next_frame = std::chrono::steady_clock::now() + 33ms;
            const std::uint32_t index = camera.queued.front();
            camera.queued.pop_front();
            if (!fill_buffer(camera, index)) {
                return done(false, EIO);
            }
            return answer<v4l2_buffer>(client, arg, EIO, [index](v4l2_buffer& b) {
                b.index = index;
                b.bytesused = static_cast<std::uint32_t>(k_buffer_length);
                b.flags = V4L2_BUF_FLAG_DONE;
                return true;
            });
        }
        default: return done(false, ENOTTY);
    }
}

struct Testbed {
    UMockdevTestbed* testbed = umockdev_testbed_new();
    UMockdevIoctlBase* handler = umockdev_ioctl_base_new();
    MockCamera camera;

    explicit Testbed(std::vector<std::uint32_t> formats) {
        camera.formats = std::move(formats);
        const auto luma = testing::qr_luma(k_url, k_width, k_height, testing::QrPlacement{400, 220, 3.1, -5, 8, 3});
        camera.frame = testing::pack_frame(luma, k_width, k_height, camera::PixelFormat::yuyv).bytes;
        gchar* root = umockdev_testbed_get_root_dir(testbed);
        camera.file = std::filesystem::path(root) / (k_devnode + 1);
        g_free(root);
        std::filesystem::create_directories(camera.file.parent_path());
        std::ofstream{camera.file};
        std::filesystem::resize_file(camera.file, 4 * k_buffer_length);
        g_signal_connect(handler, "handle-ioctl", G_CALLBACK(handle_ioctl), &camera);
        GError* error = nullptr;
        const bool attached = umockdev_testbed_attach_ioctl(testbed, k_devnode, handler, &error);
        INFO((error != nullptr ? error->message : ""));
        REQUIRE(attached);
    }
    ~Testbed() {
        g_object_unref(handler);
        g_object_unref(testbed);
    }
    void unplug(bool gone) {
        const std::lock_guard lock(camera.mutex);
        camera.unplugged = gone;
    }
};

}  // namespace

TEST_CASE("V4L2: a camera that offers only MJPEG is refused, naming what it offers") {
    if (!under_umockdev("V4L2: a camera that offers only MJPEG*")) {
        return;
    }
    Testbed bed({V4L2_PIX_FMT_MJPEG});
    auto opened = camera::V4l2Camera::open(k_devnode);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code == CameraError::no_format);
    CHECK(opened.error().message == "/dev/video0: offers MJPG; the QR reader needs GREY, YUYV or NV12");
}

TEST_CASE("V4L2: YUYV negotiated beside MJPEG, frames streamed and read, and unplugging is told apart") {
    if (!under_umockdev("V4L2: YUYV negotiated*")) {
        return;
    }
    Testbed bed({V4L2_PIX_FMT_MJPEG, V4L2_PIX_FMT_YUYV});
    auto opened = camera::V4l2Camera::open(k_devnode, camera::CameraRequest{1280, 720, 4});
    REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().message));
    camera::V4l2Camera& camera = **opened;
    CHECK(camera.format() == camera::PixelFormat::yuyv);
    CHECK(camera.width() == 640);
    CHECK(camera.height() == 480);
    // More frames than buffers: each is given back to the driver at the next grab.
    for (int i = 0; i < 6; ++i) {
        auto frame = camera.grab(2s);
        REQUIRE_MESSAGE(frame, (frame ? "" : frame.error().message));
        CHECK(frame->bytes.size() == k_buffer_length);
        const auto text = scanner::decode_qr(*frame);
        REQUIRE(text);
        CHECK(*text == k_url);
    }
    bed.unplug(true);
    auto lost = camera.grab(2s);
    REQUIRE_FALSE(lost);
    CHECK(lost.error().code == CameraError::unplugged);
    CHECK(lost.error().message.starts_with("/dev/video0: unplugged"));
}

TEST_CASE("V4L2: the counter camera worker delivers a ticket once, reports an unplug, and reopens") {
    if (!under_umockdev("V4L2: the counter camera worker*")) {
        return;
    }
    Testbed bed({V4L2_PIX_FMT_YUYV});
    testing::UiPump ui;
    std::vector<CameraStatus> statuses;
    std::vector<std::string> scans;
    CameraScannerHandlers handlers;
    handlers.status = [&statuses](CameraStatus status) { statuses.push_back(status); };
    handlers.scanned = [&scans](std::string text) { scans.push_back(std::move(text)); };
    CameraScannerTiming timing;
    timing.first_retry = 50ms;
    timing.longest_retry = 100ms;
    // Longer than the test runs: the ticket stays in view, so it is delivered once.
    timing.repeat_after = 60s;
    {
        CameraScanner scanner(k_devnode, ui.queue, handlers, timing);
        REQUIRE(ui.pump_until([&] { return !scans.empty(); }));
        CHECK(scans.front() == k_url);
        REQUIRE_FALSE(statuses.empty());
        CHECK(statuses.front() == CameraStatus{CameraState::ready, {}});
        // Several more decodes of the same ticket go by without a second delivery.
        ui.pump_until([] { return false; }, 1s);
        CHECK(scans.size() == 1);

        bed.unplug(true);
        REQUIRE(ui.pump_until([&] { return statuses.back().state == CameraState::unavailable; }));
        CHECK(statuses.back().problem == CameraError::unplugged);
        bed.unplug(false);
        REQUIRE(ui.pump_until([&] { return statuses.back().state == CameraState::ready; }));
    }
    const std::lock_guard lock(bed.camera.mutex);
    CHECK(bed.camera.opened_streams >= 2);
    CHECK_FALSE(bed.camera.streaming);
    CHECK(scans.size() == 1);
}
