#include "speech_synthesizer.hpp"

#include <espeak-ng/speak_lib.h>

#include <mutex>
#include <string>

namespace madoguchi::voice {
namespace {

std::mutex g_engine;
int g_sample_rate = 0;  // guarded by g_engine; 0 until espeak-ng is initialised

int collect(short* wave, int count, espeak_EVENT* events) {
    auto* samples = static_cast<std::vector<std::int16_t>*>(events->user_data);
    if (wave != nullptr && count > 0) {
        samples->insert(samples->end(), wave, wave + count);
    }
    return 0;
}

}  // namespace

VoiceResult<SpeechSynthesizer> SpeechSynthesizer::open() {
    const std::lock_guard lock(g_engine);
    if (g_sample_rate == 0) {
        const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
        if (rate <= 0) {
            return fail(VoiceError::no_synthesizer, "espeak-ng cannot start (is espeak-ng-data installed?)");
        }
        espeak_SetSynthCallback(collect);
        g_sample_rate = rate;
    }
    return SpeechSynthesizer(g_sample_rate);
}

VoiceResult<Pcm> SpeechSynthesizer::speak(std::string_view language, std::string_view utf8_text) const {
    const std::lock_guard lock(g_engine);
    if (espeak_SetVoiceByName(std::string(language).c_str()) != EE_OK) {
        return fail(VoiceError::no_voice, "espeak-ng has no voice " + std::string(language));
    }
    Pcm pcm{m_sample_rate, {}};
    const std::string text(utf8_text);
    const espeak_ERROR result =
        espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &pcm.samples);
    if (result != EE_OK || pcm.samples.empty()) {
        return fail(VoiceError::synthesis_failed,
                    "espeak-ng produced no sound for a " + std::string(language) + " text");
    }
    return pcm;
}

VoiceResult<std::string> SpeechSynthesizer::phonemes(std::string_view language, std::string_view utf8_text) const {
    const std::lock_guard lock(g_engine);
    if (espeak_SetVoiceByName(std::string(language).c_str()) != EE_OK) {
        return fail(VoiceError::no_voice, "espeak-ng has no voice " + std::string(language));
    }
    const std::string text(utf8_text);
    const void* next = text.c_str();
    std::string names;
    // One clause per call, until espeak-ng has consumed the text.
    while (next != nullptr) {
        const char* clause = espeak_TextToPhonemes(&next, espeakCHARS_UTF8, 0);
        if (clause == nullptr) {
            break;
        }
        names += clause;
        names += ' ';
    }
    return names;
}

}  // namespace madoguchi::voice
