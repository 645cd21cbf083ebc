#include "session.hpp"

#include <algorithm>
#include <random>

#include "log.hpp"

namespace madoguchi {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};

const char* reason_name(ResetReason reason) {
    switch (reason) {
        case ResetReason::finished: return "finished";
        case ResetReason::idle_timeout: return "idle_timeout";
        case ResetReason::card_removed: return "card_removed";
    }
    return "unknown";
}


bool is_card_screen(ScreenId screen) {
    switch (screen) {
        case ScreenId::card_place:
        case ScreenId::card_working:
        case ScreenId::card_pin:
        case ScreenId::card_summary:
        case ScreenId::card_blocked:
        case ScreenId::card_problem:
        case ScreenId::card_take: return true;
        default: return false;
    }
}

}  // namespace

Session::Session(SessionSettings settings, Clock::time_point now, CardPort* card, TicketPort* tickets,
                 ApplicationPort* applications, FormsPrintPort* forms_printer)
    : m_settings(std::move(settings)),
      m_card(card),
      m_tickets(tickets),
      m_applications(applications),
      m_forms_printer(forms_printer),
      m_language(m_settings.default_language),
      m_last_activity(now),
      m_forms(m_settings.forms) {
    add_wiper([this](ResetReason) {
        m_forms.wipe();
        m_forms_confirmed = false;
        m_application_failed = false;
        m_forms_print = FormsPrint::none;
    });
}

Session::~Session() {
    if (m_attributes) {
        m_attributes->wipe();
    }
    wipe_number();
}

void Session::apply(const Intent& intent, Clock::time_point now) {
    std::visit(Overloaded{
                   [&](const intent::Start&) {
                       if (m_screen == ScreenId::attract) {
                           m_screen = ScreenId::menu;
                           log::info("session_started");
                       }
                   },
                   [&](const intent::ChooseLanguage& choice) {
                       if (std::ranges::find(m_settings.languages, choice.language) != m_settings.languages.end()) {
                           m_language = choice.language;
                       }
                   },
                   [&](const intent::Back&) {
                       if (m_screen == ScreenId::menu) {
                           reset(ResetReason::finished, now);
                       } else if (!apply_forms_intent(intent) && !apply_ticket_intent(intent)) {
                           apply_card_intent(intent);
                       }
                   },
                   [&](const intent::StillHere&) {},
                   [&](const intent::EndSession&) { reset(ResetReason::finished, now); },
                   [&](const auto&) {
                       if (!apply_forms_intent(intent) && !apply_ticket_intent(intent)) {
                           apply_card_intent(intent);
                       }
                   },
               },
               intent);
    m_last_activity = now;
}

void Session::apply_card_intent(const Intent& intent) {
    if (m_card == nullptr) {
        return;
    }
    std::visit(Overloaded{
                   [&](const intent::ReadCard&) {
                       if (m_screen != ScreenId::menu) {
                           return;
                       }
                       m_problem = CardProblem::none;
                       if (m_card_present) {
                           m_screen = ScreenId::card_working;
                           m_card->check();
                       } else {
                           m_screen = ScreenId::card_place;
                       }
                   },
                   [&](const intent::PinDigit& digit) {
                       if (m_screen == ScreenId::card_pin) {
                           m_pin.add(digit.digit);
                       }
                   },
                   [&](const intent::PinBackspace&) {
                       if (m_screen == ScreenId::card_pin) {
                           m_pin.backspace();
                       }
                   },
                   [&](const intent::PinSubmit&) {
                       if (m_screen != ScreenId::card_pin || !m_pin.complete()) {
                           return;
                       }
                       if (std::optional<card::Pin> pin = m_pin.take()) {
                           m_screen = ScreenId::card_working;
                           m_card->read(std::move(*pin));
                       }
                   },
                   [&](const intent::CardDone&) {
                       if (m_screen != ScreenId::card_summary) {
                           return;
                       }
                       if (forms_offered()) {
                           m_screen = ScreenId::forms_choose;
                       } else {
                           release_card();
                           m_screen = ScreenId::card_take;
                       }
                   },
                   [&](const intent::Back&) {
                       m_pin.wipe();
                       // With the card still in the reader the citizen must first take it back.
                       m_screen = m_card_present ? ScreenId::card_take : ScreenId::menu;
                   },
                   [&](const auto&) {},
               },
               intent);
}

