#pragma once
// The two-note chime before each call (high then low, like a station's ピンポーン), made as PCM.
#include "speech_synthesizer.hpp"

namespace madoguchi::voice {

Pcm chime(int sample_rate);

}  // namespace madoguchi::voice
