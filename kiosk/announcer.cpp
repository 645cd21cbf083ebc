#include "announcer.hpp"

#include "announcement_text.hpp"
#include "drivers/voice/chime.hpp"
#include "log.hpp"

#include <utility>
#include <vector>

namespace madoguchi {

Announcer::Announcer(MainQueue& results) : m_worker(results) {
    auto synthesizer = voice::SpeechSynthesizer::open();
    if (!synthesizer) {
        log::error("voice_unavailable", {{"detail", synthesizer.error().message}});
        return;
    }
    m_synthesizer = std::move(*synthesizer);
    auto audio = voice::AudioOutput::open(m_synthesizer->sample_rate());
    if (!audio) {
        log::warn("audio_unavailable", {{"detail", audio.error().message}, {"effect", "calls are shown, not heard"}});
        return;
    }
    m_audio.emplace(std::move(*audio));
}

void Announcer::announce(const Announcement& call) {
    if (!m_audio) {
        return;
    }
    m_worker.submit([this, spoken = spoken_call(call)]() -> MainQueue::Task {
        std::vector<voice::Pcm> parts{voice::chime(m_synthesizer->sample_rate())};
        for (const auto& [language, text] : {std::pair{"ja", &spoken.japanese}, std::pair{"en", &spoken.english}}) {
            auto speech = m_synthesizer->speak(language, *text);
            if (!speech) {
                log::error("voice_failed", {{"detail", speech.error().message}});
                continue;
            }
            parts.push_back(std::move(*speech));
        }
        for (const voice::Pcm& part : parts) {
            if (auto played = m_audio->play(part.samples); !played) {
                log::warn("audio_failed", {{"detail", played.error().message}});
                break;
            }
        }
        return {};
    });
}

}  // namespace madoguchi
