#pragma once
// The floor manager's console (role floor): one screen for the site now, one for today's
// statistics, one for the kiosks' health, one for cancelling and reprinting tickets, under the
// same header (pages, language, how current the figures are).
#include "screen.hpp"

namespace madoguchi::screens {

// Per service: waiting (of them priority), the longest wait, the wait a ticket taken now is told,
// counters open and free. A service where someone has waited too long is marked.
class FloorOverviewScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

// Today per service and per counter: issued or called, served, no-shows, wait p50 and p90, mean
// visit; and the day saved as CSV from the server.
class FloorStatisticsScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

// Per kiosk: its printer and card reader in plain words, whether its outbox is delivered, when it
// last reported. A kiosk that went quiet or cannot print is marked, with the reason.
class FloorKiosksScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

// Today's waiting and called tickets, each with Cancel (asked again before it goes) and Reprint,
// for the staff member logged in; what the last request came to, in plain words.
class FloorTicketsScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

}  // namespace madoguchi::screens
