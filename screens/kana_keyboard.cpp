#include <string>
#include <string_view>

#include "answer_widgets.hpp"
#include "drivers/text/utf8.hpp"
#include "kiosk/kana.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

// Addresses and other text need numbers and the words that go with them (１丁目２番３号).
constexpr std::string_view k_digit_rows[2][10] = {
    {"１", "２", "３", "４", "５", "６", "７", "８", "９", "０"},
    {"丁目", "番地", "番", "号", "－", "の", "階", "号室", "", ""},
};

void key(const std::string& text, const char* id, ImVec2 size, Intents& intents) {
    const std::string label = text + "##" + id;
    request_glyphs(text);
    // Words (丁目, 号室) in running type, so that they fit a key made for one kana.
    const bool word = text::decode_utf8(text).size() > 1;
    if (word) {
        ImGui::PushFont(theme().fonts.body);
    }
    if (touch_button(label.c_str(), size, ButtonStyle::secondary)) {
        intents.push_back(intent::AnswerKey{text});
    }
    if (word) {
        ImGui::PopFont();
    }
}

}  // namespace

void kana_keyboard(const View& view, const AnswerEditor& editor, ImVec2 pos, ImVec2 size, Intents& intents) {
    const Theme& t = theme();
    const float gap = t.px(10);
    const bool kana_only = editor.question()->field->type == FieldType::kana;
    const KeyboardMode mode = editor.mode();

    // The function keys: two columns on the left, five rows like the table.
    const ImVec2 function_key(t.px(250), (size.y - 4 * gap) / 5);
    const auto function_at = [&](int column, int row) {
        ImGui::SetCursorPos(ImVec2(pos.x + static_cast<float>(column) * (function_key.x + gap),
                                   pos.y + static_cast<float>(row) * (function_key.y + gap)));
    };
    const auto mode_key = [&](const char* label, KeyboardMode target, int row) {
        function_at(0, row);
        if (wrapped_touch_button(label, function_key, mode == target ? ButtonStyle::selected : ButtonStyle::secondary)) {
            intents.push_back(intent::AnswerKeyboard{target});
        }
    };
    ImGui::PushFont(t.fonts.body);
    mode_key(view.tr("Hiragana"), KeyboardMode::hiragana, 0);
    mode_key(view.tr("Katakana"), KeyboardMode::katakana, 1);
    if (!kana_only) {
        mode_key(view.tr("Numbers"), KeyboardMode::digits, 2);
    }
    function_at(0, 3);
    if (wrapped_touch_button(view.tr("Space"), function_key, ButtonStyle::secondary)) {
        intents.push_back(intent::AnswerKey{"　"});
    }
    function_at(1, 4);
    if (wrapped_touch_button(view.tr("Delete"), function_key, ButtonStyle::secondary)) {
        intents.push_back(intent::AnswerBackspace{});
    }
    // The marks apply to the kana typed last, as on a phone's kana pad.
    const std::pair<const char*, KanaMark> marks[] = {{view.tr("゛ (か→が)"), KanaMark::dakuten},
                                                      {view.tr("゜ (は→ぱ)"), KanaMark::handakuten},
                                                      {view.tr("Small kana"), KanaMark::small}};
    for (int row = 0; row < 3; ++row) {
        function_at(1, row);
        if (wrapped_touch_button(marks[row].first, function_key, ButtonStyle::secondary)) {
            intents.push_back(intent::AnswerMark{marks[row].second});
        }
    }
    ImGui::PopFont();
    ImGui::PushFont(t.fonts.heading);
    function_at(1, 3);
    key("ー", "long", function_key, intents);

    // The table: columns of 10 from the right (あ行 rightmost), rows あいうえお downwards.
    const float table_left = pos.x + 2 * (function_key.x + gap) + t.px(24);
    const ImVec2 kana_key((pos.x + size.x - table_left - 9 * gap) / 10, function_key.y);
    const auto columns = gojuon_columns();
    for (std::size_t column = 0; column < columns.size(); ++column) {
        const float x = pos.x + size.x - static_cast<float>(column + 1) * kana_key.x - static_cast<float>(column) * gap;
        for (std::size_t row = 0; row < 5; ++row) {
            std::string text;
            if (mode == KeyboardMode::digits) {
                // Digits read left to right, like the numbers on a pad.
                text = row < 2 ? std::string(k_digit_rows[row][9 - column]) : std::string();
            } else if (const char32_t kana = columns[column][row]) {
                text::append_utf8(text, mode == KeyboardMode::katakana ? hiragana_to_katakana(kana) : kana);
            }
            if (text.empty()) {
                continue;
            }
            ImGui::SetCursorPos(ImVec2(x, pos.y + static_cast<float>(row) * (kana_key.y + gap)));
            const std::string id = "kana" + std::to_string(column * 5 + row);
            key(text, id.c_str(), kana_key, intents);
        }
    }
    ImGui::PopFont();
}

}  // namespace madoguchi::screens
