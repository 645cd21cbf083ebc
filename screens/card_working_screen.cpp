#include "card_screens.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void CardWorkingScreen::draw(const View& view, Intents&) {
    working_screen("card-working", view.tr("Reading your card…"), view.tr("Please do not remove the card."), k_warning);
}

}  // namespace madoguchi::screens
