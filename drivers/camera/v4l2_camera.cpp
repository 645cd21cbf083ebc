#include "v4l2_camera.hpp"

#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <optional>

namespace madoguchi::camera {
namespace {

int xioctl(int fd, unsigned long request, void* argument) {
    int result = 0;
    do {
        result = ::ioctl(fd, request, argument);
    } while (result == -1 && errno == EINTR);
    return result;
}

std::string fourcc_text(std::uint32_t fourcc) {
    std::string text;
    for (int shift = 0; shift < 32; shift += 8) {
        const char c = static_cast<char>((fourcc >> shift) & 0xFF);
        text.push_back(c >= ' ' && c < 127 ? c : '?');
    }
    while (!text.empty() && text.back() == ' ') {
        text.pop_back();
    }
    return text;
}

struct Supported {
    std::uint32_t fourcc;
    PixelFormat format;
};
// In order of preference: the decoder reads luma, which GREY is and the others carry uncompressed.
constexpr std::array<Supported, 3> k_supported{{{V4L2_PIX_FMT_GREY, PixelFormat::grey},
                                                {V4L2_PIX_FMT_YUYV, PixelFormat::yuyv},
                                                {V4L2_PIX_FMT_NV12, PixelFormat::nv12}}};

// The same errno means the same thing at every step: the device went away, or someone else has it.
std::unexpected<Error<CameraError>> failure(const std::string& device, std::string_view step, int error) {
    const std::string detail = device + ": " + std::string(step) + ": " + std::strerror(error);
    switch (error) {
        case ENODEV:
        case ENXIO: return fail(CameraError::unplugged, device + ": unplugged (" + std::string(step) + ")");
        case EBUSY: return fail(CameraError::busy, device + ": in use by another program (" + std::string(step) + ")");
        default: return fail(CameraError::failed, detail);
    }
}

}  // namespace

std::string_view camera_error_name(CameraError code) {
    switch (code) {
        case CameraError::not_found: return "not_found";
        case CameraError::no_access: return "no_access";
        case CameraError::not_v4l2: return "not_v4l2";
        case CameraError::no_capture: return "no_capture";
        case CameraError::no_format: return "no_format";
        case CameraError::busy: return "busy";
        case CameraError::unplugged: return "unplugged";
        case CameraError::timeout: return "timeout";
        case CameraError::failed: return "failed";
    }
    return "failed";
}

CameraResult<std::unique_ptr<V4l2Camera>> V4l2Camera::open(const std::filesystem::path& device,
                                                            CameraRequest request) {
    const std::string name = device.string();
    const int fd = ::open(name.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        const int error = errno;
        switch (error) {
            case ENOENT: return fail(CameraError::not_found, name + ": no such device (is the camera plugged in?)");
            case EACCES:
            case EPERM:
                return fail(CameraError::no_access, name + ": permission denied (the user needs the video group)");
            default: return failure(name, "open", error);
        }
    }
    std::unique_ptr<V4l2Camera> camera(new V4l2Camera(name, fd));

    v4l2_capability capability{};
    if (xioctl(fd, VIDIOC_QUERYCAP, &capability) == -1) {
        const int error = errno;
        if (error == ENOTTY || error == EINVAL) {
            return fail(CameraError::not_v4l2, name + ": not a V4L2 device");
        }
        return failure(name, "VIDIOC_QUERYCAP", error);
    }
    const auto* card_bytes = reinterpret_cast<const char*>(capability.card);
    const std::string card(card_bytes, ::strnlen(card_bytes, sizeof capability.card));
    const std::uint32_t caps = (capability.capabilities & V4L2_CAP_DEVICE_CAPS) != 0 ? capability.device_caps
                                                                                      : capability.capabilities;
    if ((caps & V4L2_CAP_VIDEO_CAPTURE) == 0) {
        const bool multiplanar = (caps & V4L2_CAP_VIDEO_CAPTURE_MPLANE) != 0;
        return fail(CameraError::no_capture,
                    name + ": " + card +
                        (multiplanar ? " captures only through the multi-planar API, which is not supported"
                                     : " is not a video capture device"));
    }
    if ((caps & V4L2_CAP_STREAMING) == 0) {
        return fail(CameraError::no_capture, name + ": " + card + " cannot stream (no V4L2_CAP_STREAMING)");
    }
    if (auto negotiated = camera->negotiate(request); !negotiated) {
        return std::unexpected(negotiated.error());
    }
    if (auto started = camera->start(request.buffers); !started) {
        return std::unexpected(started.error());
    }
    return camera;
}

CameraResult<void> V4l2Camera::negotiate(const CameraRequest& request) {
    std::optional<std::size_t> best_rank;  // into k_supported
    std::string offered;
    for (std::uint32_t index = 0;; ++index) {
        v4l2_fmtdesc description{};
        description.index = index;
        description.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        if (xioctl(m_fd, VIDIOC_ENUM_FMT, &description) == -1) {
            if (errno != EINVAL) {
                return failure(m_device, "VIDIOC_ENUM_FMT", errno);
            }
            break;  // EINVAL past the last format ends the list
        }
        offered += (offered.empty() ? "" : ", ") + fourcc_text(description.pixelformat);
        for (std::size_t rank = 0; rank < k_supported.size(); ++rank) {
            if (description.pixelformat == k_supported[rank].fourcc && (!best_rank || rank < *best_rank)) {
                best_rank = rank;
            }
        }
    }
    if (!best_rank) {
        return fail(CameraError::no_format, m_device + ": offers " + (offered.empty() ? "no formats" : offered) +
                                                "; the QR reader needs GREY, YUYV or NV12");
    }
    const Supported* best = &k_supported[*best_rank];
    v4l2_format format{};
    format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    format.fmt.pix.width = static_cast<std::uint32_t>(request.width);
    format.fmt.pix.height = static_cast<std::uint32_t>(request.height);
    format.fmt.pix.pixelformat = best->fourcc;
    format.fmt.pix.field = V4L2_FIELD_NONE;
    // The driver answers with the size it can do nearest to the one asked.
    if (xioctl(m_fd, VIDIOC_S_FMT, &format) == -1) {
        return failure(m_device, "VIDIOC_S_FMT", errno);
    }
    if (format.fmt.pix.pixelformat != best->fourcc) {
        return fail(CameraError::no_format, m_device + ": asked for " + fourcc_text(best->fourcc) + ", the driver set " +
                                                fourcc_text(format.fmt.pix.pixelformat));
    }
    m_format = best->format;
    m_width = static_cast<int>(format.fmt.pix.width);
    m_height = static_cast<int>(format.fmt.pix.height);
    m_stride = format.fmt.pix.bytesperline != 0 ? format.fmt.pix.bytesperline
                                                : static_cast<std::size_t>(m_width) * (m_format == PixelFormat::yuyv ? 2 : 1);
    return {};
}

CameraResult<void> V4l2Camera::start(unsigned buffers) {
    v4l2_requestbuffers request{};
    request.count = buffers;
    request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    request.memory = V4L2_MEMORY_MMAP;
    if (xioctl(m_fd, VIDIOC_REQBUFS, &request) == -1) {
        return failure(m_device, "VIDIOC_REQBUFS", errno);
    }
    if (request.count < 2) {
        return fail(CameraError::failed, m_device + ": the driver granted " + std::to_string(request.count) +
                                             " buffers, streaming needs at least 2");
    }
    for (std::uint32_t index = 0; index < request.count; ++index) {
        v4l2_buffer buffer{};
        buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buffer.memory = V4L2_MEMORY_MMAP;
        buffer.index = index;
        if (xioctl(m_fd, VIDIOC_QUERYBUF, &buffer) == -1) {
            return failure(m_device, "VIDIOC_QUERYBUF", errno);
        }
        void* start = ::mmap(nullptr, buffer.length, PROT_READ, MAP_SHARED, m_fd, buffer.m.offset);
        if (start == MAP_FAILED) {
            return failure(m_device, "mmap", errno);
        }
        m_mappings.push_back(Mapping{start, buffer.length});
        if (xioctl(m_fd, VIDIOC_QBUF, &buffer) == -1) {
            return failure(m_device, "VIDIOC_QBUF", errno);
        }
    }
    int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(m_fd, VIDIOC_STREAMON, &type) == -1) {
        return failure(m_device, "VIDIOC_STREAMON", errno);
    }
    m_streaming = true;
    return {};
}

