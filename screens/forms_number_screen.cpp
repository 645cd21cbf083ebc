#include "forms_screens.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void FormsNumberScreen::draw(const View& view, Intents&) {
    working_screen("forms-number", view.tr("Reading your individual number from the card…"),
                   view.tr("It is printed on the application for the counter and is not shown on screen. "
                           "Please do not remove the card."),
                   k_warning);
}

}  // namespace madoguchi::screens
