#include "screen_router.hpp"

#include "widgets.hpp"

namespace madoguchi::screens {

void ScreenRouter::draw(const View& view, Intents& intents) {
    switch (view.screen) {
        case ScreenId::attract: m_attract.draw(view, intents); break;
        case ScreenId::menu: m_menu.draw(view, intents); break;
    }
    m_idle.draw(view, intents);
}

void draw_frame(ScreenRouter& router, const View& view, Intents& intents) {
    begin_frame_log();
    router.draw(view, intents);
}

}  // namespace madoguchi::screens