CameraResult<void> V4l2Camera::requeue_handed_out() {
    if (m_handed_out < 0) {
        return {};
    }
    v4l2_buffer buffer{};
    buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buffer.memory = V4L2_MEMORY_MMAP;
    buffer.index = static_cast<std::uint32_t>(m_handed_out);
    m_handed_out = -1;
    if (xioctl(m_fd, VIDIOC_QBUF, &buffer) == -1) {
        return failure(m_device, "VIDIOC_QBUF", errno);
    }
    return {};
}

CameraResult<FrameView> V4l2Camera::grab(std::chrono::milliseconds timeout) {
    if (auto requeued = requeue_handed_out(); !requeued) {
        return std::unexpected(requeued.error());
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd waiting{m_fd, POLLIN, 0};
        const int ready = ::poll(&waiting, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
        if (ready == -1 && errno != EINTR) {
            return failure(m_device, "poll", errno);
        }
        if (ready == 0) {
            return fail(CameraError::timeout,
                        m_device + ": no frame within " + std::to_string(timeout.count()) + " ms");
        }
        if (ready > 0) {
            v4l2_buffer buffer{};
            buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
            buffer.memory = V4L2_MEMORY_MMAP;
            if (xioctl(m_fd, VIDIOC_DQBUF, &buffer) == -1) {
                if (errno != EAGAIN) {
                    return failure(m_device, "VIDIOC_DQBUF", errno);
                }
                if ((waiting.revents & (POLLERR | POLLHUP)) != 0) {
                    // Readable for an error, yet no buffer: the stream stopped under us.
                    return fail(CameraError::failed, m_device + ": the stream stopped");
                }
            } else if (buffer.index >= m_mappings.size()) {
                return fail(CameraError::failed, m_device + ": the driver returned buffer " +
                                                     std::to_string(buffer.index) + " it never granted");
            } else {
                m_handed_out = static_cast<int>(buffer.index);
                if ((buffer.flags & V4L2_BUF_FLAG_ERROR) == 0) {
                    const Mapping& mapping = m_mappings[buffer.index];
                    const std::size_t used = buffer.bytesused != 0 ? std::min<std::size_t>(buffer.bytesused, mapping.length)
                                                                   : mapping.length;
                    return FrameView{m_format, m_width, m_height, m_stride,
                                     std::span(static_cast<const std::uint8_t*>(mapping.start), used)};
                }
                // A frame the driver marks damaged is skipped, not decoded.
                if (auto requeued = requeue_handed_out(); !requeued) {
                    return std::unexpected(requeued.error());
                }
            }
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return fail(CameraError::timeout,
                        m_device + ": no frame within " + std::to_string(timeout.count()) + " ms");
        }
    }
}

V4l2Camera::~V4l2Camera() {
    if (m_streaming) {
        int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        xioctl(m_fd, VIDIOC_STREAMOFF, &type);
    }
    for (const Mapping& mapping : m_mappings) {
        ::munmap(mapping.start, mapping.length);
    }
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

}  // namespace madoguchi::camera
