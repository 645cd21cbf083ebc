#pragma once
// Why a camera cannot be used. errno values are translated into these in v4l2_camera.cpp, so
// nothing above drivers/camera sees them; screens map each to a translated line.
#include <string_view>

#include "kiosk/error.hpp"

namespace madoguchi::camera {

enum class CameraError {
    not_found,     // no such device node
    no_access,     // the node exists but this user may not open it (the video group)
    not_v4l2,      // the node is not a V4L2 device (a wrong path in the configuration)
    no_capture,    // a V4L2 device that cannot stream video in (an output, a codec, a metadata node)
    no_format,     // none of the formats it offers is one the decoder can read (MJPEG only, say)
    busy,          // another program holds the camera
    unplugged,     // gone while open (ENODEV)
    timeout,       // no frame within the time asked
    failed,        // any other refusal by the driver
};

std::string_view camera_error_name(CameraError code);

template <typename T>
using CameraResult = Result<T, CameraError>;

}  // namespace madoguchi::camera
