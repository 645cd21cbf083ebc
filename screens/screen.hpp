#pragma once
// A screen draws the View it is given and appends intents; it never changes core state and never
// talks to a device or the network (DESIGN.md §3).
#include "kiosk/intents.hpp"
#include "kiosk/view.hpp"

namespace madoguchi::screens {

class Screen {
public:
    virtual ~Screen() = default;
    virtual void draw(const View& view, Intents& intents) = 0;
};

}  // namespace madoguchi::screens
