#include "form_fill.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "drivers/text/utf8.hpp"

namespace madoguchi {
namespace {

using AnswersUnexpected = std::unexpected<FormError>;
using FillUnexpected = std::unexpected<FillError>;

void wipe_all(std::vector<std::string>& values) {
    for (std::string& value : values) {
        card::wipe_string(value);
    }
}

std::optional<Answer> answer_from(const toml::node& node) {
    const std::uint32_t line = node.source().begin.line;
    if (const auto* text = node.as_string()) {
        return Answer({text->get()}, line);
    }
    if (const auto* number = node.as_integer()) {
        return Answer({std::to_string(number->get())}, line);
    }
    if (const auto* date = node.as_date()) {
        const toml::date value = date->get();
        return Answer({format_iso_date({value.year, value.month, value.day})}, line);
    }
    if (const auto* array = node.as_array()) {
        Answer answer({}, line);
        for (const toml::node& item : *array) {
            if (!item.is_string()) {
                return std::nullopt;
            }
            answer.values.push_back(item.as_string()->get());
        }
        return answer;
    }
    return std::nullopt;
}

FillError invalid(const FieldDefinition& field, const Answer& answer, std::string reason) {
    return FillError{FillErrorCode::invalid, "", field.id, answer.line, std::move(reason)};
}

// Free text: valid UTF-8, printable, at most `max_length` characters, one line.
FillResult<std::string> check_text(const FieldDefinition& field, const Answer& answer, const std::string& value) {
    const std::vector<char32_t> codes = text::decode_utf8(value);
    if (std::ranges::find(codes, text::k_replacement_character) != codes.end()) {
        return FillUnexpected(invalid(field, answer, "is not valid UTF-8"));
    }
    if (std::ranges::any_of(codes, [](char32_t c) { return c < 0x20 || (c >= 0x7F && c < 0xA0); })) {
        return FillUnexpected(invalid(field, answer, "must be one line without control characters"));
    }
    if (codes.size() > field.max_length) {
        return FillUnexpected(invalid(field, answer,
                                      "is longer than " + std::to_string(field.max_length) + " characters (" +
                                          std::to_string(codes.size()) + ")"));
    }
    return value;
}

// Katakana as forms print フリガナ: hiragana becomes katakana, any space a full-width one.
FillResult<std::string> check_kana(const FieldDefinition& field, const Answer& answer, const std::string& value) {
    auto text = check_text(field, answer, value);
    if (!text) {
        return text;
    }
    std::string kana;
    for (char32_t c : text::decode_utf8(*text)) {
        if (c >= 0x3041 && c <= 0x3096) {
            c += 0x60;
        } else if (c == U' ') {
            c = 0x3000;
        }
        const bool katakana = (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC || c == 0x30FB || c == 0x3000;
        if (!katakana) {
            card::wipe_string(kana);
            return FillUnexpected(invalid(field, answer, "must be written in kana (katakana or hiragana)"));
        }
        text::append_utf8(kana, c);
    }
    return kana;
}

// Digits as ASCII, whether typed full-width or not; `hyphens` keeps - for telephone numbers.
std::optional<std::string> ascii_digits(const std::string& value, bool hyphens) {
    std::string digits;
    for (char32_t c : text::decode_utf8(value)) {
        if (c >= 0xFF10 && c <= 0xFF19) {
            c -= 0xFF10 - U'0';
        } else if (c == 0xFF0D || c == 0x2212 || c == 0x30FC) {
            c = U'-';
        }
        if ((c >= U'0' && c <= U'9') || (hyphens && c == U'-')) {
            digits += static_cast<char>(c);
        } else {
            return std::nullopt;
        }
    }
    return digits;
}

FillResult<std::string> check_number(const FieldDefinition& field, const Answer& answer, const std::string& value) {
    auto digits = ascii_digits(value, false);
    if (!digits || digits->empty()) {
        return FillUnexpected(invalid(field, answer, "must be a whole number (digits only)"));
    }
    if (digits->size() > field.max_length) {
        return FillUnexpected(invalid(field, answer, "has more than " + std::to_string(field.max_length) + " digits"));
    }
    const std::int64_t number = std::stoll(*digits);
    if (number < field.min || number > field.max) {
        return FillUnexpected(invalid(
            field, answer, "must be between " + std::to_string(field.min) + " and " + std::to_string(field.max)));
    }
    return *digits;
}

FillResult<std::string> check_phone(const FieldDefinition& field, const Answer& answer, const std::string& value) {
    auto phone = ascii_digits(value, true);
    if (!phone) {
        return FillUnexpected(invalid(field, answer, "must hold only digits and hyphens"));
    }
    const auto digit_count = std::ranges::count_if(*phone, [](char c) { return c != '-'; });
    if (phone->size() > field.max_length || digit_count < 10 || digit_count > 11 || phone->front() != '0' ||
        phone->find("--") != std::string::npos || phone->back() == '-') {
        return FillUnexpected(invalid(field, answer, "is not a Japanese telephone number (10 or 11 digits from 0)"));
    }
    return *phone;
}

FillResult<std::string> check_date(const FieldDefinition& field, const Answer& answer, const std::string& value,
                                   const CalendarDate& today) {
    const auto date = parse_iso_date(value);
    if (!date) {
        return FillUnexpected(invalid(field, answer, "is not a real date in the form YYYY-MM-DD"));
    }
    if (field.wareki && !to_era(*date)) {
        return FillUnexpected(invalid(field, answer, "lies before the first era in the tables (明治, 1868-01-25)"));
    }
    if (field.past && format_iso_date(*date) > format_iso_date(today)) {
        return FillUnexpected(invalid(field, answer, "lies in the future"));
    }
    return format_iso_date(*date);
}

FillResult<std::string> check_choice(const FieldDefinition& field, const Answer& answer, const std::string& value) {
    for (std::size_t i = 0; i < field.options.size(); ++i) {
        if (value == field.options[i] || value == field.options_en[i]) {
            return field.options[i];
        }
    }
    return FillUnexpected(invalid(field, answer, "is not one of the field's options"));
}

std::optional<std::vector<std::string>> prefilled(const FieldDefinition& field, const Profile& profile) {
    const card::PersonalAttributes* card = profile.card;
    switch (field.prefill) {
        case Prefill::none:
            return std::nullopt;
        case Prefill::today:
            return std::vector<std::string>{format_iso_date(profile.today)};
        case Prefill::name_kana:
            if (profile.name_kana.empty()) {
                return std::nullopt;
            }
            return std::vector<std::string>{profile.name_kana};
        case Prefill::individual_number:
            if (profile.individual_number == nullptr) {
                return std::nullopt;
            }
            return std::vector<std::string>{profile.individual_number->digits};
        default:
            break;
    }
    if (card == nullptr) {
        return std::nullopt;
    }
    switch (field.prefill) {
        case Prefill::name:
            return std::vector<std::string>{card->name};
        case Prefill::address:
            return std::vector<std::string>{card->address};
        case Prefill::birth_date: {
            const auto date = parse_yyyymmdd(card->birth_date);
            if (!date) {
                return std::nullopt;
            }
            return std::vector<std::string>{format_iso_date(*date)};
        }
        case Prefill::sex:
            if (card->sex == card::Sex::male) {
                return std::vector<std::string>{"男"};
            }
            if (card->sex == card::Sex::female) {
                return std::vector<std::string>{"女"};
            }
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

const Answer* find_answer(const Answers& answers, std::string_view form_id, std::string_view field_id) {
    if (auto form = answers.per_form.find(form_id); form != answers.per_form.end()) {
        if (auto answer = form->second.find(field_id); answer != form->second.end()) {
            return &answer->second;
        }
    }
    if (auto answer = answers.shared.find(field_id); answer != answers.shared.end()) {
        return &answer->second;
    }
    return nullptr;
}

FillResult<FilledForm> fill_one(const FormDefinition& form, const Answers& answers, const Profile& profile,
                                MissingRequired missing) {
    FilledForm filled{&form, {}};
    for (const FormSection& section : form.sections) {
        for (const FieldDefinition& field : section.fields) {
            FilledValue value;
            value.field = &field;
            const Answer* answer = find_answer(answers, form.id, field.id);
            if (answer != nullptr && field.signature) {
                return FillUnexpected(FillError{FillErrorCode::not_answerable, form.id, field.id, answer->line,
                                                "is signed or sealed by hand at the counter; leave it out"});
            }
            if (answer != nullptr && field.prefill == Prefill::individual_number) {
                return FillUnexpected(FillError{FillErrorCode::not_answerable, form.id, field.id, answer->line,
                                                "is read from the card only (--from-card); leave it out"});
            }
            if (answer != nullptr) {
                auto checked = check_answer(field, *answer, profile.today);
                if (!checked) {
                    FillError error = checked.error();
                    error.form = form.id;
                    return FillUnexpected(error);
                }
                value.values = std::move(*checked);
            } else if (auto from_profile = prefilled(field, profile)) {
                const Answer card_answer(std::move(*from_profile), 0);
                auto checked = check_answer(field, card_answer, profile.today);
                if (!checked) {
                    FillError error = checked.error();
                    error.form = form.id;
                    error.reason = "from the card " + error.reason;
                    return FillUnexpected(error);
                }
                value.values = std::move(*checked);
                value.from_card = field.prefill != Prefill::today && field.prefill != Prefill::name_kana;
            }
            if (value.values.empty()) {
                if (field.required && missing == MissingRequired::refuse) {
                    return FillUnexpected(FillError{FillErrorCode::missing, form.id, field.id, 0, "is required"});
                }
                continue;
            }
            filled.values.push_back(std::move(value));
        }
    }
    return filled;
}

}  // namespace

Answer::~Answer() {
    wipe_all(values);
}
FilledValue::~FilledValue() {
    wipe_all(values);
}
Profile::~Profile() {
    card::wipe_string(name_kana);
}

std::string FilledValue::printed() const {
    if (values.empty()) {
        return {};
    }
    if (field->type == FieldType::date) {
        const auto date = parse_iso_date(values.front());
        if (date) {
            return field->wareki ? format_wareki(*date)
                                 : std::to_string(date->year) + "年" + std::to_string(date->month) + "月" +
                                       std::to_string(date->day) + "日";
        }
    }
    std::string text;
    for (const std::string& value : values) {
        text += (text.empty() ? "" : "、") + value;
    }
    return text;
}

bool FilledValue::chosen(std::string_view option) const {
    return std::ranges::find(values, option) != values.end();
}

const FilledValue* FilledForm::value(std::string_view field_id) const {
    for (const FilledValue& candidate : values) {
        if (candidate.field->id == field_id) {
            return &candidate;
        }
    }
    return nullptr;
}

std::string FillError::describe(std::string_view answers_file) const {
    std::string text(answers_file);
    if (line > 0) {
        text += ":" + std::to_string(line);
    }
    text += ": ";
    if (!form.empty()) {
        text += "form " + form + ": ";
    }
    if (!field.empty()) {
        text += "field " + field + ": ";
    }
    return text + reason;
}

FillResult<std::vector<std::string>> check_answer(const FieldDefinition& field, const Answer& answer,
                                                  const CalendarDate& today) {
    if (answer.values.empty() || (answer.values.size() > 1 && !field.multiple)) {
        return FillUnexpected(invalid(field, answer, field.multiple ? "needs at least one option" : "takes one value"));
    }
    std::vector<std::string> checked;
    for (const std::string& value : answer.values) {
        FillResult<std::string> one;
        switch (field.type) {
            case FieldType::text:
            case FieldType::address:
            case FieldType::person:
                one = check_text(field, answer, value);
                break;
            case FieldType::kana:
                one = check_kana(field, answer, value);
                break;
            case FieldType::number:
                one = check_number(field, answer, value);
                break;
            case FieldType::phone:
                one = check_phone(field, answer, value);
                break;
            case FieldType::date:
                one = check_date(field, answer, value, today);
                break;
            case FieldType::choice:
                one = check_choice(field, answer, value);
                break;
        }
        if (!one) {
            wipe_all(checked);
            return FillUnexpected(one.error());
        }
        if (one->empty() && field.type != FieldType::choice) {
            continue;
        }
        if (std::ranges::find(checked, *one) == checked.end()) {
            checked.push_back(std::move(*one));
        }
    }
    return checked;
}

FillResult<std::vector<FilledForm>> fill_forms(std::span<const FormDefinition* const> forms, const Answers& answers,
                                               const Profile& profile, MissingRequired missing) {
    for (const auto& [key, answer] : answers.shared) {
        const bool asked =
            std::ranges::any_of(forms, [&](const FormDefinition* form) { return form->field(key) != nullptr; });
        if (!asked) {
            return FillUnexpected(
                FillError{FillErrorCode::unknown_field, "", key, answer.line, "no chosen form has this field"});
        }
    }
    for (const auto& [form_id, form_answers] : answers.per_form) {
        const auto form = std::ranges::find_if(forms, [&](const FormDefinition* f) { return f->id == form_id; });
        if (form == forms.end()) {
            const std::uint32_t line = form_answers.empty() ? 0 : form_answers.begin()->second.line;
            return FillUnexpected(
                FillError{FillErrorCode::unknown_form, form_id, "", line, "answers a form that was not chosen"});
        }
        for (const auto& [key, answer] : form_answers) {
            if ((*form)->field(key) == nullptr) {
                return FillUnexpected(
                    FillError{FillErrorCode::unknown_field, form_id, key, answer.line, "the form has no such field"});
            }
        }
    }
    std::vector<FilledForm> filled;
    for (const FormDefinition* form : forms) {
        auto one = fill_one(*form, answers, profile, missing);
        if (!one) {
            return FillUnexpected(one.error());
        }
        filled.push_back(std::move(*one));
    }
    return filled;
}

FormResult<Answers> parse_answers(std::string_view text, std::string_view file_name) {
    toml::table root;
    try {
        root = toml::parse(text, file_name);
    } catch (const toml::parse_error& error) {
        return AnswersUnexpected(FormError{FormErrorCode::syntax, std::string(file_name), "", error.source().begin.line,
                                           std::string(error.description())});
    }
    Answers answers;
    answers.file = file_name;
    const auto bad = [&](std::string key, const toml::node& node) {
        return AnswersUnexpected(FormError{FormErrorCode::wrong_type, std::string(file_name), std::move(key),
                                           node.source().begin.line,
                                           "must be text, a whole number, a date or a list of texts"});
    };
    for (const auto& [key, node] : root) {
        if (const toml::table* table = node.as_table()) {
            auto& form = answers.per_form[std::string(key.str())];
            for (const auto& [field, value] : *table) {
                auto answer = answer_from(value);
                if (!answer) {
                    return bad(std::string(key.str()) + "." + std::string(field.str()), value);
                }
                form.emplace(std::string(field.str()), std::move(*answer));
            }
            continue;
        }
        auto answer = answer_from(node);
        if (!answer) {
            return bad(std::string(key.str()), node);
        }
        answers.shared.emplace(std::string(key.str()), std::move(*answer));
    }
    return answers;
}

FormResult<Answers> load_answers(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return AnswersUnexpected(FormError{FormErrorCode::unreadable, path.string(), "", 0,
                                           "cannot be opened (missing, or no permission to read it)"});
    }
    std::ostringstream text;
    text << file.rdbuf();
    std::string content = text.str();
    auto answers = parse_answers(content, path.string());
    card::wipe_string(content);
    return answers;
}

}  // namespace madoguchi
