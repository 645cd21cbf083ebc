#pragma once
#include "kiosk/intents.hpp"
#include "kiosk/view.hpp"

namespace madoguchi::screens {

// A row of buttons, one per configured language, each labelled in its own language so that a
// visitor who reads no Japanese finds theirs. Drawn at the cursor, centred.
void draw_language_bar(const View& view, Intents& intents);

}  // namespace madoguchi::screens
