#pragma once
#include "kiosk/error.hpp"

namespace madoguchi::voice {

enum class VoiceError {
    no_synthesizer,  // espeak-ng or its data is missing
    no_voice,        // the language has no voice
    synthesis_failed,
    no_audio_device,  // no sound card (a CI runner, Xvfb): calls are shown but not heard
};

template <typename T>
using VoiceResult = Result<T, VoiceError>;

}  // namespace madoguchi::voice
