#include "forms_flow.hpp"

#include <algorithm>

namespace madoguchi {

ReviewField::ReviewField(const FieldDefinition* of, std::string value, ReviewSource from)
    : field(of), printed(std::move(value)), source(from) {}

ReviewField::~ReviewField() { card::wipe_string(printed); }

FormsFlow::FormsFlow(std::shared_ptr<const std::vector<FormDefinition>> forms) : m_forms(std::move(forms)) {
    if (m_forms) {
        for (const FormDefinition& form : *m_forms) {
            m_choices.push_back({&form, false});
        }
    }
}

FormsFlow::~FormsFlow() { wipe(); }

std::vector<ReviewForm> review_of(std::span<const FilledForm> forms) {
    std::vector<ReviewForm> reviews;
    for (const FilledForm& form : forms) {
        ReviewForm review{form.form, {}};
        for (const FormSection& section : form.form->sections) {
            for (const FieldDefinition& field : section.fields) {
                if (field.signature) {
                    review.fields.emplace_back(&field, std::string(), ReviewSource::by_hand);
                } else if (const FilledValue* value = form.value(field.id)) {
                    review.fields.emplace_back(&field, value->printed(),
                                               value->from_card ? ReviewSource::card : ReviewSource::kiosk);
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

FillResult<void> FormsFlow::prepare(const Profile& profile) {
    m_review.clear();
    m_filled.clear();
    std::vector<const FormDefinition*> chosen;
    for (const FormChoice& choice : m_choices) {
        if (choice.chosen) {
            chosen.push_back(choice.form);
        }
    }
    auto filled = fill_forms(chosen, Answers{}, profile, MissingRequired::leave_blank);
    if (!filled) {
        return std::unexpected(filled.error());
    }
    m_filled = std::move(*filled);
    m_review = review_of(m_filled);
    return {};
}

void FormsFlow::wipe() {
    m_review.clear();
    m_filled.clear();
    for (FormChoice& choice : m_choices) {
        choice.chosen = false;
    }
}

}  // namespace madoguchi