// True when the intent belonged to the ticket flow (whether or not it changed anything).
bool Session::apply_ticket_intent(const Intent& intent) {
    if (m_tickets == nullptr) {
        return false;
    }
    return std::visit(
        Overloaded{
            [&](const intent::TakeTicket&) {
                if (m_screen == ScreenId::menu) {
                    show_services();
                }
                return true;
            },
            [&](const intent::ChooseService& choice) {
                const auto found = std::ranges::find(m_services, choice.service, &ServiceChoice::id);
                if (m_screen != ScreenId::ticket_service || found == m_services.end() || !found->open) {
                    return true;
                }
                m_chosen_service = choice.service;
                if (m_settings.priority_tickets) {
                    m_screen = ScreenId::ticket_priority;
                } else {
                    request_ticket(false);
                }
                return true;
            },
            [&](const intent::ChoosePriority& choice) {
                if (m_screen == ScreenId::ticket_priority) {
                    request_ticket(choice.priority);
                }
                return true;
            },
            [&](const intent::TicketDone&) {
                if (m_screen != ScreenId::ticket_take) {
                    return true;
                }
                if (m_attributes) {
                    // Came through the card: the session ends once the card is back with its owner.
                    if (m_card_present) {
                        m_screen = ScreenId::card_take;
                    } else {
                        reset(ResetReason::finished, m_last_activity);
                    }
                } else {
                    m_screen = ScreenId::menu;
                }
                return true;
            },
            [&](const intent::Back&) {
                if ((m_screen == ScreenId::ticket_service || m_screen == ScreenId::ticket_problem) && m_forms_confirmed) {
                    m_forms_confirmed = false;
                    m_screen = ScreenId::forms_review;
                    return true;
                }
                switch (m_screen) {
                    case ScreenId::ticket_service:
                    case ScreenId::ticket_problem: m_screen = ScreenId::menu; return true;
                    case ScreenId::ticket_priority:
                        if (m_service_from_forms) {
                            m_forms_confirmed = false;
                            m_screen = ScreenId::forms_review;
                        } else {
                            m_screen = ScreenId::ticket_service;
                        }
                        return true;
                    // The job is under way: its outcome decides the next screen.
                    case ScreenId::ticket_printing:
                    case ScreenId::ticket_take: return true;
                    default: return false;
                }
            },
            [&](const auto&) { return false; },
        },
        intent);
}

void Session::show_services() {
    m_services = m_settings.ticket_menu ? m_settings.ticket_menu() : std::vector<ServiceChoice>{};
    m_ticket.reset();
    m_service_from_forms = false;
    m_forms_elsewhere.clear();
    m_screen = ScreenId::ticket_service;
}

// The forms say where they are handled: the ticket is for the first chosen form's service when
// it takes tickets now; otherwise the service screen stays up, showing closed services' hours.
void Session::ticket_for_forms() {
    const auto first = std::ranges::find_if(m_forms.choices(), &FormChoice::chosen);
    if (first == m_forms.choices().end()) {
        return;
    }
    const auto service = std::ranges::find(m_services, first->form->service, &ServiceChoice::id);
    if (service == m_services.end() || !service->open) {
        return;
    }
    m_chosen_service = service->id;
    m_service_from_forms = true;
    if (m_settings.priority_tickets) {
        m_screen = ScreenId::ticket_priority;
    } else {
        request_ticket(false);
    }
}

bool Session::forms_offered() const {
    return m_applications != nullptr && m_tickets != nullptr && m_forms.offered();
}

