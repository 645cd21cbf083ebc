// The review before the ticket: every chosen form with all its fields. Values from the card are
// marked as such, and so are the citizen's answers; fields nobody filled are marked as completed
// at the counter, and signatures as signed there by hand. A touch on any other field opens it
// for correction on the same widgets as the questions. The list scrolls under a dragging finger.
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
        case ReviewSource::answered: return view.tr("Entered by you");
    }
    return "";
}

ImU32 source_colour(ReviewSource source) {
    switch (source) {
        case ReviewSource::card:
        case ReviewSource::answered: return k_primary;
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
    centered_text(view.tr("Touch a field to change it. Fields marked empty are completed with staff at the counter."),
                  t.fonts.body, width - t.px(240), k_text_muted);

    const float list_top = ImGui::GetCursorPosY() + t.px(16);
    const float list_bottom = height - t.min_touch() - t.px(88);
    ImGui::SetCursorPos(ImVec2(t.px(120), list_top));
    ImGui::BeginChild("forms-review-list", ImVec2(width - t.px(240), list_bottom - list_top), false);
    const float list_width = ImGui::GetWindowWidth() - t.px(24);
    const float label_width = list_width * 0.34f;
    const float value_x = label_width + t.px(24);
    const float value_width = list_width - value_x;
    // Room at the row's right for the word that says it can be changed.
    const float change_width = t.px(200);
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
                m_free_text.draw(field.printed, t.px(40), k_text, value_width - change_width);
            }
            const bool hidden_number = field.field->prefill == Prefill::individual_number && !field.printed.empty();
            const char* mark = hidden_number ? view.tr("From your card; not shown on screen")
                                             : source_mark(view, field.source);
            paragraph(mark, t.fonts.body, value_width - change_width, source_colour(field.source), value_x);
            float row_bottom = std::max(label_bottom, ImGui::GetCursorPosY());
            if (!field.changeable()) {
                log_item(label + ": " + mark);
            } else {
                // The whole row is the target, at least a finger high; a finger that dragged the
                // list does not open it.
                row_bottom = std::max(row_bottom, y + t.min_touch() - t.px(12));
                const std::string id = "##correct-" + form.form->id + "-" + field.field->id;
                ImGui::SetCursorPos(ImVec2(0, y - t.px(6)));
                const bool touched = ImGui::InvisibleButton(id.c_str(), ImVec2(list_width, row_bottom - y + t.px(12)));
                log_item(label + ": " + mark);
                const ImVec2 row_min = ImGui::GetItemRectMin();
                const ImVec2 row_max = ImGui::GetItemRectMax();
                ImDrawList* draw = ImGui::GetWindowDrawList();
                if (ImGui::IsItemActive()) {
                    draw->AddRectFilled(row_min, row_max, IM_COL32(0, 80, 160, 28), t.px(8));
                }
                draw->AddLine(ImVec2(row_min.x, row_max.y), row_max, k_secondary, t.px(2));
                const char* change = view.tr("Change");
                ImFont* font = t.fonts.body;
                const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, change);
                const ImVec2 text_pos(row_max.x - size.x - t.px(36), (row_min.y + row_max.y - size.y) * 0.5f);
                draw->AddRect(ImVec2(text_pos.x - t.px(20), text_pos.y - t.px(8)),
                              ImVec2(text_pos.x + size.x + t.px(20), text_pos.y + size.y + t.px(8)), k_primary, t.px(10),
                              0, t.px(3));
                draw->AddText(font, font->FontSize, text_pos, k_primary, change);
                const float slop = t.px(24);
                if (touched && ImGui::GetIO().MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < slop * slop) {
                    intents.push_back(intent::CorrectField{form.form->id, field.field->id});
                }
            }
            ImGui::SetCursorPosY(row_bottom);
        }
    }
    // A finger dragged over the list scrolls it: a kiosk has no wheel and no scroll bar to grab.
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
        ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
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
