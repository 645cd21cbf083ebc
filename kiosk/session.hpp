#pragma once
// The citizen session: which screen is up, the language, the idle countdown, the card flow, and
// the single reset path. Every way a session ends (finish, idle timeout, the card taken away)
// goes through reset(), which erases the PIN and the card's data and runs the other wipers.
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "application_port.hpp"
#include "card_port.hpp"
#include "forms_flow.hpp"
#include "forms_print_port.hpp"
#include "intents.hpp"
#include "pin_entry.hpp"
#include "ticket_port.hpp"

namespace madoguchi {

using Clock = std::chrono::steady_clock;

enum class ScreenId {
    attract,
    menu,
    card_place,    // "place your card", until a card is in the reader
    card_working,  // talking to the card: checking it, or verifying the PIN and reading
    card_pin,
    card_summary,
    card_blocked,  // the PIN is locked: where to go to have it reset
    card_problem,  // not a My Number card, or it could not be read
    card_take,     // "please take your card": the session ends when it leaves the reader
    display,       // the waiting-room display's board (role display; no citizen session)
    ticket_service,   // choose a service: those open now, the closed ones with their hours
    ticket_priority,  // an ordinary or a priority ticket (when the kiosk offers priority)
    ticket_printing,  // issuing on the server and printing
    ticket_take,      // "please take your ticket", the number large
    ticket_problem,   // the printer or the server could not give a ticket
    forms_choose,     // after the card's summary: the procedures, ticked in a list
    forms_review,     // every chosen form's fields: from the card, or left for the counter
    counter_login,    // role counter: staff id and password
    counter_setup,    // which counter this is, and the services it calls
    counter_working,  // the ticket at the counter, the queue, call next / recall / no-show / finish
    counter_transfer, // the service to send the ticket at the counter on to
    counter_forms,    // the citizen's forms opened from the ticket's QR, every field
    forms_extras,     // the chosen forms' questions beyond the card, one at a time
    forms_number,     // reading the individual number from the card, for a form that has it
    floor_overview,    // role floor: per service, waiting and counters now
    floor_statistics,  // role floor: today's figures per service and counter
    floor_kiosks,      // role floor: each kiosk's printer, card reader and sync
    floor_tickets,     // role floor: today's waiting and called tickets, cancel and reprint
};

enum class ResetReason { finished, idle_timeout, card_removed };

// The filled forms on the kiosk's A4 printer, after the ticket (none: no A4 printer, or no forms).
enum class FormsPrint { none, printing, printed, failed };

enum class CardProblem { none, wrong_pin, not_my_number_card, unreadable, no_reader };

struct SessionSettings {
    std::string default_language = "ja";
    std::vector<std::string> languages{"ja", "en"};
    std::chrono::seconds idle_timeout{60};
    std::chrono::seconds idle_countdown{20};
    bool shuffle_pin_pad = false;
    // Offer a priority ticket (pregnancy, disability, small children) after the service.
    bool priority_tickets = false;
    // A staff tablet: every session is an assisted one, and its tickets say so.
    bool assisted = false;
    // The services this site offers, open or not at the moment it is called.
    std::function<std::vector<ServiceChoice>()> ticket_menu;
    // The forms the kiosk fills from the card (none: the card flow ends at its summary).
    std::shared_ptr<const std::vector<FormDefinition>> forms;
    // The katakana reading of a name, for the forms' フリガナ ("" when unknown).
    std::function<std::string(std::string_view name)> name_reading;
    std::function<CalendarDate()> today;
};

class Session {
public:
    using Wiper = std::function<void(ResetReason)>;

    // `card` may be null: a kiosk without a reader offers no card feature; `tickets` null: no
    // ticket feature; `applications` null (or no tickets): no forms; `forms_printer` null: the
    // kiosk has no A4 printer and the counter prints the forms.
    Session(SessionSettings settings, Clock::time_point now, CardPort* card = nullptr, TicketPort* tickets = nullptr,
            ApplicationPort* applications = nullptr, FormsPrintPort* forms_printer = nullptr);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void apply(const Intent& intent, Clock::time_point now);
    void on_card(CardUpdate update, Clock::time_point now);
    void on_ticket(TicketUpdate update, Clock::time_point now);
    void on_forms_printed(FormsPrintUpdate update);
    // Any touch or key counts as the citizen being there, except while the countdown asks them
    // to confirm it explicitly.
    void note_activity(Clock::time_point now);
    void tick(Clock::time_point now);
    // When tick() must next run for the countdown to be shown and to expire on time.
    std::optional<Clock::time_point> next_deadline(Clock::time_point now) const;

