#pragma once
// Text to 16-bit mono PCM with espeak-ng, in memory (no sound card involved). espeak-ng is one
// global engine per process: every synthesizer shares it, one call at a time.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "voice_error.hpp"

namespace madoguchi::voice {

struct Pcm {
    int sample_rate = 0;
    std::vector<std::int16_t> samples;  // mono
};

class SpeechSynthesizer {
public:
    static VoiceResult<SpeechSynthesizer> open();

    // `language` is an espeak-ng voice name ("ja", "en").
    VoiceResult<Pcm> speak(std::string_view language, std::string_view utf8_text) const;
    // espeak-ng's own phoneme names for the text ("(en)" marks a switch to English, what the
    // Japanese voice does with Latin letters): how to check that a text is pronounced as meant.
    VoiceResult<std::string> phonemes(std::string_view language, std::string_view utf8_text) const;
    int sample_rate() const { return m_sample_rate; }

private:
    explicit SpeechSynthesizer(int sample_rate) : m_sample_rate(sample_rate) {}
    int m_sample_rate;
};

}  // namespace madoguchi::voice
