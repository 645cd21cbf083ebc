// Staff log-in: the staff id on a number pad, the password on a touch keyboard laid out like a
// PC's (a USB keyboard types into the same fields). The password is shown only as dots. The
// floor console shows the same screen before its Tickets page, with Back to leave it.
#include <string>

#include "counter_parts.hpp"
#include "counter_screens.hpp"
#include "language_bar.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

// A field that takes the keys when touched; `dots` draws that many dots instead of text.
void entry_field(Intents& intents, const char* id, const char* title, std::string_view text,
                 std::size_t dots, bool focused, bool password) {
    const Theme& t = theme();
    const float width = t.px(700);
    paragraph(title, t.fonts.body, width, k_text, t.px(80));
    ImGui::SetCursorPosX(t.px(80));
    const ImVec2 at = ImGui::GetCursorPos();
    if (touch_area(id, ImVec2(width, t.px(110)))) {
        intents.push_back(intent::StaffField{password});
    }
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    draw.AddRectFilled(min, max, IM_COL32(255, 255, 255, 255), t.px(12));
    draw.AddRect(min, max, focused ? k_primary : k_secondary_active, t.px(12), 0, focused ? t.px(5) : t.px(2));
    const float middle = (min.y + max.y) * 0.5f;
    float x = min.x + t.px(28);
    if (dots > 0) {
        for (std::size_t i = 0; i < dots; ++i, x += t.px(36)) {
            draw.AddCircleFilled(ImVec2(x + t.px(10), middle), t.px(10), k_text);
        }
    } else if (!text.empty()) {
        ImFont* font = t.fonts.heading;
        draw.AddText(font, font->FontSize, ImVec2(x, middle - font->FontSize * 0.5f), k_text, text.data(),
                     text.data() + text.size());
        x += font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.data(), text.data() + text.size()).x + t.px(6);
    }
    if (focused) {
        draw.AddRectFilled(ImVec2(x, middle - t.px(30)), ImVec2(x + t.px(4), middle + t.px(30)), k_primary);
    }
    ImGui::SetCursorPos(ImVec2(at.x, at.y + t.px(110) + t.px(16)));
}

void touch_keyboard(const View& view, Intents& intents, ImVec2 at) {
    const Theme& t = theme();
    static constexpr const char* k_rows[] = {"1234567890", "qwertyuiop", "asdfghjkl-", "zxcvbnm,./"};
    static constexpr const char* k_shifted_rows[] = {"!@#$%^&*()", "QWERTYUIOP", "ASDFGHJKL_", "ZXCVBNM<>?"};
    const bool shifted = view.counter->shifted;
    const ImVec2 key(t.px(92), t.px(100));
    const float step = t.px(100);
    for (int row = 0; row < 4; ++row) {
        const std::string_view keys = shifted ? k_shifted_rows[row] : k_rows[row];
        for (std::size_t i = 0; i < keys.size(); ++i) {
            ImGui::SetCursorPos(ImVec2(at.x + static_cast<float>(i) * step, at.y + static_cast<float>(row) * (key.y + t.px(10))));
            const std::string character(1, keys[i]);
            if (touch_button((character + "##key").c_str(), key, ButtonStyle::secondary)) {
                intents.push_back(intent::TypeText{character});
            }
        }
    }
    const float bottom = at.y + 4 * (key.y + t.px(10));
    ImGui::SetCursorPos(ImVec2(at.x, bottom));
    if (touch_button(view.tr("Shift"), ImVec2(2 * step - t.px(8), key.y),
                     shifted ? ButtonStyle::selected : ButtonStyle::secondary)) {
        intents.push_back(intent::ShiftKeys{});
    }
    ImGui::SetCursorPos(ImVec2(at.x + 2 * step, bottom));
    if (touch_button(view.tr("Space"), ImVec2(5 * step - t.px(8), key.y), ButtonStyle::secondary)) {
        intents.push_back(intent::TypeText{" "});
    }
    ImGui::SetCursorPos(ImVec2(at.x + 7 * step, bottom));
    if (touch_button(view.tr("Delete"), ImVec2(3 * step - t.px(8), key.y), ButtonStyle::secondary)) {
        intents.push_back(intent::EraseText{});
    }
}

}  // namespace

void CounterLoginScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    const CounterPicture& desk = *view.counter;
    begin_fullscreen("counter-login");
    const float height = ImGui::GetWindowHeight();
    const bool typing_password = desk.field == LoginField::password;

    ImGui::SetCursorPosY(t.px(48));
    paragraph(view.tr("Staff log-in"), t.fonts.heading, t.px(700), k_text, t.px(80));
    paragraph(view.tr("Enter your staff ID, then your password."), t.fonts.body, t.px(700), k_text_muted, t.px(80));
    ImGui::Dummy(ImVec2(0, t.px(8)));
    entry_field(intents, "staff-id-field", view.tr("Staff ID"), desk.staff_id, 0, !typing_password, false);
    entry_field(intents, "password-field", view.tr("Password"), {}, desk.password_length, typing_password, true);

    // Room for two lines of notice, so that the button does not move when one appears.
    const float button_y = ImGui::GetCursorPosY() + t.px(130);
    const std::string_view notice = counter_notice_text(view, desk.notice);
    if (desk.waiting_for_server) {
        paragraph(view.tr("Logging in…"), t.fonts.body, t.px(700), k_text_muted, t.px(80));
    } else if (!notice.empty()) {
        paragraph(notice, t.fonts.body, t.px(700), k_warning, t.px(80));
        log_item(notice);
    }

    ImGui::SetCursorPos(ImVec2(t.px(80), button_y));
    ImGui::BeginDisabled(desk.staff_id.empty() || desk.password_length == 0 || desk.waiting_for_server);
    if (touch_button(view.tr("Log in"), ImVec2(t.px(700), 0))) {
        intents.push_back(intent::LogIn{});
    }
    ImGui::EndDisabled();
    ImGui::SetCursorPosY(height - t.min_touch() - t.px(24));
    draw_language_bar(view, intents);
    if (desk.back_allowed) {
        ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - t.px(380), height - t.min_touch() - t.px(24)));
        if (touch_button(view.tr("Back"), ImVec2(t.px(320), 0), ButtonStyle::secondary)) {
            intents.push_back(intent::Back{});
        }
    }

    if (typing_password) {
        touch_keyboard(view, intents, ImVec2(t.px(860), t.px(200)));
    } else {
        counter_number_pad(view, intents, ImVec2(t.px(1000), t.px(160)), ImVec2(t.px(240), t.px(150)), view.tr("Next"),
                           !desk.staff_id.empty());
    }
    counter_keyboard_input(intents);
    end_fullscreen();
}

}  // namespace madoguchi::screens
