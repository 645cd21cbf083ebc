#include "answer_editor.hpp"

#include <algorithm>

#include "drivers/card/my_number_data.hpp"
#include "drivers/text/utf8.hpp"

namespace madoguchi {
namespace {

bool short_range(const FieldDefinition& field) {
    return field.type == FieldType::number && field.max - field.min < k_most_number_buttons;
}

void wipe_all(std::vector<std::string>& values) {
    for (std::string& value : values) {
        card::wipe_string(value);
    }
    values.clear();
}

}  // namespace

std::optional<CalendarDate> date_of(const DateParts& parts) {
    if (parts.era.empty()) {
        const CalendarDate date{parts.year, parts.month, parts.day};
        return is_valid_date(date) ? std::optional(date) : std::nullopt;
    }
    return from_era(parts.era, parts.year, parts.month, parts.day);
}

DateParts date_parts(const CalendarDate& date, bool wareki) {
    const auto era = wareki ? to_era(date) : std::nullopt;
    if (!era) {
        return {"", date.year, date.month, date.day};
    }
    return {std::string(era->era_kanji), era->year, date.month, date.day};
}

namespace {

constexpr int k_first_western_year = 1868;
constexpr int k_last_western_year = 9999;
// The present era has no last year yet; 99 is beyond any date a form asks today.
constexpr int k_open_era_years = 99;

int last_year(std::string_view era) {
    return era.empty() ? k_last_western_year : era_last_year(era).value_or(k_open_era_years);
}

int first_year(std::string_view era) { return era.empty() ? k_first_western_year : 1; }

int wrap(int value, int delta, int first, int last) {
    const int span = last - first + 1;
    return first + ((value - first + delta) % span + span) % span;
}

}  // namespace

DateParts step_date(const DateParts& parts, DateField field, int delta) {
    DateParts stepped = parts;
    switch (field) {
        case DateField::year:
            stepped.year = std::clamp(parts.year + delta, first_year(parts.era), last_year(parts.era));
            break;
        case DateField::month: stepped.month = wrap(parts.month, delta, 1, 12); break;
        case DateField::day: stepped.day = wrap(parts.day, delta, 1, 31); break;
    }
    return stepped;
}

DateParts with_era(const DateParts& parts, std::string_view era) {
    if (const auto date = date_of(parts)) {
        const auto counted = to_era(*date);
        if (era.empty()) {
            return {"", date->year, date->month, date->day};
        }
        if (counted && counted->era_kanji == era) {
            return parts.era == era ? parts : DateParts{std::string(era), counted->year, date->month, date->day};
        }
    }
    if ((!era.empty() && !era_first_day(era)) || (!parts.era.empty() && !era_first_day(parts.era))) {
        return parts;
    }
    int year = parts.year;
    if (era.empty() && !parts.era.empty()) {
        year = era_first_day(parts.era)->year + parts.year - 1;
    } else if (!era.empty() && parts.era.empty()) {
        year = parts.year - era_first_day(era)->year + 1;
    }
    return {std::string(era), std::clamp(year, first_year(era), last_year(era)), parts.month, parts.day};
}

void AnswerEditor::open(const FormQuestion& question, std::span<const std::string> current,
                        const CalendarDate& today) {
    wipe();
    m_question = &question;
    const FieldDefinition& field = *question.field;
    switch (field.type) {
        case FieldType::choice: m_kind = EditorKind::choice; break;
        case FieldType::date: m_kind = EditorKind::date; break;
        case FieldType::phone: m_kind = EditorKind::number_pad; break;
        case FieldType::number: m_kind = short_range(field) ? EditorKind::choice : EditorKind::number_pad; break;
        default: m_kind = EditorKind::keyboard; break;
    }
    m_mode = field.type == FieldType::kana ? KeyboardMode::katakana : KeyboardMode::hiragana;
    m_text.start(question.max_length);
    if (field.type == FieldType::choice) {
        m_options = field.options;
    } else if (short_range(field)) {
        for (std::int64_t n = field.min; n <= field.max; ++n) {
            m_options.push_back(std::to_string(n));
        }
    }
    m_date = date_parts(today, field.wareki);
    if (current.empty()) {
        return;
    }
    switch (m_kind) {
        case EditorKind::choice: m_chosen.assign(current.begin(), current.end()); break;
        case EditorKind::date:
            if (const auto date = parse_iso_date(current.front())) {
                m_date = date_parts(*date, field.wareki);
            }
            break;
        default: m_text.set(current.front()); break;
    }
}

void AnswerEditor::set_date(DateParts parts) {
    if (m_kind == EditorKind::date && (parts.era.empty() || era_first_day(parts.era))) {
        m_date = std::move(parts);
    }
}

void AnswerEditor::set_mode(KeyboardMode mode) {
    if (m_kind == EditorKind::keyboard) {
        m_mode = mode;
    }
}

void AnswerEditor::key(std::string_view utf8) {
    std::size_t pos = 0;
    while (pos < utf8.size()) {
        const char32_t code = text::decode_utf8(utf8, pos);
        if (m_kind == EditorKind::number_pad && (code < U'0' || code > U'9')) {
            continue;
        }
        if (m_kind == EditorKind::keyboard || m_kind == EditorKind::number_pad) {
            m_text.type(code);
        }
    }
}

bool AnswerEditor::chosen(std::string_view option) const { return std::ranges::find(m_chosen, option) != m_chosen.end(); }

void AnswerEditor::choose(std::string_view option) {
    if (m_kind != EditorKind::choice || std::ranges::find(m_options, option) == m_options.end()) {
        return;
    }
    const auto found = std::ranges::find(m_chosen, option);
    if (!m_question->field->multiple) {
        wipe_all(m_chosen);
        m_chosen.emplace_back(option);
    } else if (found != m_chosen.end()) {
        m_chosen.erase(found);
    } else {
        // Kept in the field's order, as the printed form ticks them.
        m_chosen.emplace_back(option);
        std::ranges::sort(m_chosen, {}, [&](const std::string& value) { return std::ranges::find(m_options, value) - m_options.begin(); });
    }
}

std::vector<std::string> AnswerEditor::values() const {
    switch (m_kind) {
        case EditorKind::choice: return m_chosen;
        case EditorKind::date: {
            const auto date = date_of(m_date);
            return date ? std::vector<std::string>{format_iso_date(*date)} : std::vector<std::string>{};
        }
        default:
            if (m_text.length() == 0) {
                return {};
            }
            return {m_text.utf8()};
    }
}

void AnswerEditor::wipe() {
    m_text.wipe();
    wipe_all(m_chosen);
    m_options.clear();
    m_date = {};
    m_question = nullptr;
}

}  // namespace madoguchi
