#include "counter_parts.hpp"

#include <algorithm>
#include <string>

#include "kiosk/i18n.hpp"
#include "drivers/text/utf8.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

std::string_view counter_notice_text(const View& view, CounterNotice notice) {
    switch (notice) {
        case CounterNotice::none: return {};
        case CounterNotice::nobody_waiting: return view.tr("Nobody is waiting for this counter's services.");
        case CounterNotice::server_away:
            return view.tr("The server cannot be reached. Check the network cable, then try again.");
        case CounterNotice::wrong_login: return view.tr("The staff ID or the password is wrong.");
        case CounterNotice::locked_out:
            return view.tr("Too many wrong passwords for this staff ID. Wait a few minutes, then try again.");
        case CounterNotice::forbidden:
            return view.tr("The server does not allow this terminal to do that. Ask the system administrator.");
        case CounterNotice::login_expired: return view.tr("Your log-in has expired. Please log in again.");
        case CounterNotice::counter_busy:
            return view.tr("This counter still has a ticket: finish it, transfer it or mark it no-show first.");
        case CounterNotice::ticket_gone:
            return view.tr("That ticket was finished or taken by another counter in the meantime.");
        case CounterNotice::wrong_state: return view.tr("That cannot be done with this ticket now.");
        case CounterNotice::too_early: return view.tr("No-show is allowed only once the waiting time after the call has passed.");
        case CounterNotice::unknown_service: return view.tr("The server does not know that service.");
        case CounterNotice::unknown_counter:
            return view.tr("That counter has not worked at this office today. Choose another counter.");
        case CounterNotice::bad_note:
            return view.tr("The server refused the note: at most 200 characters, on one line.");
        case CounterNotice::server_fault:
            return view.tr("The server could not do it. Try again; if it keeps failing, ask the system administrator.");
    }
    return {};
}

std::string counter_service_name(const View& view, std::string_view id) {
    const auto found = std::ranges::find(view.services, id, &ServiceChoice::id);
    if (found == view.services.end()) {
        return std::string(id);
    }
    return view.language == "ja" ? found->name_ja : found->name_en;
}

void counter_top_bar(const View& view, Intents& intents) {
    const Theme& t = theme();
    const CounterPicture& desk = *view.counter;
    const float width = ImGui::GetWindowWidth();
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    // Edge to edge: the window's clip rectangle stops at its padding.
    draw.PushClipRectFullScreen();
    draw.AddRectFilled(origin, ImVec2(origin.x + width, origin.y + t.px(136)), IM_COL32(255, 255, 255, 255));
    draw.AddLine(ImVec2(origin.x, origin.y + t.px(136)), ImVec2(origin.x + width, origin.y + t.px(136)), k_secondary,
                 t.px(2));
    draw.PopClipRect();

    ImGui::SetCursorPos(ImVec2(t.px(48), t.px(20)));
    const std::string counter =
        desk.counter.empty() ? std::string(view.tr("Counter not chosen")) : fill(view.tr("Counter {}"), {desk.counter});
    generated_text(counter, t.fonts.heading);
    log_item(counter);
    ImGui::SetCursorPos(ImVec2(t.px(48), t.px(86)));
    const std::string staff = fill(view.tr("Staff {}"), {desk.staff_id});
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(k_text_muted));
    generated_text(staff, t.fonts.body);
    ImGui::PopStyleColor();

    if (desk.stage == CounterStage::working && !desk.connected) {
        // The queue shown may be late; the buttons still work, each asks the server itself.
        const char* mark = view.tr("Reconnecting to the server…");
        const float w = t.fonts.body->CalcTextSizeA(t.fonts.body->FontSize, FLT_MAX, 0, mark).x;
        const float x = width - t.px(48) - t.px(300) - t.px(48) - w;
        draw.AddCircleFilled(ImVec2(origin.x + x - t.px(22), origin.y + t.px(68)), t.px(8), k_warning);
        ImGui::SetCursorPos(ImVec2(x, t.px(48)));
        ImGui::TextUnformatted(mark);
        log_item("reconnecting");
    }

    ImGui::SetCursorPos(ImVec2(width - t.px(48) - t.px(300), t.px(20)));
    if (touch_button(view.tr("Log out"), ImVec2(t.px(300), 0), ButtonStyle::secondary)) {
        intents.push_back(intent::LogOut{});
    }
}

void counter_number_pad(const View& view, Intents& intents, ImVec2 at, ImVec2 key, const char* submit_label,
                        bool submit_enabled) {
    const Theme& t = theme();
    const float gap = t.px(20);
    static constexpr const char* k_digits[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
    for (int i = 0; i < 12; ++i) {
        ImGui::SetCursorPos(ImVec2(at.x + static_cast<float>(i % 3) * (key.x + gap),
                                   at.y + static_cast<float>(i / 3) * (key.y + gap)));
        if (i < 9 || i == 10) {
            const std::string digit = i < 9 ? k_digits[i] : "0";
            ImGui::PushFont(t.fonts.heading);
            if (touch_button((digit + "##pad").c_str(), key, ButtonStyle::secondary)) {
                intents.push_back(intent::TypeText{digit});
            }
            ImGui::PopFont();
        } else if (i == 9) {
            if (touch_button(view.tr("Delete"), key, ButtonStyle::secondary)) {
                intents.push_back(intent::EraseText{});
            }
        } else {
            ImGui::BeginDisabled(!submit_enabled);
            if (touch_button(submit_label, key)) {
                intents.push_back(intent::SubmitText{});
            }
            ImGui::EndDisabled();
        }
    }
}

void counter_keyboard_input(Intents& intents) {
    const ImGuiIO& io = ImGui::GetIO();
    std::string typed;
    for (const ImWchar c : io.InputQueueCharacters) {
        text::append_utf8(typed, static_cast<char32_t>(c));
    }
    if (!typed.empty()) {
        intents.push_back(intent::TypeText{std::move(typed)});
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) {
        intents.push_back(intent::EraseText{});
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false)) {
        intents.push_back(intent::SubmitText{});
    }
}

void counter_note_lines(FreeText& free_text, std::string_view note, float pixel_height, ImU32 colour, float width,
                        std::size_t per_line) {
    const float left = ImGui::GetCursorPosX();
    std::size_t start = 0;
    while (start < note.size()) {
        std::size_t end = start;
        for (std::size_t count = 0; end < note.size() && count < per_line; ++count) {
            ++end;
            while (end < note.size() && (static_cast<unsigned char>(note[end]) & 0xC0) == 0x80) {
                ++end;
            }
        }
        ImGui::SetCursorPosX(left);
        free_text.draw(note.substr(start, end - start), pixel_height, colour, width);
        start = end;
    }
}

}  // namespace madoguchi::screens
