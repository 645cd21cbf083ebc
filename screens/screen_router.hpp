#pragma once
// Picks the screen for the session's state and draws the overlays above it.
#include <optional>
#include <string_view>

#include "attract_screen.hpp"
#include "card_screens.hpp"
#include "counter_screens.hpp"
#include "display_screen.hpp"
#include "floor_screens.hpp"
#include "forms_screens.hpp"
#include "free_text.hpp"
#include "idle_dialog.hpp"
#include "menu_screen.hpp"
#include "ticket_screens.hpp"

namespace madoguchi::screens {

class ScreenRouter {
public:
    explicit ScreenRouter(FreeText& free_text)
        : m_card_summary(free_text),
          m_forms_review(free_text),
          m_counter_working(free_text),
          m_counter_transfer(free_text),
          m_counter_forms(free_text),
          m_forms_extras(free_text) {}
    void draw(const View& view, Intents& intents);

private:
    AttractScreen m_attract;
    MenuScreen m_menu;
    CardPlaceScreen m_card_place;
    CardWorkingScreen m_card_working;
    PinScreen m_pin;
    CardSummaryScreen m_card_summary;
    CardBlockedScreen m_card_blocked;
    CardProblemScreen m_card_problem;
    CardTakeScreen m_card_take;
    DisplayScreen m_display;
    TicketServiceScreen m_ticket_service;
    TicketPriorityScreen m_ticket_priority;
    TicketPrintingScreen m_ticket_printing;
    TicketTakeScreen m_ticket_take;
    TicketProblemScreen m_ticket_problem;
    FormsChooseScreen m_forms_choose;
    FormsReviewScreen m_forms_review;
    CounterLoginScreen m_counter_login;
    CounterSetupScreen m_counter_setup;
    CounterWorkingScreen m_counter_working;
    CounterTransferScreen m_counter_transfer;
    CounterFormsScreen m_counter_forms;
    FormsExtrasScreen m_forms_extras;
    FormsNumberScreen m_forms_number;
    FloorOverviewScreen m_floor_overview;
    FloorStatisticsScreen m_floor_statistics;
    FloorKiosksScreen m_floor_kiosks;
    FloorTicketsScreen m_floor_tickets;
    IdleDialog m_idle;
};

// Draws one full ImGui frame of the view: NewFrame must already have been called by the host.
void draw_frame(ScreenRouter& router, const View& view, Intents& intents);

}  // namespace madoguchi::screens
