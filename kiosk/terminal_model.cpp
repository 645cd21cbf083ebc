#include "terminal_model.hpp"

#include <algorithm>

#include "log.hpp"

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

FloorAssist FloorTerminal::assist_offer() const {
    if (m_assisted == nullptr || m_tickets == nullptr) {
        return FloorAssist::not_offered;
    }
    return m_tickets->logged_in() ? FloorAssist::ready : FloorAssist::log_in_first;
}

void FloorTerminal::note_activity(Clock::time_point now) {
    if (assisting()) {
        m_citizen->note_activity(now);
    }
}

void FloorTerminal::tick(Clock::time_point now) {
    if (assisting()) {
        m_citizen->tick(now);
    }
}

std::optional<Clock::time_point> FloorTerminal::next_deadline(Clock::time_point now) const {
    const std::optional<Clock::time_point> board = m_board.next_deadline(now);
    if (!assisting()) {
        return board;
    }
    const std::optional<Clock::time_point> session = m_citizen->next_deadline(now);
    if (board && session) {
        return std::min(*board, *session);
    }
    return board ? board : session;
}

View FloorTerminal::view(const Translator& translator, Clock::time_point now) const {
    if (assisting()) {
        return m_citizen->view(translator, now);
    }
    View view;
    view.floor_assist = assist_offer();
    view.screen = m_screen;
    view.translator = &translator;
    view.language = m_language;
    view.languages = translator.languages();
    view.floor = &m_board;
    view.now = now;
    if (m_screen == ScreenId::floor_tickets && m_tickets != nullptr) {
        if (m_tickets->logged_in()) {
            view.floor_tickets = tickets_picture();
        } else {
            view.screen = ScreenId::counter_login;
            view.counter = login_picture();
        }
    }
    return view;
}

CounterPicture FloorTerminal::login_picture() const {
    CounterPicture picture;
    picture.notice = m_tickets->login_notice();
    picture.waiting_for_server = m_tickets->waiting_for_server();
    picture.staff_id = m_tickets->staff_id();
    picture.password_length = m_tickets->password_length();
    picture.field = m_field;
    picture.shifted = m_shift;
    picture.back_allowed = true;
    return picture;
}

FloorTicketsPicture FloorTerminal::tickets_picture() const {
    FloorTicketsPicture picture;
    picture.staff_id = m_tickets->staff_id();
    picture.connected = m_tickets->connected();
    picture.busy = m_tickets->waiting_for_server();
    picture.tickets = m_tickets->tickets();
    if (m_confirming) {
        if (const QueueTicket* ticket = m_tickets->find(*m_confirming)) {
            picture.confirming = *ticket;
        }
    }
    picture.outcome = m_tickets->outcome();
    return picture;
}

void FloorTerminal::apply(const Intent& intent, Clock::time_point now) {
    if (assisting()) {
        m_citizen->apply(intent, now);
        return;
    }
    if (std::holds_alternative<intent::StartAssistedSession>(intent)) {
        if (assist_offer() == FloorAssist::ready) {
            m_confirming.reset();
            m_assisted->apply(intent::Start{}, now);
            log::info("assisted_session_started", {{"staff", m_tickets->staff_id()}});
        }
        return;
    }
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
    } else if (m_tickets != nullptr) {
        apply_tickets(intent);
    }
}

void FloorTerminal::apply_tickets(const Intent& intent) {
    if (std::holds_alternative<intent::ShowFloorTickets>(intent)) {
        m_screen = ScreenId::floor_tickets;
        m_confirming.reset();
        return;
    }
    if (m_screen != ScreenId::floor_tickets) {
        return;
    }
    if (!m_tickets->logged_in()) {
        if (const auto* field = std::get_if<intent::StaffField>(&intent)) {
            m_field = field->password ? LoginField::password : LoginField::staff_id;
        } else if (const auto* typed = std::get_if<intent::TypeText>(&intent)) {
            for (const char c : typed->text) {
                if (m_field == LoginField::staff_id) {
                    m_tickets->type_staff_id(c);
                } else {
                    m_tickets->type_password(c);
                }
            }
        } else if (std::holds_alternative<intent::EraseText>(intent)) {
            if (m_field == LoginField::staff_id) {
                m_tickets->erase_staff_id();
            } else {
                m_tickets->erase_password();
            }
        } else if (std::holds_alternative<intent::ShiftKeys>(intent)) {
            m_shift = !m_shift;
        } else if (std::holds_alternative<intent::SubmitText>(intent) && m_field == LoginField::staff_id) {
            m_field = LoginField::password;
        } else if (std::holds_alternative<intent::SubmitText>(intent) || std::holds_alternative<intent::LogIn>(intent)) {
            m_tickets->log_in();
            // Right or wrong, the password is gone once sent; a retry types it again.
            m_field = LoginField::password;
            m_shift = false;
        } else if (std::holds_alternative<intent::Back>(intent)) {
            m_screen = ScreenId::floor_overview;
            m_port.refresh_overview();
        }
        return;
    }
    if (const auto* cancel = std::get_if<intent::CancelTicket>(&intent)) {
        m_confirming = cancel->ticket_id;
    } else if (std::holds_alternative<intent::ConfirmCancel>(intent)) {
        if (m_confirming) {
            m_tickets->cancel(*m_confirming);
        }
        m_confirming.reset();
    } else if (std::holds_alternative<intent::Back>(intent)) {
        m_confirming.reset();
    } else if (const auto* reprint = std::get_if<intent::ReprintTicket>(&intent)) {
        m_confirming.reset();
        m_tickets->reprint(reprint->ticket_id, m_language);
    } else if (std::holds_alternative<intent::LogOut>(intent)) {
        m_confirming.reset();
        m_tickets->log_out();
        m_field = LoginField::staff_id;
        m_shift = false;
    }
}

}  // namespace madoguchi
