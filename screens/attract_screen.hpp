#pragma once
#include "screen.hpp"

namespace madoguchi::screens {

// The lobby's resting screen: what the kiosk offers, "touch to start", and the language buttons.
class AttractScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

}  // namespace madoguchi::screens
