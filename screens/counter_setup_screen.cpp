// After log-in, when the terminal's configuration names no counter: the counter's id on a number
// pad, and the services it calls, ticked in a list (none ticked: every service).
#include <algorithm>
#include <string>

#include "counter_parts.hpp"
#include "counter_screens.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void CounterSetupScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    const CounterPicture& desk = *view.counter;
    begin_fullscreen("counter-setup");
    counter_top_bar(view, intents);
    const float height = ImGui::GetWindowHeight();

    ImGui::SetCursorPosY(t.px(176));
    paragraph(view.tr("Counter number"), t.fonts.heading, t.px(760), k_text, t.px(80));
    ImGui::Dummy(ImVec2(0, t.px(16)));
    const ImVec2 origin = ImGui::GetWindowPos();
    const float field_y = ImGui::GetCursorPosY();
    const ImVec2 field_min(origin.x + t.px(80), origin.y + field_y);
    const ImVec2 field_max(field_min.x + t.px(500), field_min.y + t.px(110));
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    draw.AddRectFilled(field_min, field_max, IM_COL32(255, 255, 255, 255), t.px(12));
    draw.AddRect(field_min, field_max, k_primary, t.px(12), 0, t.px(5));
    ImGui::SetCursorPos(ImVec2(t.px(108), field_y + t.px(22)));
    generated_text(desk.counter_entry, t.fonts.heading);
    log_item("counter " + desk.counter_entry);
    counter_number_pad(view, intents, ImVec2(t.px(80), t.px(430)), ImVec2(t.px(200), t.px(110)), view.tr("OK"),
                       !desk.counter_entry.empty());

    const float left = t.px(860);
    const float column = ImGui::GetWindowWidth() - left - t.px(80);
    ImGui::SetCursorPosY(t.px(176));
    paragraph(view.tr("Services this counter calls"), t.fonts.heading, column, k_text, left);
    ImGui::Dummy(ImVec2(0, t.px(8)));
    paragraph(desk.chosen_services.empty() ? view.tr("None ticked: this counter calls every service.")
                                      : view.tr("Touch a service to add it or take it away."),
              t.fonts.body, column, k_text_muted, left);
    const float gap = t.px(20);
    const ImVec2 button((column - gap) * 0.5f, t.px(124));
    const float top = ImGui::GetCursorPosY() + t.px(24);
    for (std::size_t i = 0; i < view.services.size(); ++i) {
        const ServiceChoice& service = view.services[i];
        const std::string name = counter_service_name(view, service.id);
        request_glyphs(name);
        const bool chosen = std::ranges::find(desk.chosen_services, service.id) != desk.chosen_services.end();
        ImGui::SetCursorPos(ImVec2(left + static_cast<float>(i % 2) * (button.x + gap),
                                   top + static_cast<float>(i / 2) * (button.y + gap)));
        if (wrapped_touch_button(name, button, chosen ? ButtonStyle::selected : ButtonStyle::secondary)) {
            intents.push_back(intent::ToggleCounterService{service.id});
        }
    }

    ImGui::SetCursorPos(ImVec2(ImGui::GetWindowWidth() - t.px(80) - t.px(520), height - t.min_touch() - t.px(48)));
    ImGui::BeginDisabled(desk.counter_entry.empty());
    if (touch_button(view.tr("Open the counter"), ImVec2(t.px(520), 0))) {
        intents.push_back(intent::OpenCounter{});
    }
    ImGui::EndDisabled();
    counter_keyboard_input(intents);
    end_fullscreen();
}

}  // namespace madoguchi::screens
