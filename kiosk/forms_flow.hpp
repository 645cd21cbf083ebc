#pragma once
// The kiosk's "no writing" forms (issue 6): the forms offered as a list, the ones the citizen
// chose, the review of what the card fills in them, and the filled forms kept until the ticket
// they travel with is printed. Everything filled is personal data, erased by wipe().
#include <memory>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "answer_editor.hpp"
#include "form_fill.hpp"
#include "form_questions.hpp"

namespace madoguchi {

struct FormChoice {
    const FormDefinition* form = nullptr;
    bool chosen = false;
};

// Where a reviewed value comes from: the card; the kiosk itself (today's date, the name's
// reading); nowhere yet (completed at the counter); the pen (a signature or seal); the citizen
// (an answer to a question, or a value from the card corrected).
enum class ReviewSource { card, kiosk, empty, by_hand, answered };

// Why an answer was not kept: the screen says it in the citizen's language.
enum class AnswerProblem { none, not_a_date, in_the_future, phone, out_of_range, not_kana, invalid };

struct ReviewField {
    const FieldDefinition* field = nullptr;
    // As the form will show it; empty unless filled. The individual number is masked: it is
    // printed on the form but never shown on a screen.
    std::string printed;
    ReviewSource source = ReviewSource::empty;

    ReviewField(const FieldDefinition* of, std::string value, ReviewSource from);
    ReviewField(const ReviewField&) = delete;
    ReviewField& operator=(const ReviewField&) = delete;
    ReviewField(ReviewField&&) noexcept = default;
    ReviewField& operator=(ReviewField&&) noexcept = default;
    ~ReviewField();

    // Opens for correction: neither a signature box nor the individual number, which only the
    // card gives.
    bool changeable() const;
};

struct ReviewForm {
    const FormDefinition* form = nullptr;
    std::vector<ReviewField> fields;
};

// Whether the citizen typed the field's value at the kiosk (form id, field id).
using AnsweredHere = std::function<bool(std::string_view, std::string_view)>;

// Every field of each filled form, with its value as printed and where it came from.
std::vector<ReviewForm> review_of(std::span<const FilledForm> forms, const AnsweredHere& answered = {});

class FormsFlow {
public:
    explicit FormsFlow(std::shared_ptr<const std::vector<FormDefinition>> forms);
    ~FormsFlow();
    FormsFlow(const FormsFlow&) = delete;
    FormsFlow& operator=(const FormsFlow&) = delete;

    bool offered() const { return !m_choices.empty(); }
    std::span<const FormChoice> choices() const { return m_choices; }
    bool any_chosen() const;
    void toggle(std::string_view form_id);
    // A chosen form has a field the card's individual number fills.
    bool needs_individual_number() const;

    // The questions of the chosen forms (answers given earlier to the same questions are kept);
    // true when some are asked before the review. Starts at the first.
    bool ask(const CalendarDate& today);
    std::span<const FormQuestion> questions() const { return m_questions; }
    // The answer kept for a question (empty: none yet, or skipped).
    std::span<const std::string> answer(const FormQuestion& question) const;
    // The question on screen, from the sequence or from the review; null when none is.
    const FormQuestion* current_question() const { return m_editor.question(); }
    std::size_t question_number() const { return m_step + 1; }
    std::size_t question_count() const { return m_asked.size(); }
    // The question was opened from the review: done or back returns there.
    bool correcting() const { return m_correcting; }
    const AnswerEditor& editor() const { return m_editor; }
    AnswerEditor& editor() { return m_editor; }
    AnswerProblem problem() const { return m_problem; }
    // Checks the editor's answer against every form it fills and keeps it; false (and a
    // problem to show) when a form refuses it. Nothing typed counts as skipping.
    bool accept();
    // Leaves the question unanswered: an optional field stays empty, a required one is
    // completed at the counter, a value from the card is the card's again.
    void skip();
    // The next (or previous) question of the sequence; false when there is none.
    bool next();
    bool previous();
    // Opens a reviewed field for correction; false for a field the citizen cannot change.
    bool correct(std::string_view form_id, std::string_view field_id);
    void stop_correcting();

    // Fills the chosen forms from the answers and the profile, leaving what nothing fills for
    // the counter, and builds the review. A fill error (card data that fails a field's check) is
    // returned.
    FillResult<void> prepare(const Profile& profile);
    std::span<const ReviewForm> review() const { return m_review; }
    std::span<const FilledForm> filled() const { return m_filled; }
    // Hands the filled forms over (moved, not copied); the flow holds none after.
    std::vector<FilledForm> take_filled() { return std::exchange(m_filled, {}); }

    bool holds_personal_data() const;
    // Drops the filled forms (their values wipe themselves), the review, the answers, what is
    // being typed and the choices.
    void wipe();

private:
    std::vector<const FormDefinition*> chosen() const;
    std::span<const std::string> filled_values(const FormQuestion& question) const;
    void open(std::size_t question);
    bool answered(std::string_view form_id, std::string_view field_id) const;
    void wipe_answers();

    std::shared_ptr<const std::vector<FormDefinition>> m_forms;
    std::vector<FormChoice> m_choices;
    std::vector<FilledForm> m_filled;
    std::vector<ReviewForm> m_review;
    std::vector<FormQuestion> m_questions;
    std::vector<std::vector<std::string>> m_answers;  // one per question, wiped
    std::vector<std::size_t> m_asked;                 // the questions asked in sequence
    std::size_t m_step = 0;                           // in m_asked
    bool m_correcting = false;
    AnswerEditor m_editor;
    AnswerProblem m_problem = AnswerProblem::none;
    CalendarDate m_today;
};

}  // namespace madoguchi