// True when the intent belonged to the forms flow.
bool Session::apply_forms_intent(const Intent& intent) {
    if (!forms_offered()) {
        return false;
    }
    return std::visit(
        Overloaded{
            [&](const intent::ToggleForm& toggle) {
                if (m_screen == ScreenId::forms_choose) {
                    m_forms.toggle(toggle.form);
                }
                return true;
            },
            [&](const intent::FormsChosen&) {
                if (m_screen != ScreenId::forms_choose || !m_forms.any_chosen()) {
                    return true;
                }
                if (!m_forms.needs_individual_number()) {
                    wipe_number();
                } else if (!m_number && !m_number_unreadable && m_card != nullptr && m_attributes) {
                    m_screen = ScreenId::forms_number;
                    m_card->read_individual_number();
                    return true;
                }
                ask_questions();
                return true;
            },
            [&](const intent::CorrectField& field) {
                if (m_screen == ScreenId::forms_review && m_forms.correct(field.form, field.field)) {
                    m_screen = ScreenId::forms_extras;
                }
                return true;
            },
            [&](const intent::SkipForms&) {
                if (m_screen == ScreenId::forms_choose) {
                    release_card();
                    m_forms.wipe();
                    m_screen = m_card_present ? ScreenId::card_take : ScreenId::menu;
                }
                return true;
            },
            [&](const intent::ConfirmForms&) {
                if (m_screen == ScreenId::forms_review) {
                    // The forms are final: nothing more is read from the card.
                    release_card();
                    m_forms_confirmed = true;
                    show_services();
                    ticket_for_forms();
                }
                return true;
            },
            [&](const intent::Back&) {
                if (m_screen == ScreenId::forms_choose) {
                    m_screen = ScreenId::card_summary;
                    return true;
                }
                if (m_screen == ScreenId::forms_review) {
                    m_screen = ScreenId::forms_choose;
                    return true;
                }
                return apply_answer_intent(intent);
            },
            [&](const auto&) { return apply_answer_intent(intent); },
        },
        intent);
}

void Session::ask_questions() {
    if (m_forms.ask(m_settings.today ? m_settings.today() : local_today())) {
        m_screen = ScreenId::forms_extras;
    } else {
        show_review();
    }
}

void Session::release_card() {
    if (m_card != nullptr) {
        m_card->release();
    }
}

void Session::wipe_number() {
    if (m_number) {
        m_number->wipe();
        m_number.reset();
    }
}

// The review is built from the answers and the card each time it is shown.
void Session::show_review() {
    Profile profile;
    profile.card = m_attributes.get();
    profile.individual_number = m_number.get();
    profile.today = m_settings.today ? m_settings.today() : local_today();
    if (m_attributes && m_settings.name_reading) {
        profile.name_kana = m_settings.name_reading(m_attributes->name);
    }
    if (auto prepared = m_forms.prepare(profile); !prepared) {
        // The card's own data failed a field's check: the review shows that field empty.
        log::warn("form_prefill_failed", {{"form", prepared.error().form}, {"field", prepared.error().field}});
        profile.card = nullptr;
        profile.individual_number = nullptr;
        (void)m_forms.prepare(profile);
    }
    m_screen = ScreenId::forms_review;
}

// True when the intent belonged to the questions beyond the card.
bool Session::apply_answer_intent(const Intent& intent) {
    if (m_screen != ScreenId::forms_extras) {
        return false;
    }
    AnswerEditor& editor = m_forms.editor();
    // After an answer is kept or left out: the next question, or the review.
    const auto go_on = [&] {
        if (m_forms.correcting()) {
            m_forms.stop_correcting();
            show_review();
        } else if (!m_forms.next()) {
            show_review();
        }
    };
    return std::visit(Overloaded{
                          [&](const intent::AnswerKey& key) { editor.key(key.text); return true; },
                          [&](const intent::AnswerMark& mark) { editor.mark(mark.mark); return true; },
                          [&](const intent::AnswerBackspace&) { editor.backspace(); return true; },
                          [&](const intent::AnswerKeyboard& keyboard) { editor.set_mode(keyboard.mode); return true; },
                          [&](const intent::AnswerOption& option) { editor.choose(option.option); return true; },
                          [&](const intent::AnswerDate& date) {
                              editor.set_date({date.era, date.year, date.month, date.day});
                              return true;
                          },
                          [&](const intent::AnswerDone&) {
                              if (m_forms.accept()) {
                                  go_on();
                              }
                              return true;
                          },
                          [&](const intent::AnswerSkip&) {
                              m_forms.skip();
                              go_on();
                              return true;
                          },
                          [&](const intent::Back&) {
                              if (m_forms.correcting()) {
                                  m_forms.stop_correcting();
                                  m_screen = ScreenId::forms_review;
                              } else if (!m_forms.previous()) {
                                  m_screen = ScreenId::forms_choose;
                              }
                              return true;
                          },
                          [&](const auto&) { return false; },
                      },
                      intent);
}

