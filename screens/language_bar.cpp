#include "language_bar.hpp"

#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void draw_language_bar(const View& view, Intents& intents) {
    const float width = theme().px(260);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const auto count = static_cast<float>(view.languages.size());
    ImGui::SetCursorPosX((ImGui::GetWindowWidth() - (count * width + (count - 1) * spacing)) * 0.5f);
    bool first = true;
    for (const std::string& code : view.languages) {
        if (!first) {
            ImGui::SameLine();
        }
        first = false;
        const bool current = code == view.language;
        const std::string label = std::string(view.autonym(code)) + "##language-" + code;
        if (touch_button(label.c_str(), ImVec2(width, 0), current ? ButtonStyle::selected : ButtonStyle::secondary)) {
            intents.push_back(intent::ChooseLanguage{code});
        }
    }
}

}  // namespace madoguchi::screens
