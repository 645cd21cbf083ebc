#pragma once
// The sound card, through SDL audio: 16-bit mono PCM queued to play in order. A terminal
// without one (a CI runner, Xvfb) gets no_audio_device, which the caller logs and lives with.
#include <SDL.h>

#include <span>

#include "speech_synthesizer.hpp"

namespace madoguchi::voice {

class AudioOutput {
public:
    static VoiceResult<AudioOutput> open(int sample_rate);
    AudioOutput(AudioOutput&& other) noexcept;
    AudioOutput& operator=(AudioOutput&&) = delete;
    ~AudioOutput();

    // Plays after whatever is queued already; returns at once.
    VoiceResult<void> play(std::span<const std::int16_t> samples);

private:
    explicit AudioOutput(SDL_AudioDeviceID device) : m_device(device) {}
    SDL_AudioDeviceID m_device = 0;
};

}  // namespace madoguchi::voice
