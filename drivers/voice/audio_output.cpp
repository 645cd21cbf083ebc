#include "audio_output.hpp"

#include <string>

namespace madoguchi::voice {

VoiceResult<AudioOutput> AudioOutput::open(int sample_rate) {
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        return fail(VoiceError::no_audio_device, std::string("no audio: ") + SDL_GetError());
    }
    SDL_AudioSpec wanted{};
    wanted.freq = sample_rate;
    wanted.format = AUDIO_S16SYS;
    wanted.channels = 1;
    wanted.samples = 2048;
    const SDL_AudioDeviceID device = SDL_OpenAudioDevice(nullptr, 0, &wanted, nullptr, 0);
    if (device == 0) {
        const std::string error = SDL_GetError();
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return fail(VoiceError::no_audio_device, "no audio output device: " + error);
    }
    SDL_PauseAudioDevice(device, 0);
    return AudioOutput(device);
}

AudioOutput::AudioOutput(AudioOutput&& other) noexcept : m_device(other.m_device) {
    other.m_device = 0;
}

AudioOutput::~AudioOutput() {
    if (m_device != 0) {
        SDL_CloseAudioDevice(m_device);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
}

VoiceResult<void> AudioOutput::play(std::span<const std::int16_t> samples) {
    if (SDL_QueueAudio(m_device, samples.data(), static_cast<Uint32>(samples.size_bytes())) != 0) {
        return fail(VoiceError::no_audio_device, std::string("cannot queue audio: ") + SDL_GetError());
    }
    return {};
}

}  // namespace madoguchi::voice
