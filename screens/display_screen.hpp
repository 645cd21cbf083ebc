#pragma once
#include "screen.hpp"

namespace madoguchi::screens {

// The waiting-room display: the numbers at counters in very large type (a new call stands out
// for a while), the last calls, how many wait for each service, and a quiet mark while the
// server is away. Read from across the room, so the other language stands under each heading.
class DisplayScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

}  // namespace madoguchi::screens
