#include <string>

#include "card_screens.hpp"
#include "kiosk/i18n.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

void draw_pin_boxes(const View& view, float left, float box) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 window = ImGui::GetWindowPos();
    const float top = window.y + ImGui::GetCursorPosY();
    const float gap = box * 0.25f;
    for (std::size_t i = 0; i < 4; ++i) {
        const ImVec2 min(window.x + left + static_cast<float>(i) * (box + gap), top);
        const ImVec2 max(min.x + box, min.y + box);
        draw->AddRectFilled(min, max, IM_COL32(255, 255, 255, 255), box * 0.12f);
        draw->AddRect(min, max, i == view.pin_length ? k_primary : k_secondary_active, box * 0.12f, 0, box * 0.05f);
        if (i < view.pin_length) {
            // Masked: a dot for each digit, never the digit.
            draw->AddCircleFilled(ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f), box * 0.16f, k_text);
        }
    }
    ImGui::Dummy(ImVec2(0, box));
}

}  // namespace

void PinScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    begin_fullscreen("card-pin");
    const float height = ImGui::GetWindowHeight();
    const float column = t.px(900);
    const float left = t.px(96);

    ImGui::SetCursorPosY(t.px(96));
    paragraph(view.tr("Enter your card's PIN (4 digits)"), t.fonts.heading, column, k_text, left);
    ImGui::Dummy(ImVec2(0, t.px(8)));
    paragraph(view.tr("The PIN you chose for your card's form-filling function (券面事項入力補助用)."), t.fonts.body,
              column, k_text_muted, left);
    ImGui::Dummy(ImVec2(0, t.px(24)));
    draw_pin_boxes(view, left, t.px(120));
    ImGui::Dummy(ImVec2(0, t.px(24)));
    if (view.card_problem == CardProblem::wrong_pin) {
        paragraph(view.tr("That PIN was not correct."), t.fonts.body, column, k_warning, left);
    }
    paragraph(fill(view.tr("Tries left: {}"), {std::to_string(view.tries_left)}), t.fonts.heading, column,
              view.tries_left == 1 ? k_warning : k_text, left);
    if (view.tries_left == 1) {
        paragraph(view.tr("Last try: one more wrong PIN locks the card."), t.fonts.body, column, k_warning, left);
        paragraph(view.tr("If you are not sure of your PIN, stop here and ask the staff."), t.fonts.body, column,
                  k_warning, left);
    }

    // The keypad: digits in the session's order (shuffled if configured), then correct and OK.
    const ImVec2 key(t.px(230), t.px(150));
    const float keypad_left = t.px(1050);
    const float gap = t.px(20);
    for (std::size_t i = 0; i < 12; ++i) {
        const float x = keypad_left + static_cast<float>(i % 3) * (key.x + gap);
        const float y = t.px(96) + static_cast<float>(i / 3) * (key.y + gap);
        ImGui::SetCursorPos(ImVec2(x, y));
        if (i < 9 || i == 10) {
            const int digit = view.pin_pad_order[i < 9 ? i : 9];
            const std::string label = std::to_string(digit) + "##pin-key";
            ImGui::PushFont(t.fonts.heading);
            if (touch_button(label.c_str(), key, ButtonStyle::secondary)) {
                intents.push_back(intent::PinDigit{digit});
            }
            ImGui::PopFont();
        } else if (i == 9) {
            if (touch_button(view.tr("Delete"), key, ButtonStyle::secondary)) {
                intents.push_back(intent::PinBackspace{});
            }
        } else {
            ImGui::BeginDisabled(view.pin_length < 4);
            if (touch_button(view.tr("OK"), key)) {
                intents.push_back(intent::PinSubmit{});
            }
            ImGui::EndDisabled();
        }
    }

    // Under the keypad, apart from it, so that a slip of the finger does not cancel.
    ImGui::SetCursorPos(ImVec2(keypad_left, height - t.min_touch() - t.px(56)));
    if (touch_button(view.tr("Cancel"), ImVec2(key.x, 0), ButtonStyle::secondary)) {
        intents.push_back(intent::Back{});
    }
    end_fullscreen();
}

}  // namespace madoguchi::screens
