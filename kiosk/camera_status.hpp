#pragma once
// What the counter shows about its camera: none configured, reading, or unusable and why.
#include "drivers/camera/camera_error.hpp"

namespace madoguchi {

enum class CameraState { none, ready, unavailable };

struct CameraStatus {
    CameraState state = CameraState::none;
    camera::CameraError problem = camera::CameraError::failed;  // when unavailable

    bool operator==(const CameraStatus&) const = default;
};

}  // namespace madoguchi
