#include "chime.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace madoguchi::voice {
namespace {

// A struck bell: the tone dies away exponentially.
void add_note(std::vector<std::int16_t>& samples, int sample_rate, double frequency, double seconds) {
    const auto count = static_cast<std::size_t>(seconds * sample_rate);
    for (std::size_t i = 0; i < count; ++i) {
        const double t = static_cast<double>(i) / sample_rate;
        const double envelope = std::exp(-3.0 * t) * std::min(1.0, t * 200.0);
        const double tone =
            std::sin(2 * std::numbers::pi * frequency * t) + 0.3 * std::sin(2 * std::numbers::pi * 2 * frequency * t);
        samples.push_back(static_cast<std::int16_t>(9000.0 * envelope * tone));
    }
}

}  // namespace

Pcm chime(int sample_rate) {
    Pcm pcm{sample_rate, {}};
    add_note(pcm.samples, sample_rate, 880.0, 0.45);  // A5
    add_note(pcm.samples, sample_rate, 698.5, 0.9);   // F5
    return pcm;
}

}  // namespace madoguchi::voice
