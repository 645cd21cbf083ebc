#pragma once
// Picks the screen for the session's state and draws the overlays above it.
#include <optional>
#include <string_view>

#include "attract_screen.hpp"
#include "idle_dialog.hpp"
#include "menu_screen.hpp"

namespace madoguchi::screens {

class ScreenRouter {
public:
    void draw(const View& view, Intents& intents);

private:
    AttractScreen m_attract;
    MenuScreen m_menu;
    IdleDialog m_idle;
};

// Draws one full ImGui frame of the view: NewFrame must already have been called by the host.
void draw_frame(ScreenRouter& router, const View& view, Intents& intents);

}  // namespace madoguchi::screens
