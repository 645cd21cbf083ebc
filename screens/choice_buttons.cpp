#include <algorithm>
#include <string>

#include "answer_widgets.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void choice_buttons(const View& view, const AnswerEditor& editor, ImVec2 pos, ImVec2 size, Intents& intents) {
    const Theme& t = theme();
    const FieldDefinition& field = *editor.question()->field;
    const auto options = editor.options();
    const bool english = view.language != "ja" && field.type == FieldType::choice;
    const std::size_t count = options.size();
    // Numbers and short words fit five or three to a row; English with its Japanese, two.
    const std::size_t columns = count > 12 ? 5 : english ? 2 : count > 4 ? 3 : 2;
    const std::size_t rows = (count + columns - 1) / columns;
    const float gap = t.px(20);
    const float button_height = std::min(english ? t.px(150) : t.px(130),
                                         (size.y - static_cast<float>(rows - 1) * gap) / static_cast<float>(rows));
    const ImVec2 button((size.x - static_cast<float>(columns - 1) * gap) / static_cast<float>(columns),
                        button_height);
    ImGui::PushFont(count > 12 ? t.fonts.heading : t.fonts.body);
    for (std::size_t i = 0; i < count; ++i) {
        const std::string& value = options[i];
        const std::string label = english ? field.options_en[i] + "\n" + value : value;
        request_glyphs(label);
        ImGui::SetCursorPos(ImVec2(pos.x + static_cast<float>(i % columns) * (button.x + gap),
                                   pos.y + static_cast<float>(i / columns) * (button.y + gap)));
        if (wrapped_touch_button(label, button, editor.chosen(value) ? ButtonStyle::selected : ButtonStyle::secondary)) {
            intents.push_back(intent::AnswerOption{value});
        }
        if (english) {
            log_item(field.options_en[i]);
        }
    }
    ImGui::PopFont();
    if (field.multiple) {
        ImGui::SetCursorPos(ImVec2(pos.x, pos.y + static_cast<float>(rows) * (button.y + gap)));
        paragraph(view.tr("You may choose more than one."), t.fonts.body, size.x, k_text_muted, pos.x);
    }
}

}  // namespace madoguchi::screens
