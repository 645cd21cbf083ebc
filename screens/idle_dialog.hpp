#pragma once
#include "screen.hpp"

namespace madoguchi::screens {

// Drawn over any screen while the idle countdown runs: the citizen either continues or lets the
// kiosk clear everything and return to the start.
class IdleDialog final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

}  // namespace madoguchi::screens
