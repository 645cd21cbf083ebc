// The V4L2 driver's refusals against real nodes of this machine: a path with nothing there, a
// character device that is no camera (/dev/null, /dev/zero), a regular file and a directory. Each
// gives its own error naming the path, and nothing is left open. There is no camera here, and
// vivid/v4l2loopback cannot be loaded in the container: negotiation and streaming are tested
// against a umockdev camera in tests/integration/camera.
#include <doctest/doctest.h>

#include <fstream>

#include "drivers/camera/v4l2_camera.hpp"
#include "tests/server/support.hpp"

using namespace madoguchi;
using camera::CameraError;
using camera::V4l2Camera;

namespace {

std::size_t open_descriptors() {
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
        (void)entry;
        ++count;
    }
    return count;
}

Error<CameraError> refusal(const std::filesystem::path& path) {
    auto camera = V4l2Camera::open(path);
    REQUIRE_FALSE(camera);
    CHECK(camera.error().message.find(path.string()) != std::string::npos);
    return camera.error();
}

}  // namespace

TEST_CASE("a camera path with nothing there is not found") {
    const auto error = refusal("/dev/video-madoguchi-test-none");
    CHECK(error.code == CameraError::not_found);
    CHECK(error.message.find("no such device") != std::string::npos);
}

TEST_CASE("a device node that is no camera is refused as not V4L2, and closed again") {
    const std::size_t before = open_descriptors();
    for (const char* node : {"/dev/null", "/dev/zero"}) {
        CAPTURE(node);
        const auto error = refusal(node);
        CHECK(error.code == CameraError::not_v4l2);
        CHECK(error.message == std::string(node) + ": not a V4L2 device");
    }
    CHECK(open_descriptors() == before);
}

TEST_CASE("a regular file or a directory configured as the camera is refused") {
    server::test::TempDir dir;
    const auto file = dir.path() / "video0";
    std::ofstream(file) << "not a camera";
    CHECK(refusal(file).code == CameraError::not_v4l2);
    // A directory cannot be opened for writing: refused at open, with the system's reason.
    const auto error = refusal(dir.path());
    CHECK(error.code == CameraError::failed);
    CHECK(error.message.find("Is a directory") != std::string::npos);
}

TEST_CASE("every camera error has a name for the log") {
    for (const CameraError code : {CameraError::not_found, CameraError::no_access, CameraError::not_v4l2,
                                   CameraError::no_capture, CameraError::no_format, CameraError::busy,
                                   CameraError::unplugged, CameraError::timeout, CameraError::failed}) {
        CHECK_FALSE(camera::camera_error_name(code).empty());
    }
    CHECK(camera::camera_error_name(CameraError::unplugged) == "unplugged");
}
