// The citizen's forms at the counter, every field: what the kiosk filled, what is left to
// complete with the citizen, and where a signature or seal goes. Staff go through it with the
// citizen before printing. The list scrolls under a dragging finger or the mouse wheel.
#include <algorithm>
#include <string>

#include "counter_parts.hpp"
#include "counter_screens.hpp"
#include "kiosk/i18n.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

// Staff see where a value came from only when there is none: the value speaks for itself.
const char* missing_mark(const View& view, ReviewSource source) {
    switch (source) {
        case ReviewSource::empty: return view.tr("Empty: complete it with the citizen");
        case ReviewSource::by_hand: return view.tr("Signature or seal, by hand");
        case ReviewSource::card:
        case ReviewSource::kiosk:
        case ReviewSource::answered: break;
    }
    return "";
}

}  // namespace

void CounterFormsScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    const CounterPicture& desk = *view.counter;
    begin_fullscreen("counter-forms");
    counter_top_bar(view, intents);
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    ImGui::SetCursorPosY(t.px(168));
    const std::string title = fill(view.tr("Forms for {}"), {desk.forms_ticket});
    request_glyphs(title);
    paragraph(title, t.fonts.heading, width - t.px(240), k_text, t.px(96));

    const float list_top = ImGui::GetCursorPosY() + t.px(8);
    const float list_bottom = height - t.min_touch() - t.px(72);
    ImGui::SetCursorPos(ImVec2(t.px(96), list_top));
    ImGui::BeginChild("counter-forms-list", ImVec2(width - t.px(192), list_bottom - list_top), false);
    const float list_width = ImGui::GetWindowWidth() - t.px(24);
    const float label_width = list_width * 0.34f;
    const float value_x = label_width + t.px(24);
    const float value_width = list_width - value_x;
    const bool japanese = view.language == "ja";
    for (const ReviewForm& form : view.form_review) {
        const std::string& form_title = japanese ? form.form->title : form.form->title_en;
        request_glyphs(form_title);
        ImGui::Dummy(ImVec2(0, t.px(8)));
        paragraph(form_title, t.fonts.heading, list_width, k_primary, 0.0f);
        log_item(form_title);
        for (const ReviewField& field : form.fields) {
            const std::string& label = japanese ? field.field->label : field.field->label_en;
            request_glyphs(label);
            const float y = ImGui::GetCursorPosY() + t.px(8);
            ImGui::SetCursorPosY(y);
            paragraph(label, t.fonts.body, label_width, k_text_muted, 0.0f);
            const float label_bottom = ImGui::GetCursorPosY();
            ImGui::SetCursorPos(ImVec2(value_x, y));
            if (!field.printed.empty()) {
                m_free_text.draw(field.printed, t.px(40), k_text, value_width);
            } else {
                paragraph(missing_mark(view, field.source), t.fonts.body, value_width, k_warning, value_x);
            }
            log_item(label);
            ImGui::SetCursorPosY(std::max(label_bottom, ImGui::GetCursorPosY()));
        }
    }
    if (ImGui::IsWindowHovered() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
    }
    ImGui::EndChild();

    const float bottom = height - t.min_touch() - t.px(40);
    const ImVec2 button(t.px(420), 0);
    ImGui::SetCursorPos(ImVec2(t.px(96), bottom));
    if (touch_button(view.tr("Back"), button, ButtonStyle::secondary)) {
        intents.push_back(intent::Back{});
    }
    const std::string_view notice = counter_forms_notice_text(view, desk.forms_notice);
    if (!notice.empty()) {
        ImGui::SetCursorPosY(bottom + t.px(24));
        paragraph(notice, t.fonts.body, width - 2 * button.x - t.px(400),
                  desk.forms_notice == FormsNotice::printed ? k_text_muted : k_warning, t.px(96) + button.x + t.px(48));
        log_item(notice);
    }
    ImGui::SetCursorPos(ImVec2(width - t.px(96) - button.x, bottom));
    ImGui::BeginDisabled(desk.forms_busy);
    if (touch_button(view.tr("Print on A4"), button)) {
        intents.push_back(intent::PrintForms{});
    }
    ImGui::EndDisabled();
    end_fullscreen();
}

}  // namespace madoguchi::screens
