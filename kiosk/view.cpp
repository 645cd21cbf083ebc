#include "view.hpp"

namespace madoguchi {

View make_view(const Session& session, const Translator& translator, Clock::time_point now) {
    View view;
    view.screen = session.screen();
    view.translator = &translator;
    view.language = session.language();
    view.languages = translator.languages();
    view.countdown_seconds = session.countdown_seconds(now);
    return view;
}

}  // namespace madoguchi
