// Transfer: the ticket at the counter goes back into the queue for another service, under a new
// number of that service but in its place by the time it was first issued. Every service of the
// site but its own, two to a row; Cancel returns to the counter.
#include <string>

#include "counter_parts.hpp"
#include "counter_screens.hpp"
#include "kiosk/i18n.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {

void CounterTransferScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    const auto& ticket = view.counter->ticket;
    begin_fullscreen("counter-transfer");
    counter_top_bar(view, intents);
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    const std::string number = ticket ? ticket->number : std::string();
    ImGui::SetCursorPosY(t.px(196));
    const std::string title = fill(view.tr("Transfer {} to which service?"), {number});
    request_glyphs(title);
    centered_text(title, t.fonts.heading, width - t.px(240), k_text);
    ImGui::Dummy(ImVec2(0, t.px(8)));
    centered_text(view.tr("The citizen gets a number of that service and keeps their place in the line."), t.fonts.body, width - t.px(240),
                  k_text_muted);

    const float gap = t.px(20);
    const ImVec2 button((width - t.px(240) - gap) * 0.5f, t.px(120));
    const float top = ImGui::GetCursorPosY() + t.px(32);
    std::size_t shown = 0;
    for (const ServiceChoice& service : view.services) {
        if (ticket && service.id == ticket->service) {
            continue;
        }
        const std::string name = counter_service_name(view, service.id);
        request_glyphs(name);
        ImGui::SetCursorPos(ImVec2(t.px(120) + static_cast<float>(shown % 2) * (button.x + gap),
                                   top + static_cast<float>(shown / 2) * (button.y + gap)));
        if (wrapped_touch_button(name, button, ButtonStyle::secondary)) {
            intents.push_back(intent::TransferTo{service.id});
        }
        ++shown;
    }

    const ImVec2 back(t.px(420), 0);
    ImGui::SetCursorPos(ImVec2((width - back.x) * 0.5f, height - t.min_touch() - t.px(48)));
    if (touch_button(view.tr("Cancel"), back, ButtonStyle::secondary)) {
        intents.push_back(intent::Back{});
    }
    end_fullscreen();
}

}  // namespace madoguchi::screens
