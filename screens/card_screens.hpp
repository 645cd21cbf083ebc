#pragma once
// The My Number card flow, one screen per step (DESIGN.md §5, issue 3).
#include "free_text.hpp"
#include "screen.hpp"

namespace madoguchi::screens {

class CardPlaceScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

class CardWorkingScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

class PinScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

class CardSummaryScreen final : public Screen {
public:
    explicit CardSummaryScreen(FreeText& free_text) : m_free_text(free_text) {}
    void draw(const View& view, Intents& intents) override;

private:
    FreeText& m_free_text;
};

class CardBlockedScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

class CardProblemScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

class CardTakeScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

}  // namespace madoguchi::screens
