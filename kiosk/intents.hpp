#pragma once
// What a screen asks the session to do. Screens never change state themselves: they emit these,
// and Session::apply turns them into the next state (DESIGN.md §3).
#include <string>
#include <variant>
#include <vector>

#include "kana.hpp"

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
// Role counter.
struct StaffField { bool password = false; };           // where typed text goes on the log-in screen
struct TypeText { std::string text; };                  // keys, touch keys, or a barcode scanner's
struct EraseText {};
struct SubmitText {};                                   // Enter: the next field, log in, a scan done
struct ShiftKeys {};                                    // the touch keyboard's capitals and symbols
struct LogIn {};
struct LogOut {};
struct ToggleCounterService { std::string service; };
struct OpenCounter {};
struct CallNext {};
struct Recall {};
struct NoShow {};
struct FinishTicket {};
struct StartTransfer {};                                // shows the services and counters to transfer to
struct ChooseTransfer { std::string service; std::string counter; };  // one of them; again: unchosen
struct TransferTo { std::string service; std::string counter; };       // sends, with the note typed
struct PrintForms {};                                   // the open application's forms on A4
struct CloseForms {};
struct ViewForms {};                                    // every field of the open forms, on screen
// The questions beyond the card, on the kiosk's own keyboard, pad, buttons and date picker.
struct AnswerKey { std::string text; };                 // a kana, letter or digit key
struct AnswerMark { KanaMark mark; };                   // ゛ ゜ or 小 on the kana before
struct AnswerBackspace {};
struct AnswerKeyboard { KeyboardMode mode; };           // ひらがな, カタカナ or 数字
struct AnswerOption { std::string option; };            // an option's Japanese value
struct AnswerDate { std::string era; int year = 0; int month = 0; int day = 0; };  // era "" is 西暦
struct AnswerDone {};                                   // keep the answer and go on
struct AnswerSkip {};                                   // leave it out (or to the counter)
struct CorrectField { std::string form; std::string field; };  // a reviewed value touched
struct ShowFloorOverview {};                            // the floor console's "waiting now" page
struct ShowFloorStatistics {};                          // today's statistics, fetched again
struct SaveFloorStatistics {};                          // the statistics shown, saved as CSV
struct ShowFloorKiosks {};                              // each kiosk's health, fetched again
struct ShowFloorTickets {};                             // today's tickets, to cancel or reprint (after log-in)
struct CancelTicket { std::string ticket_id; };         // asks for confirmation first
struct ConfirmCancel {};                                // the cancel asked about, sent
struct ReprintTicket { std::string ticket_id; };
struct StartAssistedSession {};                         // the floor tablet turns to a citizen's session
}  // namespace intent

using Intent = std::variant<intent::Start, intent::ChooseLanguage, intent::Back, intent::StillHere,
                            intent::EndSession, intent::ReadCard, intent::PinDigit, intent::PinBackspace,
                            intent::PinSubmit, intent::CardDone, intent::TakeTicket, intent::ChooseService,
                            intent::ChoosePriority, intent::TicketDone, intent::ToggleForm, intent::FormsChosen,
                            intent::SkipForms, intent::ConfirmForms, intent::StaffField, intent::TypeText,
                            intent::EraseText, intent::SubmitText, intent::ShiftKeys, intent::LogIn, intent::LogOut,
                            intent::ToggleCounterService, intent::OpenCounter, intent::CallNext, intent::Recall,
                            intent::NoShow, intent::FinishTicket, intent::StartTransfer, intent::ChooseTransfer,
                            intent::TransferTo,
                            intent::PrintForms, intent::CloseForms, intent::ViewForms, intent::AnswerKey, intent::AnswerMark,
                            intent::AnswerBackspace, intent::AnswerKeyboard, intent::AnswerOption, intent::AnswerDate,
                            intent::AnswerDone, intent::AnswerSkip, intent::CorrectField, intent::ShowFloorOverview,
                            intent::ShowFloorStatistics, intent::SaveFloorStatistics, intent::ShowFloorKiosks,
                            intent::ShowFloorTickets, intent::CancelTicket, intent::ConfirmCancel,
                            intent::ReprintTicket, intent::StartAssistedSession>;
using Intents = std::vector<Intent>;

}  // namespace madoguchi
