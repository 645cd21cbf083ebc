#include "counter_terminal.hpp"

#include <algorithm>

#include "drivers/card/my_number_data.hpp"
#include "ticket_qr.hpp"

namespace madoguchi {
namespace {

template <typename... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};

bool counter_id_character(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '_'; }

bool starts_character(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

std::size_t characters(std::string_view utf8) {
    return static_cast<std::size_t>(std::ranges::count_if(utf8, starts_character));
}

}  // namespace

CounterTerminal::CounterTerminal(CounterDesk& desk, std::vector<ServiceChoice> services, std::string language,
                                 CounterForms* forms, std::function<void()> wipe_shown)
    : m_desk(desk),
      m_services(std::move(services)),
      m_language(std::move(language)),
      m_forms(forms),
      m_wipe_shown(std::move(wipe_shown)) {}

CounterTerminal::~CounterTerminal() {
    card::wipe_string(m_scan);
    card::wipe_string(m_note);
}

ScreenId counter_screen(const CounterPicture& picture) {
    switch (picture.stage) {
        case CounterStage::login: return ScreenId::counter_login;
        case CounterStage::choose_counter: return ScreenId::counter_setup;
        case CounterStage::working: break;
    }
    if (picture.transferring && picture.ticket) {
        return ScreenId::counter_transfer;
    }
    return picture.viewing_forms && !picture.forms.empty() ? ScreenId::counter_forms : ScreenId::counter_working;
}

CounterPicture CounterTerminal::picture(Clock::time_point now) const {
    CounterPicture picture;
    picture.stage = m_desk.stage();
    picture.notice = m_desk.notice();
    picture.waiting_for_server = m_desk.waiting_for_server();
    picture.connected = m_desk.queue().connected();
    picture.staff_id = m_desk.staff_id();
    picture.password_length = m_desk.password_length();
    picture.field = m_field;
    picture.shifted = m_shift;
    picture.counter = m_desk.counter();
    picture.counter_entry = m_counter_entry;
    picture.chosen_services = m_desk.services();
    picture.transferring = m_transferring;
    picture.transfer_service = m_transfer_service;
    picture.transfer_counter = m_transfer_counter;
    picture.transfer_note = m_note;
    picture.counters = m_desk.counters();
    picture.note = m_desk.note();
    picture.ticket = m_desk.ticket();
    picture.transferred = m_desk.transferred();
    picture.waiting = m_desk.waiting_counts();
    picture.no_show_allowed = m_desk.no_show_allowed(now);
    picture.camera = m_camera;
    if (m_forms != nullptr) {
        picture.forms_available = true;
        picture.forms_busy = m_forms->busy();
        picture.forms_notice = m_forms->notice();
        picture.forms_ticket = m_forms->ticket_id();
        if (const auto& ticket = m_desk.ticket(); ticket && ticket->id == m_forms->ticket_id()) {
            picture.forms_ticket = ticket->number;
        }
        for (const FormDefinition* form : m_forms->forms()) {
            picture.forms.push_back({form->title, form->title_en});
        }
        picture.viewing_forms = m_viewing_forms;
    }
    if (const auto allowed_at = m_desk.next_deadline(now)) {
        picture.no_show_wait_seconds =
            static_cast<int>(std::chrono::ceil<std::chrono::seconds>(*allowed_at - now).count());
    }
    return picture;
}

void CounterTerminal::tick(Clock::time_point) {
    // The desk may end the staff session itself (the server answered 401): the forms go with it.
    if (m_desk.stage() != CounterStage::working && m_forms != nullptr && m_forms->holds_personal_data()) {
        close_forms();
    }
}

std::optional<Clock::time_point> CounterTerminal::next_deadline(Clock::time_point now) const {
    const auto allowed_at = m_desk.next_deadline(now);
    if (!allowed_at) {
        return std::nullopt;
    }
    return std::min(*allowed_at, now + std::chrono::seconds(1));
}

View CounterTerminal::view(const Translator& translator, Clock::time_point now) const {
    View view;
    view.counter = picture(now);
    view.screen = counter_screen(*view.counter);
    view.translator = &translator;
    view.language = m_language;
    view.languages = translator.languages();
    view.services = m_services;
    if (m_forms != nullptr) {
        view.form_review = m_forms->review();
    }
    view.now = now;
    return view;
}

void CounterTerminal::apply(const Intent& intent, Clock::time_point now) {
    std::visit(Overloaded{
                   [&](const intent::ChooseLanguage& choice) { m_language = choice.language; },
                   [&](const intent::StaffField& field) {
                       m_field = field.password ? LoginField::password : LoginField::staff_id;
                   },
                   [&](const intent::TypeText& typed) { type(typed.text); },
                   [&](const intent::EraseText&) { erase(); },
                   [&](const intent::SubmitText&) { submit(now); },
                   [&](const intent::ShiftKeys&) { m_shift = !m_shift; },
                   [&](const intent::LogIn&) {
                       m_desk.log_in();
                       // Right or wrong, the password is gone once sent; a retry types it again.
                       m_field = LoginField::password;
                       m_shift = false;
                   },
                   [&](const intent::LogOut&) { log_out(); },
                   [&](const intent::ToggleCounterService& toggle) { m_desk.toggle_service(toggle.service); },
                   [&](const intent::OpenCounter&) {
                       if (!m_counter_entry.empty()) {
                           m_desk.choose_counter(m_counter_entry);
                       }
                       m_desk.open_counter();
                   },
                   [&](const intent::CallNext&) {
                       end_transfer();
                       m_desk.call_next();
                   },
                   [&](const intent::Recall&) { m_desk.recall(); },
                   [&](const intent::NoShow&) {
                       // What the screens drew of the note goes with the ticket.
                       if (m_wipe_shown) {
                           m_wipe_shown();
                       }
                       m_desk.no_show(now);
                   },
                   [&](const intent::FinishTicket&) {
                       close_forms();
                       m_desk.finish();
                   },
                   [&](const intent::StartTransfer&) { start_transfer(); },
                   [&](const intent::ChooseTransfer& choice) {
                       auto& chosen = choice.counter.empty() ? m_transfer_service : m_transfer_counter;
                       const std::string& picked = choice.counter.empty() ? choice.service : choice.counter;
                       chosen = chosen == picked ? std::string() : picked;
                   },
                   [&](const intent::TransferTo& target) {
                       if (m_transferring) {
                           close_forms();
                           m_desk.transfer(target.service, target.counter, m_note);
                           end_transfer();
                       }
                   },
                   [&](const intent::Back&) {
                       end_transfer();
                       m_viewing_forms = false;
                   },
                   [&](const intent::ViewForms&) {
                       m_viewing_forms = m_forms != nullptr && !m_forms->forms().empty();
                   },
                   [&](const intent::PrintForms&) {
                       if (m_forms != nullptr) {
                           m_forms->print();
                       }
                   },
                   [&](const intent::CloseForms&) { close_forms(); },
                   [&](const auto&) {},
               },
               intent);
}

void CounterTerminal::start_transfer() {
    end_transfer();
    m_transferring = m_desk.ticket().has_value();
    if (m_transferring) {
        // Room for the longest note, so typing never leaves an unwiped copy behind.
        m_note.reserve(k_max_transfer_note * 4);
        m_desk.load_counters();
    }
}

void CounterTerminal::end_transfer() {
    m_transferring = false;
    m_transfer_service.clear();
    m_transfer_counter.clear();
    if (!m_note.empty() && m_wipe_shown) {
        // The transfer screen drew the note as free text.
        m_wipe_shown();
    }
    card::wipe_string(m_note);
    m_note.clear();
}

void CounterTerminal::type_note(std::string_view text) {
    // Whole characters only, and no control characters: the server refuses those.
    std::size_t count = characters(m_note);
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = 1;
        while (i + length < text.size() && !starts_character(text[i + length])) {
            ++length;
        }
        const auto lead = static_cast<unsigned char>(text[i]);
        const bool control = lead < 0x20 || lead == 0x7f || (lead == 0xC2 && length == 2 &&
                                                             static_cast<unsigned char>(text[i + 1]) < 0xA0);
        if (!control && count < k_max_transfer_note && m_note.size() + length <= m_note.capacity()) {
            m_note.append(text.substr(i, length));
            ++count;
        }
        i += length;
    }
}

