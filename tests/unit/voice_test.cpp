// espeak-ng synthesis in memory: no sound card is needed, and none is used.
#include <doctest/doctest.h>

#include <cstdlib>

#include "drivers/voice/audio_output.hpp"
#include "drivers/voice/chime.hpp"
#include "drivers/voice/speech_synthesizer.hpp"
#include "kiosk/announcement_text.hpp"
#include "kiosk/announcer.hpp"

using namespace madoguchi;
using namespace madoguchi::voice;

namespace {

double seconds(const Pcm& pcm) {
    return static_cast<double>(pcm.samples.size()) / pcm.sample_rate;
}

bool audible(const Pcm& pcm) {
    return std::any_of(pcm.samples.begin(), pcm.samples.end(), [](std::int16_t s) { return s > 1000 || s < -1000; });
}

}  // namespace

TEST_CASE("a call is synthesised in Japanese and in English, at espeak-ng's rate") {
    auto synthesizer = SpeechSynthesizer::open();
    REQUIRE(synthesizer.has_value());
    CHECK(synthesizer->sample_rate() == 22050);
    const SpokenCall spoken = spoken_call(Announcement{"A-012", "3"});
    for (const auto& [language, text] : {std::pair{"ja", spoken.japanese}, std::pair{"en", spoken.english}}) {
        CAPTURE(language);
        auto pcm = synthesizer->speak(language, text);
        REQUIRE(pcm.has_value());
        CHECK(pcm->sample_rate == 22050);
        CHECK(seconds(*pcm) > 1.5);
        CHECK(seconds(*pcm) < 15.0);
        CHECK(audible(*pcm));
    }
}

TEST_CASE("the Japanese voice reads our sentence as Japanese, not the ticket as printed") {
    auto synthesizer = SpeechSynthesizer::open();
    REQUIRE(synthesizer.has_value());
    // As printed, the letter switches to the English voice and the zero is read out ("rei").
    const auto printed = synthesizer->phonemes("ja", "A-012");
    REQUIRE(printed.has_value());
    CHECK(printed->find("(en)") != std::string::npos);
    // Kanji have no Japanese reading in espeak-ng: it says "Chinese letter" in English.
    CHECK(synthesizer->phonemes("ja", "番号")->find("(en)") != std::string::npos);

    const auto spoken = synthesizer->phonemes("ja", spoken_call(Announcement{"A-012", "3"}).japanese);
    REQUIRE(spoken.has_value());
    CAPTURE(*spoken);
    CHECK(spoken->find("(en)") == std::string::npos);
    CHECK(spoken->find("'e:") != std::string::npos);        // エー
    CHECK(spoken->find("d_z'u_!ni") != std::string::npos);  // じゅうに, not れい じゅうに
    CHECK(spoken->find("r,ei") == std::string::npos);
}

TEST_CASE("a voice that does not exist is an error") {
    auto synthesizer = SpeechSynthesizer::open();
    REQUIRE(synthesizer.has_value());
    const auto pcm = synthesizer->speak("xx-no-such-voice", "hello");
    REQUIRE_FALSE(pcm.has_value());
    CHECK(pcm.error().code == VoiceError::no_voice);
}

TEST_CASE("the chime: two notes, at the speech's rate") {
    const Pcm bell = chime(22050);
    CHECK(bell.sample_rate == 22050);
    CHECK(seconds(bell) == doctest::Approx(1.35).epsilon(0.01));
    CHECK(audible(bell));
}

TEST_CASE("no sound card: a clear error, and the announcer goes on silently") {
    // An audio driver that cannot exist stands for a machine without any (CI, Xvfb).
    setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
    const auto output = AudioOutput::open(22050);
    REQUIRE_FALSE(output.has_value());
    CHECK(output.error().code == VoiceError::no_audio_device);
    CHECK_FALSE(output.error().message.empty());
    MainQueue queue;
    Announcer announcer(queue);
    announcer.announce(Announcement{"A-001", "1"});
    CHECK(queue.drain() == 0);
    unsetenv("SDL_AUDIODRIVER");
}
