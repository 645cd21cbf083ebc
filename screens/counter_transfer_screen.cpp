// Transfer: the ticket at the counter goes back into the queue under a new number, in its place
// by the time it was first issued: for another service, for one counter (which alone calls it),
// or both. A note typed on the counter's keyboard travels with it to the counter that calls it.
// Services on the left, two to a row; the counters that worked here today on the right; the
// note below; Cancel returns to the counter.
#include <string>

#include "counter_parts.hpp"
#include "counter_screens.hpp"
#include "kiosk/i18n.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

std::size_t characters(std::string_view utf8) {
    std::size_t count = 0;
    for (const char c : utf8) {
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return count;
}

}  // namespace

void CounterTransferScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    const CounterPicture& desk = *view.counter;
    const auto& ticket = desk.ticket;
    begin_fullscreen("counter-transfer");
    counter_top_bar(view, intents);
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    const std::string number = ticket ? ticket->number : std::string();
    ImGui::SetCursorPosY(t.px(150));
    const std::string title = fill(view.tr("Transfer {} to which service or counter?"), {number});
    request_glyphs(title);
    centered_text(title, t.fonts.heading, width - t.px(240), k_text);
    centered_text(view.tr("A new number, the same place in the line. Sent to a counter, it is called there only."),
                  t.fonts.body, width - t.px(120), k_text_muted);

    const float gap = t.px(16);
    const float top = ImGui::GetCursorPosY() + t.px(8);
    const float services_left = t.px(96);
    const float services_width = t.px(1040);
    ImGui::SetCursorPos(ImVec2(services_left, top));
    paragraph(view.tr("Service (empty: the same service)"), t.fonts.body, services_width, k_text, services_left);
    const float services_top = ImGui::GetCursorPosY();
    const ImVec2 service_button((services_width - gap) * 0.5f, t.px(104));
    std::size_t shown = 0;
    for (const ServiceChoice& service : view.services) {
        if (ticket && service.id == ticket->service) {
            continue;
        }
        const std::string name = counter_service_name(view, service.id);
        request_glyphs(name);
        ImGui::SetCursorPos(ImVec2(services_left + static_cast<float>(shown % 2) * (service_button.x + gap),
                                   services_top + static_cast<float>(shown / 2) * (service_button.y + gap)));
        const bool chosen = desk.transfer_service == service.id;
        if (wrapped_touch_button(name, service_button, chosen ? ButtonStyle::selected : ButtonStyle::secondary)) {
            intents.push_back(intent::ChooseTransfer{service.id, {}});
        }
        ++shown;
    }
    const float services_bottom = services_top + static_cast<float>((shown + 1) / 2) * (service_button.y + gap);

    const float counters_left = services_left + services_width + t.px(64);
    const float counters_width = width - counters_left - t.px(96);
    ImGui::SetCursorPos(ImVec2(counters_left, top));
    paragraph(view.tr("Counter (empty: any counter)"), t.fonts.body, counters_width, k_text, counters_left);
    const float counters_top = ImGui::GetCursorPosY();
    const ImVec2 counter_button((counters_width - 3 * gap) / 4.0f, t.px(104));
    if (desk.counters.empty()) {
        paragraph(view.tr("No other counter has worked at this office today."), t.fonts.body, counters_width,
                  k_text_muted, counters_left);
    }
    for (std::size_t i = 0; i < desk.counters.size(); ++i) {
        const std::string& counter = desk.counters[i];
        ImGui::SetCursorPos(ImVec2(counters_left + static_cast<float>(i % 4) * (counter_button.x + gap),
                                   counters_top + static_cast<float>(i / 4) * (counter_button.y + gap)));
        const bool chosen = desk.transfer_counter == counter;
        if (touch_button((counter + "##counter").c_str(), counter_button,
                         chosen ? ButtonStyle::selected : ButtonStyle::secondary)) {
            intents.push_back(intent::ChooseTransfer{{}, counter});
        }
    }
    const float counters_bottom =
        counters_top + static_cast<float>((desk.counters.size() + 3) / 4) * (counter_button.y + gap);

    // The note: typed on the counter's keyboard, drawn as free text, never through the atlas.
    const float note_top = std::max({services_bottom, counters_bottom, counters_top + t.px(60)});
    const float note_width = width - 2 * services_left;
    ImGui::SetCursorPos(ImVec2(services_left, note_top));
    const std::string count = fill(view.tr("Note for the receiving counter, typed on the keyboard ({} of {} characters)"),
                                   {std::to_string(characters(desk.transfer_note)),
                                    std::to_string(k_max_transfer_note)});
    request_glyphs(count);
    paragraph(count, t.fonts.body, note_width, k_text, services_left);
    log_item(count);
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetWindowPos();
    const float box_top = ImGui::GetCursorPosY();
    const float box_height = t.px(140);
    draw.AddRectFilled(ImVec2(origin.x + services_left, origin.y + box_top),
                       ImVec2(origin.x + services_left + note_width, origin.y + box_top + box_height),
                       IM_COL32(255, 255, 255, 255), t.px(12));
    draw.AddRect(ImVec2(origin.x + services_left, origin.y + box_top),
                 ImVec2(origin.x + services_left + note_width, origin.y + box_top + box_height), k_primary, t.px(12),
                 0, t.px(3));
    ImGui::SetCursorPos(ImVec2(services_left + t.px(24), box_top + t.px(12)));
    counter_note_lines(m_free_text, desk.transfer_note, t.px(32), k_text, note_width - t.px(48), 80);

    const std::string_view notice = counter_notice_text(view, desk.notice);
    if (!notice.empty()) {
        ImGui::SetCursorPos(ImVec2(services_left, box_top + box_height + t.px(8)));
        paragraph(notice, t.fonts.body, note_width, k_warning, services_left);
        log_item(notice);
    }

    const ImVec2 button(t.px(420), 0);
    const float bottom = height - t.min_touch() - t.px(24);
    ImGui::SetCursorPos(ImVec2(width * 0.5f - button.x - gap, bottom));
    if (touch_button(view.tr("Cancel"), button, ButtonStyle::secondary)) {
        intents.push_back(intent::Back{});
    }
    ImGui::SetCursorPos(ImVec2(width * 0.5f + gap, bottom));
    ImGui::BeginDisabled(desk.transfer_service.empty() && desk.transfer_counter.empty());
    if (touch_button(view.tr("Transfer"), button)) {
        intents.push_back(intent::TransferTo{desk.transfer_service, desk.transfer_counter});
    }
    ImGui::EndDisabled();
    counter_keyboard_input(intents);
    end_fullscreen();
}

}  // namespace madoguchi::screens
