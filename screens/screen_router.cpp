#include "screen_router.hpp"

#include "widgets.hpp"

namespace madoguchi::screens {

void ScreenRouter::draw(const View& view, Intents& intents) {
    switch (view.screen) {
        case ScreenId::attract: m_attract.draw(view, intents); break;
        case ScreenId::menu: m_menu.draw(view, intents); break;
        case ScreenId::card_place: m_card_place.draw(view, intents); break;
        case ScreenId::card_working: m_card_working.draw(view, intents); break;
        case ScreenId::card_pin: m_pin.draw(view, intents); break;
        case ScreenId::card_summary: m_card_summary.draw(view, intents); break;
        case ScreenId::card_blocked: m_card_blocked.draw(view, intents); break;
        case ScreenId::card_problem: m_card_problem.draw(view, intents); break;
        case ScreenId::card_take: m_card_take.draw(view, intents); break;
        case ScreenId::display: m_display.draw(view, intents); break;
        case ScreenId::ticket_service: m_ticket_service.draw(view, intents); break;
        case ScreenId::ticket_priority: m_ticket_priority.draw(view, intents); break;
        case ScreenId::ticket_printing: m_ticket_printing.draw(view, intents); break;
        case ScreenId::ticket_take: m_ticket_take.draw(view, intents); break;
        case ScreenId::ticket_problem: m_ticket_problem.draw(view, intents); break;
        case ScreenId::forms_choose: m_forms_choose.draw(view, intents); break;
        case ScreenId::forms_review: m_forms_review.draw(view, intents); break;
        case ScreenId::counter_login: m_counter_login.draw(view, intents); break;
        case ScreenId::counter_setup: m_counter_setup.draw(view, intents); break;
        case ScreenId::counter_working: m_counter_working.draw(view, intents); break;
        case ScreenId::counter_transfer: m_counter_transfer.draw(view, intents); break;
        case ScreenId::counter_forms: m_counter_forms.draw(view, intents); break;
        case ScreenId::forms_extras: m_forms_extras.draw(view, intents); break;
        case ScreenId::forms_number: m_forms_number.draw(view, intents); break;
        case ScreenId::floor_overview: m_floor_overview.draw(view, intents); break;
        case ScreenId::floor_statistics: m_floor_statistics.draw(view, intents); break;
        case ScreenId::floor_kiosks: m_floor_kiosks.draw(view, intents); break;
        case ScreenId::floor_tickets: m_floor_tickets.draw(view, intents); break;
    }
    m_idle.draw(view, intents);
}

void draw_frame(ScreenRouter& router, const View& view, Intents& intents) {
    begin_frame_log();
    router.draw(view, intents);
}

}  // namespace madoguchi::screens