void Session::file_application() {
    auto filed = m_applications->submit(m_ticket->id, m_forms.filled(), m_language);
    m_application_failed = !filed.has_value();
    if (!filed) {
        log::warn("application_not_queued", {{"ticket", m_ticket->id}, {"detail", filed.error().message}});
    }
    // Printed even when the outbox failed: the citizen then carries the only copy to the counter.
    if (m_forms_printer != nullptr && !m_forms.filled().empty()) {
        m_forms_print = FormsPrint::printing;
        m_forms_printer->print(++m_forms_print_request, m_forms.take_filled());
    }
    m_forms.wipe();
    wipe_number();
    m_forms_confirmed = false;
}

void Session::request_ticket(bool priority) {
    m_forms_elsewhere.clear();
    for (const FormChoice& choice : m_forms.choices()) {
        const std::string& service = choice.form->service;
        if (!m_forms_confirmed || !choice.chosen || service == m_chosen_service ||
            std::ranges::find(m_forms_elsewhere, service, &ServiceChoice::id) != m_forms_elsewhere.end()) {
            continue;
        }
        const auto known = std::ranges::find(m_services, service, &ServiceChoice::id);
        m_forms_elsewhere.push_back(known != m_services.end() ? *known : ServiceChoice{service, service, service, false, ""});
    }
    m_screen = ScreenId::ticket_printing;
    m_tickets->issue(TicketRequest{m_chosen_service, priority, m_language, m_settings.assisted});
}

void Session::on_ticket(TicketUpdate update, Clock::time_point now) {
    if (m_screen != ScreenId::ticket_printing) {
        // The session ended meanwhile (idle timeout): the ticket was printed for nobody at
        // the screen, and stays in the queue like one taken and forgotten.
        return;
    }
    std::visit(Overloaded{
                   [&](ticket_update::Printed& printed) {
                       m_ticket = std::move(printed.ticket);
                       m_screen = ScreenId::ticket_take;
                       if (m_forms_confirmed) {
                           file_application();
                       }
                   },
                   [&](const ticket_update::Failed& failed) {
                       m_ticket_error = failed.error;
                       m_screen = ScreenId::ticket_problem;
                   },
               },
               update);
    m_last_activity = now;
}

void Session::on_forms_printed(FormsPrintUpdate update) {
    // A result for an earlier session, or one that ended meanwhile, is nobody's to show.
    if (m_forms_print != FormsPrint::printing || update.request != m_forms_print_request) {
        return;
    }
    m_forms_print = update.printed ? FormsPrint::printed : FormsPrint::failed;
}

void Session::start_pin_entry() {
    m_pin.wipe();
    m_screen = ScreenId::card_pin;
    m_pin_pad_order = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0};
    if (m_settings.shuffle_pin_pad) {
        // A layout that changes every time keeps fingerprints on the glass from giving the PIN away.
        std::random_device entropy;
        std::mt19937 generator(entropy());
        std::ranges::shuffle(m_pin_pad_order, generator);
    }
}

void Session::card_failed(card::CardError error, Clock::time_point now) {
    if (error == card::CardError::removed || error == card::CardError::no_card) {
        on_card(card_update::Removed{}, now);
        return;
    }
    log::warn("card_failed", {{"error", std::string(card::card_error_name(error))}});
    m_problem = error == card::CardError::not_my_number_card ? CardProblem::not_my_number_card
                : error == card::CardError::no_reader || error == card::CardError::no_service
                    ? CardProblem::no_reader
                    : CardProblem::unreadable;
    m_screen = ScreenId::card_problem;
}

