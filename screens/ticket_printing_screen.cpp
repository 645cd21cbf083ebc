// While the server issues the ticket and the printer prints it.
#include "ticket_screens.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void TicketPrintingScreen::draw(const View& view, Intents&) {
    working_screen("ticket-printing", view.tr("Printing your ticket…"), view.tr("Please wait a moment."), k_text_muted);
}

}  // namespace madoguchi::screens
