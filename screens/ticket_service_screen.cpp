// Which service the ticket is for: the services this office offers, two to a row. Those not
// open now are shown greyed with today's hours, so the citizen knows when to come back.
#include <algorithm>
#include <string>

#include "theme.hpp"
#include "ticket_screens.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void TicketServiceScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    begin_fullscreen("ticket-service");
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    ImGui::SetCursorPosY(t.px(64));
    centered_text(view.tr("Which service do you need?"), t.fonts.heading, width - t.px(240), k_text);
    ImGui::Dummy(ImVec2(0, t.px(16)));
    const bool any_open = std::ranges::any_of(view.services, &ServiceChoice::open);
    centered_text(any_open ? view.tr("Touch the service to take a numbered ticket.")
                           : view.tr("No service takes tickets at this time. The hours are shown below."),
                  t.fonts.body, width - t.px(240), any_open ? k_text_muted : k_warning);

    const float gap = t.px(20);
    const ImVec2 button((width - t.px(240) - gap) * 0.5f, t.px(130));
    const float top = t.px(290);
    ImGui::PushFont(t.fonts.body);
    for (std::size_t i = 0; i < view.services.size(); ++i) {
        const ServiceChoice& service = view.services[i];
        const std::string name = view.language == "ja" ? service.name_ja : service.name_en;
        request_glyphs(name);
        std::string label;
        for (const std::string_view line : wrap_lines(name, t.fonts.body, button.x - t.px(48))) {
            label += (label.empty() ? "" : "\n") + std::string(line);
        }
        if (!service.open) {
            label += "\n";
            label += service.hours_today.empty() ? view.tr("Closed today")
                                                  : fill(view.tr("Hours today: {}"), {service.hours_today});
        }
        ImGui::SetCursorPos(ImVec2(t.px(120) + static_cast<float>(i % 2) * (button.x + gap),
                                   top + static_cast<float>(i / 2) * (button.y + gap)));
        ImGui::BeginDisabled(!service.open);
        if (touch_button(label.c_str(), button, service.open ? ButtonStyle::primary : ButtonStyle::secondary)) {
            intents.push_back(intent::ChooseService{service.id});
        }
        ImGui::EndDisabled();
    }
    ImGui::PopFont();

    const ImVec2 back(t.px(420), 0);
    ImGui::SetCursorPos(ImVec2((width - back.x) * 0.5f, height - t.min_touch() - t.px(56)));
    if (touch_button(view.tr("Back"), back, ButtonStyle::secondary)) {
        intents.push_back(intent::Back{});
    }
    end_fullscreen();
}

}  // namespace madoguchi::screens
