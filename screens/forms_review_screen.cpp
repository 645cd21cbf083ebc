// The review before the ticket: every chosen form with all its fields. Values from the card are
// marked as such; fields nobody filled are marked as completed at the counter, and signatures
// as signed there by hand. The list scrolls under a dragging finger.
#include <algorithm>
#include <string>

#include "forms_screens.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

const char* source_mark(const View& view, ReviewSource source) {
    switch (source) {
        case ReviewSource::card: return view.tr("From your card");
        case ReviewSource::kiosk: return view.tr("Filled in by the kiosk");
        case ReviewSource::empty: return view.tr("Empty: completed at the counter");
        case ReviewSource::by_hand: return view.tr("Signed by hand at the counter");
    }
    return "";
}

ImU32 source_colour(ReviewSource source) {
    switch (source) {
        case ReviewSource::card: return k_primary;
        case ReviewSource::empty: return k_warning;
        default: return k_text_muted;
    }
}

}  // namespace

void FormsReviewScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    begin_fullscreen("forms-review");
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    ImGui::SetCursorPosY(t.px(48));
    centered_text(view.tr("Check your forms"), t.fonts.heading, width - t.px(240), k_text);
    ImGui::Dummy(ImVec2(0, t.px(8)));
    centered_text(view.tr("Nothing to write: fields marked empty are completed with staff at the counter."),
                  t.fonts.body, width - t.px(240), k_text_muted);

    const float list_top = ImGui::GetCursorPosY() + t.px(16);
    const float list_bottom = height - t.min_touch() - t.px(88);
    ImGui::SetCursorPos(ImVec2(t.px(120), list_top));
    ImGui::BeginChild("forms-review-list", ImVec2(width - t.px(240), list_bottom - list_top), false);
    const float list_width = ImGui::GetWindowWidth() - t.px(24);
    const float label_width = list_width * 0.34f;
    const float value_x = label_width + t.px(24);
    const float value_width = list_width - value_x;
    const bool japanese = view.language == "ja";
    for (const ReviewForm& form : view.form_review) {
        const std::string& title = japanese ? form.form->title : form.form->title_en;
        request_glyphs(title);
        ImGui::Dummy(ImVec2(0, t.px(12)));
        paragraph(title, t.fonts.heading, list_width, k_text, 0.0f);
        log_item(title);
        for (const ReviewField& field : form.fields) {
            const std::string& label = japanese ? field.field->label : field.field->label_en;
            request_glyphs(label);
            const float y = ImGui::GetCursorPosY() + t.px(12);
            ImGui::SetCursorPosY(y);
            paragraph(label, t.fonts.body, label_width, k_text_muted, 0.0f);
            const float label_bottom = ImGui::GetCursorPosY();
            ImGui::SetCursorPos(ImVec2(value_x, y));
            if (!field.printed.empty()) {
                m_free_text.draw(field.printed, t.px(40), k_text, value_width);
            }
            const char* mark = source_mark(view, field.source);
            paragraph(mark, t.fonts.body, value_width, source_colour(field.source), value_x);
            log_item(label + ": " + mark);
            ImGui::SetCursorPosY(std::max(label_bottom, ImGui::GetCursorPosY()));
        }
    }
    // A finger dragged over the list scrolls it: a kiosk has no wheel and no scroll bar to grab.
    if (ImGui::IsWindowHovered() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
    }
    ImGui::EndChild();

    const float bottom = height - t.min_touch() - t.px(56);
    const ImVec2 back(t.px(420), 0);
    ImGui::SetCursorPos(ImVec2(t.px(120), bottom));
    if (touch_button(view.tr("Back"), back, ButtonStyle::secondary)) {
        intents.push_back(intent::Back{});
    }
    const ImVec2 confirm(t.px(720), 0);
    ImGui::SetCursorPos(ImVec2(width - t.px(120) - confirm.x, bottom));
    if (touch_button(view.tr("Confirm and take a ticket"), confirm)) {
        intents.push_back(intent::ConfirmForms{});
    }
    end_fullscreen();
}

}  // namespace madoguchi::screens
