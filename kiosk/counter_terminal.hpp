#pragma once
// Role counter: the staff's screens over the counter desk. The desk holds what the server knows
// (the log-in, the ticket at the counter, the queue); this holds what only the screens need:
// which log-in field the keys type into, the touch keyboard's shift, the counter id being typed,
// whether the transfer choice or the forms are up, and what a barcode scanner has typed so far.
// The citizen's forms (CounterForms) close when the ticket is finished or transferred, at a new
// scan and when the staff session ends, and what the screens drew of them is wiped then too.
#include <functional>
#include <string>
#include <vector>

#include "camera_status.hpp"
#include "counter_desk.hpp"
#include "counter_forms.hpp"
#include "terminal_model.hpp"
#include "ticket_port.hpp"

namespace madoguchi {

// The screen a counter picture is drawn on.
ScreenId counter_screen(const CounterPicture& picture);

class CounterTerminal final : public TerminalModel {
public:
    // Longest counter id the server accepts (its id pattern).
    static constexpr std::size_t k_max_counter_id = 32;

    // `services`: the site's services, for their names and the setup and transfer choices.
    // `forms` may be null: without the application key or the forms, scans open nothing.
    // `wipe_shown` erases what the screens drew of the forms' values (the window's free text).
    CounterTerminal(CounterDesk& desk, std::vector<ServiceChoice> services, std::string language,
                    CounterForms* forms = nullptr, std::function<void()> wipe_shown = {});
    ~CounterTerminal() override;

    View view(const Translator& translator, Clock::time_point now) const override;
    void apply(const Intent& intent, Clock::time_point now) override;
    // Staff log out themselves: a counter has no idle countdown.
    void note_activity(Clock::time_point) override {}
    void tick(Clock::time_point now) override;
    // While No-show waits, once a second for its countdown.
    std::optional<Clock::time_point> next_deadline(Clock::time_point now) const override;

    CounterPicture picture(Clock::time_point now) const;

    // The counter's camera read a QR: a ticket's opens the forms exactly as a USB scan would, on
    // the working screen; elsewhere (log-in, a transfer being chosen, the forms on screen) it is
    // ignored, as staff are busy with something else, and so are QR codes that are no ticket's
    // and the ticket whose forms are already open.
    void camera_scanned(std::string_view text);
    void set_camera(CameraStatus status) { m_camera = status; }

private:
    void type(std::string_view text);
    void erase();
    void submit(Clock::time_point now);
    void log_out();
    void close_forms();
    // Every scan, typed or seen by the camera, ends here.
    void open_scan(std::string_view text);

    CounterDesk& m_desk;
    std::vector<ServiceChoice> m_services;
    std::string m_language;
    LoginField m_field = LoginField::staff_id;
    bool m_shift = false;
    std::string m_counter_entry;
    void start_transfer();
    void end_transfer();
    void type_note(std::string_view text);
    void erase_note();

    bool m_transferring = false;
    std::string m_transfer_service;
    std::string m_transfer_counter;
    // Typed on the counter's keyboard for the receiving counter; wiped when the transfer ends.
    std::string m_note;
    CounterForms* m_forms;
    std::function<void()> m_wipe_shown;
    bool m_viewing_forms = false;
    // What a barcode scanner (or anyone at the keyboard) typed on the working screen, until Enter.
    std::string m_scan;
    bool m_scan_overflow = false;
    CameraStatus m_camera;
};

}  // namespace madoguchi
