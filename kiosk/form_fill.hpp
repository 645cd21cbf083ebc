#pragma once
// A form filled in: the citizen's answers (asked once, shared by every chosen form that has the
// field) over what the card and the date give, each value checked against its field. Values
// are personal data: they are wiped when the objects holding them go.
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/card/my_number_data.hpp"
#include "form_definition.hpp"
#include "japanese_date.hpp"

namespace madoguchi {

// One answer as given: a single value, or the ticked options of a multiple choice. Dates are
// ISO (2019-05-01); numbers and phones are digits as text so that leading zeros survive.
struct Answer {
    std::vector<std::string> values;
    std::uint32_t line = 0;

    Answer() = default;
    Answer(std::vector<std::string> given, std::uint32_t at) : values(std::move(given)), line(at) {}
    Answer(const Answer&) = default;
    Answer& operator=(const Answer&) = default;
    Answer(Answer&&) noexcept = default;
    Answer& operator=(Answer&&) noexcept = default;
    ~Answer();
};

// Top-level keys answer every chosen form with that field; a [form_id] table answers one form.
struct Answers {
    std::string file;
    std::map<std::string, Answer, std::less<>> shared;
    std::map<std::string, std::map<std::string, Answer, std::less<>>, std::less<>> per_form;
};

// An answers file (TOML). Errors name the file, key and line, never a value.
FormResult<Answers> parse_answers(std::string_view text, std::string_view file_name);
FormResult<Answers> load_answers(const std::filesystem::path& path);

// What fills fields without the citizen writing: the card's four attributes (when read), its
// individual number (read only for a form that has the field), the name's reading (furigana,
// editable) and today's date.
struct Profile {
    const card::PersonalAttributes* card = nullptr;
    const card::IndividualNumber* individual_number = nullptr;
    std::string name_kana;
    CalendarDate today;

    Profile() = default;
    Profile(const Profile&) = delete;
    Profile& operator=(const Profile&) = delete;
    ~Profile();
};

struct FilledValue {
    const FieldDefinition* field = nullptr;
    std::vector<std::string> values;  // canonical, as in Answer
    bool from_card = false;

    FilledValue() = default;
    FilledValue(const FilledValue&) = delete;
    FilledValue& operator=(const FilledValue&) = delete;
    FilledValue(FilledValue&&) noexcept = default;
    FilledValue& operator=(FilledValue&&) noexcept = default;
    ~FilledValue();

    // As printed on the form: a date in 和暦 (or 西暦), everything else as given.
    std::string printed() const;
    bool chosen(std::string_view option) const;
};

struct FilledForm {
    const FormDefinition* form = nullptr;
    std::vector<FilledValue> values;  // only fields that have a value, in the form's order

    const FilledValue* value(std::string_view field_id) const;
};

enum class FillErrorCode { missing, invalid, unknown_field, unknown_form, not_answerable };

struct FillError {
    FillErrorCode code;
    std::string form;   // the form's id
    std::string field;  // the field's id (or the unknown key)
    std::uint32_t line = 0;
    std::string reason;  // never the value itself: it may be personal data

    std::string describe(std::string_view answers_file) const;
};

template <typename T>
using FillResult = std::expected<T, FillError>;

// Checks one answer against its field and returns it canonical (hiragana made katakana,
// full-width digits made ASCII, an English option made the Japanese one).
FillResult<std::vector<std::string>> check_answer(const FieldDefinition& field, const Answer& answer,
                                                  const CalendarDate& today);

// What a required field without a value means: an error (the shell, where the answers file can be
// corrected), or a box left empty for the citizen to complete at the counter (the kiosk, where
// the citizen does not write).
enum class MissingRequired { refuse, leave_blank };

// Fills each form; an answer that no chosen form asks for is an error (a typo must not vanish).
FillResult<std::vector<FilledForm>> fill_forms(std::span<const FormDefinition* const> forms, const Answers& answers,
                                               const Profile& profile,
                                               MissingRequired missing = MissingRequired::refuse);

}  // namespace madoguchi
