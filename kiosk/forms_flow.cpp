#include "forms_flow.hpp"

#include <algorithm>

namespace madoguchi {

ReviewField::ReviewField(const FieldDefinition* of, std::string value, ReviewSource from)
    : field(of), printed(std::move(value)), source(from) {}

ReviewField::~ReviewField() { card::wipe_string(printed); }

bool ReviewField::changeable() const {
    return source != ReviewSource::by_hand && field->prefill != Prefill::individual_number;
}

namespace {

// The screen's stand-in for the individual number: its grouping, none of its digits.
constexpr std::string_view k_masked_number = "**** **** ****";

}  // namespace

FormsFlow::FormsFlow(std::shared_ptr<const std::vector<FormDefinition>> forms) : m_forms(std::move(forms)) {
    if (m_forms) {
        for (const FormDefinition& form : *m_forms) {
            m_choices.push_back({&form, false});
        }
    }
}

FormsFlow::~FormsFlow() { wipe(); }

std::vector<ReviewForm> review_of(std::span<const FilledForm> forms, const AnsweredHere& answered) {
    std::vector<ReviewForm> reviews;
    for (const FilledForm& form : forms) {
        ReviewForm review{form.form, {}};
        for (const FormSection& section : form.form->sections) {
            for (const FieldDefinition& field : section.fields) {
                if (field.signature) {
                    review.fields.emplace_back(&field, std::string(), ReviewSource::by_hand);
                } else if (const FilledValue* value = form.value(field.id)) {
                    const ReviewSource source = answered && answered(form.form->id, field.id) ? ReviewSource::answered
                                                : value->from_card ? ReviewSource::card
                                                                   : ReviewSource::kiosk;
                    review.fields.emplace_back(&field,
                                               field.prefill == Prefill::individual_number ? std::string(k_masked_number)
                                                                                           : value->printed(),
                                               source);
                } else {
                    review.fields.emplace_back(&field, std::string(), ReviewSource::empty);
                }
            }
        }
        reviews.push_back(std::move(review));
    }
    return reviews;
}

bool FormsFlow::any_chosen() const { return std::ranges::any_of(m_choices, &FormChoice::chosen); }

void FormsFlow::toggle(std::string_view form_id) {
    const auto found = std::ranges::find_if(m_choices, [&](const FormChoice& c) { return c.form->id == form_id; });
    if (found != m_choices.end()) {
        found->chosen = !found->chosen;
    }
}

bool FormsFlow::needs_individual_number() const {
    return std::ranges::any_of(chosen(),
                               [](const FormDefinition* form) { return form->prefills(Prefill::individual_number); });
}

std::vector<const FormDefinition*> FormsFlow::chosen() const {
    std::vector<const FormDefinition*> forms;
    for (const FormChoice& choice : m_choices) {
        if (choice.chosen) {
            forms.push_back(choice.form);
        }
    }
    return forms;
}

bool FormsFlow::ask(const CalendarDate& today) {
    m_today = today;
    std::vector<FormQuestion> questions = form_questions(chosen());
    std::vector<std::vector<std::string>> answers(questions.size());
    // A form added or removed on the way back keeps the answers the other forms still ask for.
    for (std::size_t i = 0; i < questions.size(); ++i) {
        for (std::size_t old = 0; old < m_questions.size(); ++old) {
            if (m_questions[old].key == questions[i].key &&
                m_questions[old].forms.front() == questions[i].forms.front()) {
                answers[i] = std::move(m_answers[old]);
            }
        }
    }
    m_editor.wipe();
    wipe_answers();
    m_questions = std::move(questions);
    m_answers = std::move(answers);
    m_asked.clear();
    for (std::size_t i = 0; i < m_questions.size(); ++i) {
        if (m_questions[i].asked) {
            m_asked.push_back(i);
        }
    }
    m_step = 0;
    m_correcting = false;
    if (m_asked.empty()) {
        return false;
    }
    open(m_asked.front());
    return true;
}

std::span<const std::string> FormsFlow::answer(const FormQuestion& question) const {
    return m_answers[static_cast<std::size_t>(&question - m_questions.data())];
}

std::span<const std::string> FormsFlow::filled_values(const FormQuestion& question) const {
    for (const FilledForm& form : m_filled) {
        const FilledValue* value = form.value(question.key);
        if (value != nullptr && question.fills(form.form->id)) {
            return value->values;
        }
    }
    return {};
}

void FormsFlow::open(std::size_t question) {
    m_problem = AnswerProblem::none;
    std::span<const std::string> current = m_answers[question];
    if (current.empty()) {
        // A value the card filled: the citizen corrects it rather than typing it again.
        current = filled_values(m_questions[question]);
    }
    m_editor.open(m_questions[question], current, m_today);
}

bool FormsFlow::accept() {
    const FormQuestion* question = m_editor.question();
    if (question == nullptr) {
        return false;
    }
    if (m_editor.kind() == EditorKind::date && !date_of(m_editor.date())) {
        m_problem = AnswerProblem::not_a_date;
        return false;
    }
    std::vector<std::string> values = m_editor.values();
    if (values.empty()) {
        skip();
        return true;
    }
    std::vector<std::string> kept;
    for (const FormDefinition* form : question->forms) {
        auto checked = check_answer(*form->field(question->key), Answer(values, 0), m_today);
        if (!checked) {
            switch (question->field->type) {
                case FieldType::date: {
                    const auto date = parse_iso_date(values.front());
                    m_problem = date && to_era(*date) ? AnswerProblem::in_the_future : AnswerProblem::not_a_date;
                    break;
                }
                case FieldType::phone: m_problem = AnswerProblem::phone; break;
                case FieldType::number: m_problem = AnswerProblem::out_of_range; break;
                case FieldType::kana: m_problem = AnswerProblem::not_kana; break;
                default: m_problem = AnswerProblem::invalid; break;
            }
            for (std::string& value : values) {
                card::wipe_string(value);
            }
            return false;
        }
        if (kept.empty()) {
            kept = std::move(*checked);
        } else {
            for (std::string& value : *checked) {
                card::wipe_string(value);
            }
        }
    }
    for (std::string& value : values) {
        card::wipe_string(value);
    }
    std::vector<std::string>& answer = m_answers[static_cast<std::size_t>(question - m_questions.data())];
    // The card's value confirmed unchanged stays the card's.
    if (!question->asked && answer.empty() && std::ranges::equal(kept, filled_values(*question))) {
        for (std::string& value : kept) {
            card::wipe_string(value);
        }
        m_problem = AnswerProblem::none;
        return true;
    }
    for (std::string& value : answer) {
        card::wipe_string(value);
    }
    answer = std::move(kept);
    m_problem = AnswerProblem::none;
    return true;
}

void FormsFlow::skip() {
    if (const FormQuestion* question = m_editor.question()) {
        for (std::string& value : m_answers[static_cast<std::size_t>(question - m_questions.data())]) {
            card::wipe_string(value);
        }
        m_answers[static_cast<std::size_t>(question - m_questions.data())].clear();
    }
    m_problem = AnswerProblem::none;
}

bool FormsFlow::next() {
    if (m_correcting || m_step + 1 >= m_asked.size()) {
        m_editor.wipe();
        return false;
    }
    open(m_asked[++m_step]);
    return true;
}

bool FormsFlow::previous() {
    if (m_correcting || m_step == 0 || m_asked.empty()) {
        m_editor.wipe();
        return false;
    }
    open(m_asked[--m_step]);
    return true;
}

bool FormsFlow::correct(std::string_view form_id, std::string_view field_id) {
    for (std::size_t i = 0; i < m_questions.size(); ++i) {
        if (m_questions[i].key == field_id && m_questions[i].fills(form_id)) {
            m_correcting = true;
            open(i);
            return true;
        }
    }
    return false;
}

void FormsFlow::stop_correcting() {
    m_correcting = false;
    m_problem = AnswerProblem::none;
    m_editor.wipe();
}

FillResult<void> FormsFlow::prepare(const Profile& profile) {
    m_review.clear();
    m_filled.clear();
    Answers answers;
    for (std::size_t i = 0; i < m_questions.size(); ++i) {
        if (!m_answers[i].empty()) {
            add_answer(answers, m_questions[i], m_answers[i]);
        }
    }
    auto filled = fill_forms(chosen(), answers, profile, MissingRequired::leave_blank);
    if (!filled) {
        return std::unexpected(filled.error());
    }
    m_filled = std::move(*filled);
    m_review = review_of(m_filled, [this](std::string_view form, std::string_view field) {
        return answered(form, field);
    });
    return {};
}

bool FormsFlow::answered(std::string_view form_id, std::string_view field_id) const {
    for (std::size_t i = 0; i < m_questions.size(); ++i) {
        if (m_questions[i].key == field_id && m_questions[i].fills(form_id)) {
            return !m_answers[i].empty();
        }
    }
    return false;
}

bool FormsFlow::holds_personal_data() const {
    return !m_filled.empty() || !m_review.empty() || m_editor.question() != nullptr ||
           std::ranges::any_of(m_answers, [](const auto& answer) { return !answer.empty(); });
}

void FormsFlow::wipe_answers() {
    for (std::vector<std::string>& answer : m_answers) {
        for (std::string& value : answer) {
            card::wipe_string(value);
        }
    }
    m_answers.clear();
}

void FormsFlow::wipe() {
    m_review.clear();
    m_filled.clear();
    m_editor.wipe();
    wipe_answers();
    m_questions.clear();
    m_asked.clear();
    m_step = 0;
    m_correcting = false;
    m_problem = AnswerProblem::none;
    for (FormChoice& choice : m_choices) {
        choice.chosen = false;
    }
}

}  // namespace madoguchi
