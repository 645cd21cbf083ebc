#pragma once
// The queue ticket flow, one screen per step (DESIGN.md §6, issue 5).
#include "screen.hpp"

namespace madoguchi::screens {

class TicketServiceScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

class TicketPriorityScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

class TicketPrintingScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

class TicketTakeScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

class TicketProblemScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

}  // namespace madoguchi::screens
