#include "terminal_model.hpp"

namespace madoguchi {

View DisplayTerminal::view(const Translator& translator, Clock::time_point now) const {
    View view;
    view.screen = ScreenId::display;
    view.translator = &translator;
    view.language = m_language;
    view.languages = translator.languages();
    view.board = &m_board;
    view.now = now;
    return view;
}

}  // namespace madoguchi