void Session::on_card(CardUpdate update, Clock::time_point now) {
    std::visit(Overloaded{
                   [&](const card_update::Inserted&) {
                       m_card_present = true;
                       if (m_screen == ScreenId::card_place) {
                           m_screen = ScreenId::card_working;
                           m_card->check();
                       }
                   },
                   [&](const card_update::Removed&) {
                       m_card_present = false;
                       if (is_card_screen(m_screen) && m_screen != ScreenId::card_place) {
                           reset(m_screen == ScreenId::card_take ? ResetReason::finished : ResetReason::card_removed,
                                 now);
                       }
                   },
                   [&](const card_update::Checked& checked) {
                       if (m_screen != ScreenId::card_working) {
                           return;
                       }
                       m_tries_left = checked.tries_left;
                       if (checked.tries_left <= 0) {
                           m_screen = ScreenId::card_blocked;
                       } else {
                           start_pin_entry();
                       }
                   },
                   [&](const card_update::PinWrong& wrong) {
                       if (m_screen != ScreenId::card_working) {
                           return;
                       }
                       m_tries_left = wrong.tries_left;
                       m_problem = CardProblem::wrong_pin;
                       start_pin_entry();
                   },
                   [&](const card_update::Blocked&) {
                       if (m_screen == ScreenId::card_working) {
                           m_tries_left = 0;
                           m_screen = ScreenId::card_blocked;
                       }
                   },
                   [&](const card_update::Read& read) {
                       if (m_screen != ScreenId::card_working || !read.attributes) {
                           if (read.attributes) {
                               read.attributes->wipe();
                           }
                           return;
                       }
                       m_attributes = read.attributes;
                       m_problem = CardProblem::none;
                       m_screen = ScreenId::card_summary;
                       log::info("card_read");
                   },
                   [&](card_update::NumberRead& read) {
                       if (m_screen != ScreenId::forms_number || !read.number) {
                           if (read.number) {
                               read.number->wipe();
                           }
                           return;
                       }
                       m_number = std::move(read.number);
                       log::info("individual_number_read");
                       ask_questions();
                   },
                   [&](const card_update::Failed& failed) {
                       if (m_screen == ScreenId::card_working) {
                           card_failed(failed.error, now);
                       } else if (m_screen == ScreenId::forms_number) {
                           log::warn("individual_number_unread",
                                     {{"error", std::string(card::card_error_name(failed.error))}});
                           m_number_unreadable = true;
                           ask_questions();
                       }
                   },
               },
               update);
    // A card placed or taken is the citizen at the kiosk.
    m_last_activity = now;
}

void Session::note_activity(Clock::time_point now) {
    if (!countdown_showing(now)) {
        m_last_activity = now;
    }
}

bool Session::countdown_showing(Clock::time_point now) const {
    return in_session() && now - m_last_activity >= m_settings.idle_timeout;
}

void Session::tick(Clock::time_point now) {
    if (in_session() && now - m_last_activity >= m_settings.idle_timeout + m_settings.idle_countdown) {
        reset(ResetReason::idle_timeout, now);
    }
}

std::optional<Clock::time_point> Session::next_deadline(Clock::time_point now) const {
    if (!in_session()) {
        return std::nullopt;
    }
    const Clock::time_point countdown_start = m_last_activity + m_settings.idle_timeout;
    if (now < countdown_start) {
        return countdown_start;
    }
    // While counting down, wake on each whole second so that the number on screen changes.
    const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - countdown_start);
    return std::min(countdown_start + elapsed + std::chrono::seconds(1),
                    countdown_start + m_settings.idle_countdown);
}

std::optional<int> Session::countdown_seconds(Clock::time_point now) const {
    if (!countdown_showing(now)) {
        return std::nullopt;
    }
    const auto left = m_last_activity + m_settings.idle_timeout + m_settings.idle_countdown - now;
    const auto whole = std::chrono::ceil<std::chrono::seconds>(left).count();
    return static_cast<int>(std::max<std::int64_t>(whole, 0));
}

bool Session::holds_personal_data() const {
    return m_pin.length() > 0 || m_attributes != nullptr || m_number != nullptr || m_forms.holds_personal_data();
}

void Session::add_wiper(Wiper wiper) { m_wipers.push_back(std::move(wiper)); }

void Session::reset(ResetReason reason, Clock::time_point now) {
    m_pin.wipe();
    if (m_attributes) {
        m_attributes->wipe();
        m_attributes.reset();
    }
    wipe_number();
    m_number_unreadable = false;
    release_card();
    for (const Wiper& wiper : m_wipers) {
        wiper(reason);
    }
    m_screen = ScreenId::attract;
    m_language = m_settings.default_language;
    m_problem = CardProblem::none;
    m_tries_left = 0;
    m_services.clear();
    m_chosen_service.clear();
    m_service_from_forms = false;
    m_forms_elsewhere.clear();
    m_ticket.reset();
    m_last_activity = now;
    ++m_resets;
    log::info("session_reset", {{"reason", reason_name(reason)}});
}

}  // namespace madoguchi
