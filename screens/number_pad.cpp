#include <algorithm>
#include <string>

#include "answer_widgets.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void number_pad(const View& view, ImVec2 pos, ImVec2 size, Intents& intents) {
    const Theme& t = theme();
    const float gap = t.px(16);
    const ImVec2 key(std::min(t.px(260), (size.x - 2 * gap) / 3), std::min(t.px(124), (size.y - 3 * gap) / 4));
    const float left = pos.x + (size.x - 3 * key.x - 2 * gap) * 0.5f;
    static constexpr const char* k_digits[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
    ImGui::PushFont(t.fonts.heading);
    for (int i = 0; i < 11; ++i) {
        ImGui::SetCursorPos(ImVec2(left + static_cast<float>(i % 3) * (key.x + gap),
                                   pos.y + static_cast<float>(i / 3) * (key.y + gap)));
        if (i < 9) {
            const std::string label = std::string(k_digits[i]) + "##pad";
            if (touch_button(label.c_str(), key, ButtonStyle::secondary)) {
                intents.push_back(intent::AnswerKey{k_digits[i]});
            }
        } else if (i == 9) {
            ImGui::PushFont(t.fonts.body);
            if (touch_button(view.tr("Delete"), key, ButtonStyle::secondary)) {
                intents.push_back(intent::AnswerBackspace{});
            }
            ImGui::PopFont();
        } else if (touch_button("0##pad", key, ButtonStyle::secondary)) {
            intents.push_back(intent::AnswerKey{"0"});
        }
    }
    ImGui::PopFont();
}

}  // namespace madoguchi::screens
