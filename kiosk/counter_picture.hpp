#pragma once
// What the counter's screens draw from: the desk's state and the screens' own (which field the
// keys type into, the counter id being typed), copied for one frame like the rest of the View.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "camera_status.hpp"
#include "display_board.hpp"
#include "queue_messages.hpp"

namespace madoguchi {

enum class CounterStage { login, choose_counter, working };

// Longest transfer note, in characters (the server's limit too).
inline constexpr std::size_t k_max_transfer_note = 200;

// What the last request came to, for the screen to say plainly.
enum class CounterNotice {
    none,
    nobody_waiting,    // call next: no one waits for this counter's services
    server_away,       // no answer: network or server down
    wrong_login,       // staff id or password wrong
    locked_out,        // too many wrong passwords for this staff id
    forbidden,         // 403: this terminal may not do that (not a counter, another site)
    login_expired,     // 401 on an action: the staff session ended, log in again
    counter_busy,      // call next refused: this counter still holds a ticket
    ticket_gone,       // the ticket was finished or taken elsewhere meanwhile
    wrong_state,       // the ticket is not in a state that allows the action
    too_early,         // no-show before the configured minutes since the call
    unknown_service,   // transfer to a service the server does not know
    unknown_counter,   // transfer to a counter that has not worked at this site today
    bad_note,          // the server refused the transfer's note (too long, control characters)
    server_fault,      // 5xx or an answer that cannot be read
};

// What reading a ticket's QR and its forms came to (kiosk/counter_forms).
enum class FormsNotice {
    none,
    unreadable,      // the scan is not a ticket's QR, or came through garbled
    offline,         // an offline kiosk's ticket: its signature cannot be checked here
    other_site,      // a ticket of another office
    unknown_key,     // signed with a key the server does not publish
    forged,          // the signature does not verify
    not_logged_in,   // scanned before a counter was open
    server_away,
    no_application,  // the ticket carries no forms (none filled at the kiosk, or already deleted)
    sealed,          // the application does not open with this site's key for this ticket
    unusable,        // opened, but forms this terminal does not have or values that fail their checks
    server_fault,
    no_printer,      // CUPS knows no A4 printer
    print_failed,
    printed,
};

enum class LoginField { staff_id, password };

struct CounterPicture {
    CounterStage stage = CounterStage::login;
    CounterNotice notice = CounterNotice::none;
    bool waiting_for_server = false;
    bool connected = false;  // the server's event stream: the queue shown is current
    std::string staff_id;
    std::size_t password_length = 0;
    LoginField field = LoginField::staff_id;
    bool shifted = false;  // the touch keyboard shows capitals and symbols
    bool back_allowed = false;  // the log-in can be left unfinished (the floor console's)
    std::string counter;
    std::string counter_entry;  // typed on the setup screen, not yet opened
    std::vector<std::string> chosen_services;
    bool transferring = false;
    // The transfer being chosen: a service, a counter or both, and the note typed for it.
    std::string transfer_service;
    std::string transfer_counter;
    std::string_view transfer_note;  // the terminal's buffer, for this frame only
    std::vector<std::string> counters;  // the other counters of the site
    // The note that came with the ticket held here (the desk's wiped buffer, for this frame only).
    std::string_view note;
    std::optional<QueueTicket> ticket;
    std::optional<QueueTicket> transferred;  // the last transfer's new ticket, to tell the citizen
    std::vector<WaitingCount> waiting;  // for this counter's services
    bool no_show_allowed = false;
    std::optional<int> no_show_wait_seconds;  // rounded up, while No-show is not yet allowed

    // The citizen's forms, opened from the ticket's QR.
    struct FormTitle {
        std::string ja;
        std::string en;
    };
    bool forms_available = false;  // this counter has the application key and the forms
    bool forms_busy = false;
    FormsNotice forms_notice = FormsNotice::none;
    std::string forms_ticket;  // the open application's ticket: its number when it is at the counter
    std::vector<FormTitle> forms;
    bool viewing_forms = false;  // every field on screen, not just the titles
    CameraStatus camera;  // the camera that reads tickets' QR codes, beside the USB scanner
};

}  // namespace madoguchi
