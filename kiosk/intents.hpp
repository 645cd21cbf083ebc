#pragma once
// What a screen asks the session to do. Screens never change state themselves: they emit these,
// and Session::apply turns them into the next state (DESIGN.md §3).
#include <string>
#include <variant>
#include <vector>

namespace madoguchi {

namespace intent {
struct Start {};                                        // the citizen touched the attract screen
struct ChooseLanguage { std::string language; };
struct Back {};
struct StillHere {};                                    // dismisses the idle countdown
struct EndSession {};                                   // "finish" pressed by the citizen
struct ReadCard {};                                     // the menu's My Number card feature
struct PinDigit { int digit = 0; };
struct PinBackspace {};
struct PinSubmit {};
struct CardDone {};                                     // the citizen has seen the summary
struct TakeTicket {};                                   // the menu's queue ticket feature
struct ChooseService { std::string service; };
struct ChoosePriority { bool priority = false; };       // an ordinary or a priority ticket
struct TicketDone {};                                   // the citizen has taken the ticket
struct ToggleForm { std::string form; };                // a form ticked or unticked in the list
struct FormsChosen {};                                  // on to the review of the ticked forms
struct SkipForms {};                                    // no forms today: finish with the card
struct ConfirmForms {};                                 // the review is right: on to the ticket
struct ShowFloorOverview {};                            // the floor console's "waiting now" page
struct ShowFloorStatistics {};                          // today's statistics, fetched again
struct SaveFloorStatistics {};                          // the statistics shown, saved as CSV
}  // namespace intent

using Intent = std::variant<intent::Start, intent::ChooseLanguage, intent::Back, intent::StillHere,
                            intent::EndSession, intent::ReadCard, intent::PinDigit, intent::PinBackspace,
                            intent::PinSubmit, intent::CardDone, intent::TakeTicket, intent::ChooseService,
                            intent::ChoosePriority, intent::TicketDone, intent::ToggleForm, intent::FormsChosen,
                            intent::SkipForms, intent::ConfirmForms, intent::ShowFloorOverview,
                            intent::ShowFloorStatistics, intent::SaveFloorStatistics>;
using Intents = std::vector<Intent>;

}  // namespace madoguchi
