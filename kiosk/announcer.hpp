#pragma once
// Every call is heard as well as seen: the chime, then the number and the counter in Japanese
// and in English. Synthesis runs on a worker thread; without espeak-ng or a sound card the
// display goes on silently, and the log says why once.
#include <memory>
#include <optional>

#include "display_board.hpp"
#include "drivers/voice/audio_output.hpp"
#include "drivers/voice/speech_synthesizer.hpp"
#include "main_queue.hpp"

namespace madoguchi {

class Announcer {
public:
    explicit Announcer(MainQueue& results);
    Announcer(const Announcer&) = delete;
    Announcer& operator=(const Announcer&) = delete;

    void announce(const Announcement& call);

private:
    std::optional<voice::SpeechSynthesizer> m_synthesizer;
    std::optional<voice::AudioOutput> m_audio;
    Worker m_worker;  // last: its thread stops before the synthesizer and the device go
};

}  // namespace madoguchi
