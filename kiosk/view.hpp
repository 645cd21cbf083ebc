#pragma once
// The read-only picture of the session that a screen draws from. Built fresh for every frame.
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "counter_picture.hpp"
#include "floor_tickets_picture.hpp"
#include "i18n.hpp"
#include "session.hpp"

namespace madoguchi {

class DisplayBoard;
class FloorBoard;

// Role floor: whether its header offers an assisted session (issue 7), and if not yet, why.
enum class FloorAssist { not_offered, log_in_first, ready };

struct View {
    ScreenId screen = ScreenId::attract;
    const Translator* translator = nullptr;
    std::string_view language;
    std::span<const std::string> languages;
    std::optional<int> countdown_seconds;
    // Screens with motion (the card being placed, work in progress) need frames while up.
    bool animating = false;

    bool card_available = false;
    // A staff tablet: staff go through the flow beside the citizen.
    bool assisted = false;
    int tries_left = 0;
    CardProblem card_problem = CardProblem::none;
    std::size_t pin_length = 0;
    std::array<int, 10> pin_pad_order{};
    const card::PersonalAttributes* attributes = nullptr;

    // Role display: the board it shows, and the time its highlights are judged at.
    const DisplayBoard* board = nullptr;
    // Role floor: the overview and statistics the console shows.
    const FloorBoard* floor = nullptr;
    // Role floor, Tickets page once a staff member is logged in.
    std::optional<FloorTicketsPicture> floor_tickets;
    FloorAssist floor_assist = FloorAssist::not_offered;
    Clock::time_point now{};
    bool tickets_available = false;
    std::span<const ServiceChoice> services;
    const IssuedTicket* ticket = nullptr;
    TicketError ticket_error = TicketError::printer_failed;
    bool application_failed = false;
    // ticket_take: the filled forms on the kiosk's A4 printer.
    FormsPrint forms_print = FormsPrint::none;
    // ticket_take: the other counters whose forms travel with the ticket.
    std::span<const ServiceChoice> forms_elsewhere;

    // Role counter: what its screens show (the site's services are in `services`).
    std::optional<CounterPicture> counter;

    std::span<const FormChoice> form_choices;
    std::span<const ReviewForm> form_review;
    // The question on the extras screen and what is typed so far (forms_extras).
    const FormsFlow* forms = nullptr;

    // Screens wrap every user-facing literal in tr(): xgettext extracts them by that name.
    const char* tr(const char* msgid) const { return translator->tr(language, msgid); }
    const char* autonym(std::string_view code) const { return translator->autonym(code); }
};

View make_view(const Session& session, const Translator& translator, Clock::time_point now);

}  // namespace madoguchi
