#pragma once
// What the display says for a call, in words espeak-ng pronounces properly. Measured with
// `espeak-ng -x`: its Japanese voice reads kanji as "Chinese letter", reads Latin letters in
// English and "012" as "rei juuni"; its English voice reads "A 12" as the article "a". So the
// Japanese sentence is in kana with letters as katakana names (エー 12), the English one joins
// the letter to the number (A12), and leading zeros go in both.
#include <string>
#include <string_view>

#include "display_board.hpp"

namespace madoguchi {

struct SpokenCall {
    std::string japanese;
    std::string english;
};

SpokenCall spoken_call(const Announcement& call);

}  // namespace madoguchi