    ScreenId screen() const { return m_screen; }
    const std::string& language() const { return m_language; }
    bool in_session() const { return m_screen != ScreenId::attract; }
    // Whole seconds left before the reset, while the countdown dialog is up.
    std::optional<int> countdown_seconds(Clock::time_point now) const;
    std::uint64_t resets() const { return m_resets; }

    bool card_available() const { return m_card != nullptr; }
    int tries_left() const { return m_tries_left; }
    CardProblem card_problem() const { return m_problem; }
    std::size_t pin_length() const { return m_pin.length(); }
    const std::array<int, 10>& pin_pad_order() const { return m_pin_pad_order; }
    bool tickets_available() const { return m_tickets != nullptr; }
    bool assisted() const { return m_settings.assisted; }
    bool priority_tickets() const { return m_settings.priority_tickets; }
    const std::vector<ServiceChoice>& services() const { return m_services; }
    const std::optional<IssuedTicket>& ticket() const { return m_ticket; }
    // The services, other than the ticket's, whose chosen forms travel with the ticket: its
    // counter transfers the citizen on.
    std::span<const ServiceChoice> forms_elsewhere() const { return m_forms_elsewhere; }
    TicketError ticket_error() const { return m_ticket_error; }
    bool forms_offered() const;
    std::span<const FormChoice> form_choices() const { return m_forms.choices(); }
    std::span<const ReviewForm> form_review() const { return m_forms.review(); }
    const FormsFlow& forms() const { return m_forms; }
    // The filled forms could not be queued with the ticket: the counter must be told.
    bool application_failed() const { return m_application_failed; }
    FormsPrint forms_print() const { return m_forms_print; }

    // The card's data while the session holds it, else null.
    const card::PersonalAttributes* attributes() const { return m_attributes.get(); }
    // The individual number, read only when a chosen form needs it and held until the forms
    // are queued with the ticket; else null.
    const card::IndividualNumber* individual_number() const { return m_number.get(); }
    // True while any byte of personal data (PIN digits, card attributes, filled forms) is held.
    bool holds_personal_data() const;

    void add_wiper(Wiper wiper);
    void reset(ResetReason reason, Clock::time_point now);

private:
    bool countdown_showing(Clock::time_point now) const;
    void apply_card_intent(const Intent& intent);
    bool apply_ticket_intent(const Intent& intent);
    bool apply_forms_intent(const Intent& intent);
    bool apply_answer_intent(const Intent& intent);
    void show_review();
    void ask_questions();
    void release_card();
    void wipe_number();
    void show_services();
    void ticket_for_forms();
    void file_application();
    void request_ticket(bool priority);
    void start_pin_entry();
    void card_failed(card::CardError error, Clock::time_point now);

    SessionSettings m_settings;
    CardPort* m_card;
    TicketPort* m_tickets;
    ApplicationPort* m_applications;
    FormsPrintPort* m_forms_printer;
    ScreenId m_screen = ScreenId::attract;
    std::string m_language;
    Clock::time_point m_last_activity;
    std::vector<Wiper> m_wipers;
    std::uint64_t m_resets = 0;

    bool m_card_present = false;
    int m_tries_left = 0;
    CardProblem m_problem = CardProblem::none;
    PinEntry m_pin;
    std::array<int, 10> m_pin_pad_order{1, 2, 3, 4, 5, 6, 7, 8, 9, 0};
    std::shared_ptr<card::PersonalAttributes> m_attributes;
    std::shared_ptr<card::IndividualNumber> m_number;
    // The card could not give the number (taken away, or an error): the form leaves it for the
    // counter rather than ask again.
    bool m_number_unreadable = false;

    std::vector<ServiceChoice> m_services;
    std::string m_chosen_service;
    // The forms chose the service, so the service screen was never shown.
    bool m_service_from_forms = false;
    std::vector<ServiceChoice> m_forms_elsewhere;
    std::optional<IssuedTicket> m_ticket;
    TicketError m_ticket_error = TicketError::printer_failed;

    FormsFlow m_forms;
    bool m_forms_confirmed = false;
    bool m_application_failed = false;
    FormsPrint m_forms_print = FormsPrint::none;
    // Never reused, so that a print result from an ended session matches no later request.
    std::uint64_t m_forms_print_request = 0;
};

}  // namespace madoguchi
