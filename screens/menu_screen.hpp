#pragma once
#include "screen.hpp"

namespace madoguchi::screens {

// What the citizen can do at this kiosk. It lists only features that exist.
class MenuScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

}  // namespace madoguchi::screens
