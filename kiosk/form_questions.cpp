#include "form_questions.hpp"

#include <algorithm>

namespace madoguchi {
namespace {

// Two fields take the same answers: same kind and, for choices and numbers, the same range.
bool same_answers(const FieldDefinition& a, const FieldDefinition& b) {
    return a.type == b.type && a.options == b.options && a.multiple == b.multiple && a.min == b.min &&
           a.max == b.max && (a.prefill == Prefill::none) == (b.prefill == Prefill::none);
}

}  // namespace

bool FormQuestion::fills(std::string_view form_id) const {
    return std::ranges::any_of(forms, [&](const FormDefinition* form) { return form->id == form_id; });
}

std::vector<FormQuestion> form_questions(std::span<const FormDefinition* const> forms) {
    std::vector<FormQuestion> questions;
    for (const FormDefinition* form : forms) {
        for (const FormSection& section : form->sections) {
            for (const FieldDefinition& field : section.fields) {
                // Nobody answers these at the kiosk: the pen does, or the card alone.
                if (field.signature || field.prefill == Prefill::individual_number) {
                    continue;
                }
                auto same = std::ranges::find_if(questions, [&](const FormQuestion& question) {
                    return question.key == field.id && same_answers(*question.field, field);
                });
                if (same == questions.end()) {
                    FormQuestion question;
                    question.key = field.id;
                    question.field = &field;
                    question.asked = field.prefill == Prefill::none;
                    question.max_length = field.max_length;
                    questions.push_back(std::move(question));
                    same = questions.end() - 1;
                }
                same->forms.push_back(form);
                same->required = same->required || field.required;
                same->past = same->past || field.past;
                same->max_length = std::min(same->max_length, field.max_length);
            }
        }
    }
    for (FormQuestion& question : questions) {
        question.shared = std::ranges::count(questions, question.key, &FormQuestion::key) == 1;
    }
    return questions;
}

void add_answer(Answers& answers, const FormQuestion& question, const std::vector<std::string>& values) {
    if (question.shared) {
        answers.shared.insert_or_assign(question.key, Answer(values, 0));
        return;
    }
    for (const FormDefinition* form : question.forms) {
        answers.per_form[form->id].insert_or_assign(question.key, Answer(values, 0));
    }
}

}  // namespace madoguchi
