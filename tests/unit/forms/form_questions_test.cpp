// The questions beyond the card (issue 6): each asked once across the chosen forms, split only
// where forms disagree on what a field takes, in a stable order, and answers that fill them all.
#include <doctest/doctest.h>

#include <algorithm>

#include "kiosk/form_definition.hpp"
#include "kiosk/form_questions.hpp"

using namespace madoguchi;

namespace {

const std::vector<FormDefinition>& shipped() {
    static const std::vector<FormDefinition> forms = *load_forms(MADOGUCHI_SOURCE_DIR "/assets/forms");
    return forms;
}

std::vector<const FormDefinition*> chosen(std::initializer_list<std::string_view> ids) {
    std::vector<const FormDefinition*> forms;
    for (const FormDefinition& form : shipped()) {
        if (std::ranges::find(ids, form.id) != ids.end()) {
            forms.push_back(&form);
        }
    }
    return forms;
}

std::vector<const FormQuestion*> with_key(const std::vector<FormQuestion>& questions, std::string_view key) {
    std::vector<const FormQuestion*> found;
    for (const FormQuestion& question : questions) {
        if (question.key == key) {
            found.push_back(&question);
        }
    }
    return found;
}

constexpr CalendarDate k_today{2026, 11, 26};

}  // namespace

TEST_CASE("questions: one per key across forms, asked only beyond the card, never a signature") {
    const auto forms = chosen({"juminhyo", "inkan_shomei", "koseki"});
    const std::vector<FormQuestion> questions = form_questions(forms);

    const auto phone = with_key(questions, "phone");
    REQUIRE(phone.size() == 1);
    CHECK(phone[0]->shared);
    CHECK(phone[0]->asked);
    CHECK(phone[0]->required);
    CHECK(phone[0]->forms.size() == 3);

    const auto copies = with_key(questions, "copies");
    REQUIRE(copies.size() == 1);
    CHECK(copies[0]->forms.size() == 3);

    // The name comes from the card: not asked, but there for the review to correct.
    const auto name = with_key(questions, "name");
    REQUIRE(name.size() == 1);
    CHECK_FALSE(name[0]->asked);
    CHECK(with_key(questions, "signature").empty());

    // 使用目的 offers different purposes on each form: asked per form.
    const auto purpose = with_key(questions, "purpose");
    REQUIRE(purpose.size() == 3);
    for (const FormQuestion* question : purpose) {
        CHECK_FALSE(question->shared);
        CHECK(question->forms.size() == 1);
    }
    // 必要な方の氏名 is optional on one form and the same kind of text on both: one question.
    const auto subjects = with_key(questions, "subject_names");
    REQUIRE(subjects.size() == 1);
    CHECK(subjects[0]->forms.size() == 2);

    // Stable: the forms' order (the definitions'), then each form's fields in order.
    CHECK(questions.front().key == "date_filed");
    CHECK(questions.front().forms.front()->id == "inkan_shomei");
    CHECK(form_questions(forms).size() == questions.size());
    for (std::size_t i = 0; i < questions.size(); ++i) {
        CHECK(form_questions(forms)[i].key == questions[i].key);
    }
}

TEST_CASE("questions: the strictest limit and any form's requirement win") {
    const auto forms = chosen({"jumin_ido", "koseki"});
    const std::vector<FormQuestion> questions = form_questions(forms);
    const auto domicile = with_key(questions, "domicile");
    REQUIRE(domicile.size() == 1);
    CHECK(domicile[0]->required);  // optional on 住民異動届, required on 戸籍証明書等請求書
}

TEST_CASE("answers to merged questions fill every form they belong to") {
    const auto forms = chosen({"juminhyo", "inkan_shomei", "koseki"});
    const std::vector<FormQuestion> questions = form_questions(forms);
    Answers answers;
    add_answer(answers, *with_key(questions, "phone")[0], {"0312345678"});
    add_answer(answers, *with_key(questions, "copies")[0], {"2"});
    for (const FormQuestion* purpose : with_key(questions, "purpose")) {
        add_answer(answers, *purpose, {"その他"});
    }
    Profile profile;
    profile.today = k_today;
    auto filled = fill_forms(forms, answers, profile, MissingRequired::leave_blank);
    REQUIRE_MESSAGE(filled.has_value(), (filled ? "" : filled.error().describe("answers")));
    REQUIRE(filled->size() == 3);
    for (const FilledForm& form : *filled) {
        CHECK(form.value("phone")->printed() == "0312345678");
        CHECK(form.value("copies")->printed() == "2");
        CHECK(form.value("purpose")->printed() == "その他");
    }
    CHECK(answers.shared.contains("phone"));
    CHECK_FALSE(answers.shared.contains("purpose"));
    CHECK(answers.per_form.at("koseki").contains("purpose"));
}
