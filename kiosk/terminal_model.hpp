#pragma once
// What the app window runs, whatever the role: the state behind the screens. The window's loop
// asks it for the View to draw and when to wake, and hands it input and intents.
#include <optional>

#include "display_board.hpp"
#include "floor_board.hpp"
#include "floor_port.hpp"
#include "floor_tickets.hpp"
#include "session.hpp"
#include "view.hpp"

namespace madoguchi {

class TerminalModel {
public:
    virtual ~TerminalModel() = default;
    virtual View view(const Translator& translator, Clock::time_point now) const = 0;
    virtual void apply(const Intent& intent, Clock::time_point now) = 0;
    virtual void note_activity(Clock::time_point now) = 0;
    virtual void tick(Clock::time_point now) = 0;
    virtual std::optional<Clock::time_point> next_deadline(Clock::time_point now) const = 0;
};

// Role citizen: the kiosk's session.
class CitizenTerminal final : public TerminalModel {
public:
    explicit CitizenTerminal(Session& session) : m_session(session) {}
    View view(const Translator& translator, Clock::time_point now) const override {
        return make_view(m_session, translator, now);
    }
    void apply(const Intent& intent, Clock::time_point now) override { m_session.apply(intent, now); }
    void note_activity(Clock::time_point now) override { m_session.note_activity(now); }
    void tick(Clock::time_point now) override { m_session.tick(now); }
    std::optional<Clock::time_point> next_deadline(Clock::time_point now) const override {
        return m_session.next_deadline(now);
    }

private:
    Session& m_session;
};

// Role display: the board, shown in one language (the other is shown beside it by the screen).
// Nobody touches a display, so there are no intents and no idle countdown.
class DisplayTerminal final : public TerminalModel {
public:
    DisplayTerminal(const DisplayBoard& board, std::string language)
        : m_board(board), m_language(std::move(language)) {}
    View view(const Translator& translator, Clock::time_point now) const override;
    void apply(const Intent&, Clock::time_point) override {}
    void note_activity(Clock::time_point) override {}
    void tick(Clock::time_point) override {}
    std::optional<Clock::time_point> next_deadline(Clock::time_point now) const override {
        return m_board.next_deadline(now);
    }

private:
    const DisplayBoard& m_board;
    std::string m_language;
};

// Role floor: the floor manager's console, the site now and today's statistics. Staff switch
// pages and language; nothing here times out, since the console stands in a back office. The
// Tickets page (cancel, reprint) needs a staff member logged in: until then it shows the
// counter's log-in screen, which can be left with Back.
// On a tablet with the kiosk's devices a logged-in floor manager starts an assisted session: the
// console then hands its view, intents and timing to the citizen's Session until that session's
// reset (which wipes it as on a kiosk) brings the console back, the staff member still logged in.
class FloorTerminal final : public TerminalModel {
public:
    // `tickets` may be null: a console without it has no Tickets page to act on. `assisted` may
    // be null: the tablet has no citizen devices and offers no assisted session; else it must be
    // an assisted session's Session at its attract screen, which the console never shows.
    FloorTerminal(FloorBoard& board, FloorPort& port, std::string language, FloorTicketDesk* tickets = nullptr,
                  Session* assisted = nullptr)
        : m_board(board), m_port(port), m_language(std::move(language)), m_tickets(tickets), m_assisted(assisted) {
        if (assisted != nullptr) {
            m_citizen.emplace(*assisted);
        }
    }
    View view(const Translator& translator, Clock::time_point now) const override;
    void apply(const Intent& intent, Clock::time_point now) override;
    void note_activity(Clock::time_point now) override;
    void tick(Clock::time_point now) override;
    std::optional<Clock::time_point> next_deadline(Clock::time_point now) const override;
    ScreenId screen() const { return m_screen; }
    // An assisted session is on the tablet's screen.
    bool assisting() const { return m_assisted != nullptr && m_assisted->in_session(); }

private:
    FloorAssist assist_offer() const;
    void apply_tickets(const Intent& intent);
    CounterPicture login_picture() const;
    FloorTicketsPicture tickets_picture() const;

    FloorBoard& m_board;
    FloorPort& m_port;
    std::string m_language;
    FloorTicketDesk* m_tickets;
    Session* m_assisted;
    std::optional<CitizenTerminal> m_citizen;  // over m_assisted: what runs while assisting
    ScreenId m_screen = ScreenId::floor_overview;
    LoginField m_field = LoginField::staff_id;
    bool m_shift = false;
    std::optional<std::string> m_confirming;  // the ticket whose Cancel awaits confirmation
};

}  // namespace madoguchi
