#pragma once
// One question being answered on the kiosk's own input widgets: text on the 五十音 keyboard,
// digits on the number pad, options as large buttons, a date in 和暦 or 西暦. What is typed is
// personal data: it lives here until it is kept as an answer, and is wiped with the session.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "form_questions.hpp"
#include "japanese_date.hpp"
#include "text_entry.hpp"

namespace madoguchi {

enum class EditorKind { keyboard, number_pad, choice, date };

// A date as picked: an era and its year (元年 is 1), or the Western year when `era` is empty.
// It may name no real day while the citizen is still turning the parts.
struct DateParts {
    std::string era;
    int year = 0;
    int month = 1;
    int day = 1;
};

std::optional<CalendarDate> date_of(const DateParts& parts);
DateParts date_parts(const CalendarDate& date, bool wareki);

enum class DateField { year, month, day };
// One part turned by `delta`: months and days go round; the year stays within its era (or
// between 明治's first year and 9999 in 西暦). The result may name no real day (2月31日):
// date_of() says so, and the picker shows it cannot be chosen.
DateParts step_date(const DateParts& parts, DateField field, int delta);
// The same day in another era ("" for 西暦) when it falls in it; else that era's year with the
// same number, month and day (the citizen picks the era first, then turns the year).
DateParts with_era(const DateParts& parts, std::string_view era);

// Numbers with a range this short are offered as buttons (copies: 1 to 20), not typed.
inline constexpr std::int64_t k_most_number_buttons = 20;

class AnswerEditor {
public:
    AnswerEditor() = default;
    AnswerEditor(const AnswerEditor&) = delete;
    AnswerEditor& operator=(const AnswerEditor&) = delete;
    ~AnswerEditor() { wipe(); }

    // Starts on `question` with the value it has now (an earlier answer, or the card's), or
    // with `today` for a date without one.
    void open(const FormQuestion& question, std::span<const std::string> current, const CalendarDate& today);
    const FormQuestion* question() const { return m_question; }
    EditorKind kind() const { return m_kind; }

    const TextEntry& text() const { return m_text; }
    KeyboardMode mode() const { return m_mode; }
    void set_mode(KeyboardMode mode);
    // One key of the keyboard or the pad: a character (UTF-8); the pad takes digits only.
    void key(std::string_view utf8);
    void mark(KanaMark kana_mark) { m_text.mark(kana_mark); }
    void backspace() { m_text.backspace(); }

    // Choice: the values offered (the field's Japanese options, or the numbers of a short range).
    std::span<const std::string> options() const { return m_options; }
    bool chosen(std::string_view option) const;
    // Ticks (or unticks, for a multiple choice) an option; another option replaces a single one.
    void choose(std::string_view option);

    const DateParts& date() const { return m_date; }
    // Ignored for a name that is not an era.
    void set_date(DateParts parts);

    // The answer as the forms take it (ISO dates, digits, Japanese options); empty when none.
    std::vector<std::string> values() const;
    void wipe();

private:
    const FormQuestion* m_question = nullptr;
    EditorKind m_kind = EditorKind::keyboard;
    TextEntry m_text;
    KeyboardMode m_mode = KeyboardMode::hiragana;
    std::vector<std::string> m_options;
    std::vector<std::string> m_chosen;
    DateParts m_date;
};

}  // namespace madoguchi