void CounterTerminal::erase_note() {
    while (!m_note.empty()) {
        const char last = m_note.back();
        m_note.back() = '\0';
        m_note.pop_back();
        if (starts_character(last)) {
            break;
        }
    }
}

void CounterTerminal::type(std::string_view text) {
    if (m_transferring && m_desk.ticket()) {
        type_note(text);
        return;
    }
    for (const char c : text) {
        switch (m_desk.stage()) {
            case CounterStage::login:
                if (m_field == LoginField::staff_id) {
                    m_desk.type_staff_id(c);
                } else {
                    m_desk.type_password(c);
                }
                break;
            case CounterStage::choose_counter:
                if (counter_id_character(c) && m_counter_entry.size() < k_max_counter_id) {
                    m_counter_entry.push_back(c);
                }
                break;
            case CounterStage::working:
                if (m_scan.size() < CounterForms::k_max_scan) {
                    m_scan.push_back(c);
                } else {
                    m_scan_overflow = true;
                }
                break;
        }
    }
}

void CounterTerminal::erase() {
    if (m_transferring && m_desk.ticket()) {
        erase_note();
        return;
    }
    switch (m_desk.stage()) {
        case CounterStage::login:
            if (m_field == LoginField::staff_id) {
                m_desk.erase_staff_id();
            } else {
                m_desk.erase_password();
            }
            break;
        case CounterStage::choose_counter:
            if (!m_counter_entry.empty()) {
                m_counter_entry.pop_back();
            }
            break;
        case CounterStage::working: break;
    }
}

