#include "view.hpp"

namespace madoguchi {

View make_view(const Session& session, const Translator& translator, Clock::time_point now) {
    View view;
    view.screen = session.screen();
    view.translator = &translator;
    view.language = session.language();
    view.languages = translator.languages();
    view.countdown_seconds = session.countdown_seconds(now);
    view.animating = view.screen == ScreenId::card_place || view.screen == ScreenId::card_working ||
                     view.screen == ScreenId::ticket_printing;
    view.card_available = session.card_available();
    view.assisted = session.assisted();
    view.tries_left = session.tries_left();
    view.card_problem = session.card_problem();
    view.pin_length = session.pin_length();
    view.pin_pad_order = session.pin_pad_order();
    view.attributes = session.attributes();
    view.tickets_available = session.tickets_available();
    view.services = session.services();
    view.ticket = session.ticket() ? &*session.ticket() : nullptr;
    view.ticket_error = session.ticket_error();
    view.application_failed = session.application_failed();
    view.forms_print = session.forms_print();
    view.forms_elsewhere = session.forms_elsewhere();
    view.form_choices = session.form_choices();
    view.form_review = session.form_review();
    view.forms = &session.forms();
    return view;
}

}  // namespace madoguchi
