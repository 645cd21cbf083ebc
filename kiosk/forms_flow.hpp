#pragma once
// The kiosk's "no writing" forms (issue 6): the forms offered as a list, the ones the citizen
// chose, the review of what the card fills in them, and the filled forms kept until the ticket
// they travel with is printed. Everything filled is personal data, erased by wipe().
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "form_fill.hpp"

namespace madoguchi {

struct FormChoice {
    const FormDefinition* form = nullptr;
    bool chosen = false;
};

// Where a reviewed value comes from: the card; the kiosk itself (today's date, the name's
// reading); nowhere yet (completed at the counter); the pen (a signature or seal).
enum class ReviewSource { card, kiosk, empty, by_hand };

struct ReviewField {
    const FieldDefinition* field = nullptr;
    std::string printed;  // as the form will show it; empty unless filled
    ReviewSource source = ReviewSource::empty;

    ReviewField(const FieldDefinition* of, std::string value, ReviewSource from);
    ReviewField(const ReviewField&) = delete;
    ReviewField& operator=(const ReviewField&) = delete;
    ReviewField(ReviewField&&) noexcept = default;
    ReviewField& operator=(ReviewField&&) noexcept = default;
    ~ReviewField();
};

struct ReviewForm {
    const FormDefinition* form = nullptr;
    std::vector<ReviewField> fields;
};

// Every field of each filled form, with its value as printed and where it came from.
std::vector<ReviewForm> review_of(std::span<const FilledForm> forms);

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

    // Fills the chosen forms from the profile, leaving what it cannot fill for the counter, and
    // builds the review. A fill error (card data that fails a field's check) is returned.
    FillResult<void> prepare(const Profile& profile);
    std::span<const ReviewForm> review() const { return m_review; }
    std::span<const FilledForm> filled() const { return m_filled; }

    bool holds_personal_data() const { return !m_filled.empty() || !m_review.empty(); }
    // Drops the filled forms (their values wipe themselves), the review and the choices.
    void wipe();

private:
    std::shared_ptr<const std::vector<FormDefinition>> m_forms;
    std::vector<FormChoice> m_choices;
    std::vector<FilledForm> m_filled;
    std::vector<ReviewForm> m_review;
};

}  // namespace madoguchi
