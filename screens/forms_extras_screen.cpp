// The questions the chosen forms ask beyond the card, one at a time (issue 6): the question,
// the forms it fills, what is typed so far, and the widget for its kind. Optional questions may
// be skipped; required ones may be left for the counter. Opened from the review, the same screen
// corrects one value and returns there.
#include <algorithm>
#include <optional>
#include <string>

#include "answer_widgets.hpp"
#include "forms_screens.hpp"
#include "kiosk/i18n.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

const char* problem_text(const View& view, AnswerProblem problem) {
    switch (problem) {
        case AnswerProblem::none: return "";
        case AnswerProblem::not_a_date: return view.tr("There is no such day. Please check the era, year, month and day.");
        case AnswerProblem::in_the_future: return view.tr("This date is after today. Please check it.");
        case AnswerProblem::phone: return view.tr("Please enter 10 or 11 digits, starting with 0.");
        case AnswerProblem::out_of_range: return view.tr("This number is outside what the form allows.");
        case AnswerProblem::not_kana: return view.tr("Please use kana only (katakana or hiragana).");
        case AnswerProblem::invalid: return view.tr("This cannot be written on the form. Please check it.");
    }
    return "";
}

const char* skip_label(const View& view, const FormQuestion& question, bool correcting) {
    if (correcting) {
        return question.asked ? view.tr("Clear") : view.tr("Use the card's value");
    }
    return question.required ? view.tr("Ask at the counter") : view.tr("Skip");
}

}  // namespace

void FormsExtrasScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    begin_fullscreen("forms-extras");
    const FormsFlow& forms = *view.forms;
    const FormQuestion* question = forms.current_question();
    if (question == nullptr) {
        end_fullscreen();
        return;
    }
    const AnswerEditor& editor = forms.editor();
    const FieldDefinition& field = *question->field;
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    const float left = t.px(80);
    const float column = width - 2 * left;
    const bool japanese = view.language == "ja";

    ImGui::SetCursorPosY(t.px(32));
    const std::string progress =
        forms.correcting()
            ? std::string(view.tr("Correcting your forms"))
            : fill(view.tr("Question {} of {}"),
                   {std::to_string(forms.question_number()), std::to_string(forms.question_count())});
    paragraph(progress, t.fonts.body, column, k_text_muted, left);
    const std::string label = japanese ? field.label : field.label_en + "（" + field.label + "）";
    request_glyphs(label);
    paragraph(label, t.fonts.heading, column, k_text, left);
    log_item(label);
    std::string titles;
    for (const FormDefinition* form : question->forms) {
        titles += (titles.empty() ? "" : japanese ? "、" : ", ") + (japanese ? form->title : form->title_en);
    }
    const std::string note = std::string(question->required ? view.tr("Required.") : view.tr("Optional.")) + " " +
                             fill(view.tr("Written on: {}"), {titles});
    request_glyphs(note);
    paragraph(note, t.fonts.body, column, k_text_muted, left);

    float area_top = ImGui::GetCursorPosY() + t.px(20);
    const float bottom = height - t.min_touch() - t.px(40);
    const bool typed = editor.kind() == EditorKind::keyboard || editor.kind() == EditorKind::number_pad;
    if (typed) {
        // What is typed so far: the citizen's own text, drawn as free text, never through the atlas.
        const float box_height = t.px(100);
        const float box_width = editor.kind() == EditorKind::number_pad ? t.px(900) : column;
        const float box_left = editor.kind() == EditorKind::number_pad ? (width - box_width) * 0.5f : left;
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const ImVec2 origin = ImGui::GetWindowPos();
        const ImVec2 min(origin.x + box_left, origin.y + area_top);
        const ImVec2 max(min.x + box_width, min.y + box_height);
        draw->AddRectFilled(min, max, IM_COL32(255, 255, 255, 255), t.px(10));
        draw->AddRect(min, max, k_primary, t.px(10), 0, t.px(3));
        const std::string text = editor.text().utf8();
        ImGui::SetCursorPos(ImVec2(box_left + t.px(24), area_top + (box_height - t.px(56)) * 0.5f));
        if (!text.empty()) {
            m_free_text.draw(text, t.px(56), k_text, box_width - t.px(200));
        }
        const std::string count =
            std::to_string(editor.text().length()) + " / " + std::to_string(editor.text().max_length());
        ImFont* font = t.fonts.body;
        const float count_width = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, count.c_str()).x;
        ImGui::SetCursorPos(ImVec2(box_left + box_width - count_width - t.px(24), area_top + (box_height - font->FontSize) * 0.5f));
        generated_text(count, font);
        area_top += box_height + t.px(12);
    }
    if (forms.problem() != AnswerProblem::none) {
        ImGui::SetCursorPosY(area_top);
        // Under the box it is about: centred over the pad, at the left over the keyboard.
        const bool pad = editor.kind() == EditorKind::number_pad;
        paragraph(problem_text(view, forms.problem()), t.fonts.body, column, k_warning,
                  pad ? std::nullopt : std::optional<float>(left));
        area_top = ImGui::GetCursorPosY() + t.px(8);
    } else if (typed) {
        area_top += t.px(8);
    }

    const ImVec2 area_pos(left, area_top + t.px(12));
    const ImVec2 area_size(column, bottom - area_pos.y - t.px(32));
    switch (editor.kind()) {
        case EditorKind::keyboard: kana_keyboard(view, editor, area_pos, area_size, intents); break;
        case EditorKind::number_pad: number_pad(view, area_pos, area_size, intents); break;
        case EditorKind::choice: choice_buttons(view, editor, area_pos, area_size, intents); break;
        case EditorKind::date: date_picker(view, editor, area_pos, area_size, intents); break;
    }

    const ImVec2 side(t.px(440), 0);
    ImGui::SetCursorPos(ImVec2(left, bottom));
    if (touch_button(view.tr("Back"), side, ButtonStyle::secondary)) {
        intents.push_back(intent::Back{});
    }
    ImGui::SetCursorPos(ImVec2((width - side.x) * 0.5f, bottom));
    if (touch_button(skip_label(view, *question, forms.correcting()), side, ButtonStyle::secondary)) {
        intents.push_back(intent::AnswerSkip{});
    }
    ImGui::SetCursorPos(ImVec2(width - left - side.x, bottom));
    if (touch_button(forms.correcting() ? view.tr("OK") : view.tr("Next"), side)) {
        intents.push_back(intent::AnswerDone{});
    }
    end_fullscreen();
}

}  // namespace madoguchi::screens
