#pragma once
// The kiosk's forms after the card's summary (issue 6, "no writing"): the procedures as a list
// to tick, the questions beyond the card, then the review of every chosen form before the ticket
// is taken.
#include "free_text.hpp"
#include "screen.hpp"

namespace madoguchi::screens {

class FormsChooseScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

// The values are the citizen's: drawn as FreeText textures, never through the font atlas.
class FormsReviewScreen final : public Screen {
public:
    explicit FormsReviewScreen(FreeText& free_text) : m_free_text(free_text) {}
    void draw(const View& view, Intents& intents) override;

private:
    FreeText& m_free_text;
};

// The questions beyond the card, and corrections from the review; what is typed is the
// citizen's, drawn as FreeText.
class FormsExtrasScreen final : public Screen {
public:
    explicit FormsExtrasScreen(FreeText& free_text) : m_free_text(free_text) {}
    void draw(const View& view, Intents& intents) override;

private:
    FreeText& m_free_text;
};

// While the individual number is read for a form that has it: the card must stay.
class FormsNumberScreen final : public Screen {
public:
    void draw(const View& view, Intents& intents) override;
};

}  // namespace madoguchi::screens
