#pragma once
// Role counter: the staff's screens, one per step (issue 7). 1920×1080, mouse or touch.
#include "free_text.hpp"
#include "screen.hpp"

namespace madoguchi::screens {

// Staff id on a number pad, the password on a touch keyboard (or a USB keyboard), as dots.
class CounterLoginScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

// Which counter this is and the services it calls, when the configuration does not say.
class CounterSetupScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

// The ticket at the counter, large, with the note a transfer brought; the queue for this
// counter's services; the actions.
class CounterWorkingScreen final : public Screen {
public:
    explicit CounterWorkingScreen(FreeText& free_text) : m_free_text(free_text) {}
    void draw(const View& view, Intents& intents) override;

private:
    FreeText& m_free_text;
};

// The service and/or the counter the ticket at the counter goes on to, and a note typed on the
// keyboard for the receiving counter.
class CounterTransferScreen final : public Screen {
public:
    explicit CounterTransferScreen(FreeText& free_text) : m_free_text(free_text) {}
    void draw(const View& view, Intents& intents) override;

private:
    FreeText& m_free_text;
};

// Every field of the citizen's forms opened from the ticket's QR: labels from the catalog of
// forms, values through free text (names may hold characters beyond the atlas).
class CounterFormsScreen final : public Screen {
public:
    explicit CounterFormsScreen(FreeText& free_text) : m_free_text(free_text) {}
    void draw(const View& view, Intents& intents) override;

private:
    FreeText& m_free_text;
};

}  // namespace madoguchi::screens
