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

View FloorTerminal::view(const Translator& translator, Clock::time_point now) const {
    View view;
    view.screen = m_screen;
    view.translator = &translator;
    view.language = m_language;
    view.languages = translator.languages();
    view.floor = &m_board;
    view.now = now;
    return view;
}

void FloorTerminal::apply(const Intent& intent, Clock::time_point) {
    if (const auto* language = std::get_if<intent::ChooseLanguage>(&intent)) {
        m_language = language->language;
    } else if (std::holds_alternative<intent::ShowFloorOverview>(intent)) {
        m_screen = ScreenId::floor_overview;
        m_port.refresh_overview();
    } else if (std::holds_alternative<intent::ShowFloorKiosks>(intent)) {
        m_screen = ScreenId::floor_kiosks;
        m_port.refresh_overview();
    } else if (std::holds_alternative<intent::ShowFloorStatistics>(intent)) {
        m_screen = ScreenId::floor_statistics;
        m_board.statistics_requested();
        m_port.load_statistics();
    } else if (std::holds_alternative<intent::SaveFloorStatistics>(intent)) {
        // The day on screen, not today: a console left open past midnight saves the day it shows.
        if (m_screen == ScreenId::floor_statistics && m_board.statistics().value && !m_board.csv().pending) {
            m_board.csv_requested();
            m_port.save_statistics_csv(m_board.statistics().value->date);
        }
    }
}

}  // namespace madoguchi
