#pragma once
// The questions the chosen forms ask beyond the card (issue 6: "extras asked once across all
// forms"). Fields are keyed by their id, as answers are (form_fill): one answer fills every chosen
// form with that id, unless the forms disagree on what the field takes (使用目的 lists different
// purposes on different forms), and then each kind is asked on its own, for its forms only.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "form_fill.hpp"

namespace madoguchi {

struct FormQuestion {
    std::string key;                           // the fields' id: the answer's key
    std::vector<const FormDefinition*> forms;  // the chosen forms the answer fills, in order
    const FieldDefinition* field = nullptr;    // as the first of them defines it
    bool shared = true;     // one answer for every chosen form with the key; else one per form
    bool asked = true;      // false: the card or the kiosk fills it, and the review may correct it
    bool required = false;  // by any of its forms
    bool past = false;      // a date: not after today on any of its forms
    std::size_t max_length = 0;  // the shortest any of its forms allows

    bool fills(std::string_view form_id) const;
};

// Every field of the chosen forms a citizen may answer or correct (signatures and seals are
// done by hand), merged across forms, in the order they first appear.
std::vector<FormQuestion> form_questions(std::span<const FormDefinition* const> forms);

// Adds one question's answer to the answers fill_forms takes: shared, or in each form's table.
void add_answer(Answers& answers, const FormQuestion& question, const std::vector<std::string>& values);

}  // namespace madoguchi