void CounterTerminal::submit(Clock::time_point now) {
    switch (m_desk.stage()) {
        case CounterStage::login:
            if (m_field == LoginField::staff_id) {
                m_field = LoginField::password;
            } else {
                apply(intent::LogIn{}, now);
            }
            break;
        case CounterStage::choose_counter: apply(intent::OpenCounter{}, now); break;
        case CounterStage::working:
            if (m_transferring) {
                break;  // Enter in the note does not send the transfer: a choice may be missing.
            }
            if (!m_scan.empty()) {
                // A scan cut short is refused as unreadable rather than read in part.
                open_scan(m_scan_overflow ? std::string_view{} : std::string_view(m_scan));
            }
            card::wipe_string(m_scan);
            m_scan.clear();
            m_scan_overflow = false;
            break;
    }
}

void CounterTerminal::open_scan(std::string_view text) {
    if (m_forms == nullptr) {
        return;
    }
    // The forms open now go, whatever the scan turns out to be.
    close_forms();
    m_forms->open_scanned(text);
}

void CounterTerminal::camera_scanned(std::string_view text) {
    if (m_desk.stage() != CounterStage::working || m_transferring || m_viewing_forms || m_forms == nullptr) {
        return;
    }
    // A camera sees whatever lies on the desk, not only what staff hold up: a QR code that is no
    // ticket's is not a failed scan, and the ticket whose forms are open does not open them again
    // (another audited read). Both are only dropped; the signature is checked in open_scanned.
    const auto qr = parse_ticket_qr(text);
    if (!qr || qr->ticket_id == m_forms->ticket_id()) {
        return;
    }
    open_scan(text);
}

void CounterTerminal::close_forms() {
    m_viewing_forms = false;
    if (m_forms != nullptr) {
        m_forms->close();
    }
    if (m_wipe_shown) {
        m_wipe_shown();
    }
}

void CounterTerminal::log_out() {
    close_forms();
    card::wipe_string(m_scan);
    m_scan.clear();
    m_desk.log_out();
    m_field = LoginField::staff_id;
    m_shift = false;
    m_counter_entry.clear();
    end_transfer();
}

}  // namespace madoguchi
