#pragma once
// The kiosk's own input widgets, for a touch screen with no system IME (issue 6). Each draws
// the AnswerEditor it is given inside a rectangle (window coordinates) and emits Answer* intents;
// the composition, the limits and the checks live in kiosk/ (answer_editor, text_entry, kana).
#include <imgui.h>

#include "kiosk/answer_editor.hpp"
#include "kiosk/intents.hpp"
#include "kiosk/view.hpp"

namespace madoguchi::screens {

// The 五十音 table in columns from right to left, as on the paper chart, with ひらがな /
// カタカナ (/ 数字 for addresses and other text), ゛ ゜ 小 ー, space and delete.
void kana_keyboard(const View& view, const AnswerEditor& editor, ImVec2 pos, ImVec2 size, Intents& intents);
// 1–9, 0 and delete, as on a telephone.
void number_pad(const View& view, ImVec2 pos, ImVec2 size, Intents& intents);
// The options as large buttons, the chosen ones marked; English shows the Japanese under them.
void choice_buttons(const View& view, const AnswerEditor& editor, ImVec2 pos, ImVec2 size, Intents& intents);
// An era (or 西暦), then the year, month and day turned with large + and − buttons; the date is
// shown in both calendars, or said not to exist.
void date_picker(const View& view, const AnswerEditor& editor, ImVec2 pos, ImVec2 size, Intents& intents);

}  // namespace madoguchi::screens
