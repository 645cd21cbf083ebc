#include <cmath>

#include "card_screens.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

// A card that glides down onto the reader and rests there, over and over.
void draw_card_on_reader(ImVec2 centre, float scale) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float phase = std::fmod(static_cast<float>(ImGui::GetTime()), 2.4f) / 1.6f;
    const float t = std::min(phase, 1.0f);
    const float eased = 1.0f - (1.0f - t) * (1.0f - t);
    const ImVec2 reader_min(centre.x - 210 * scale, centre.y + 40 * scale);
    const ImVec2 reader_max(centre.x + 210 * scale, centre.y + 130 * scale);
    draw->AddRectFilled(reader_min, reader_max, IM_COL32(60, 64, 72, 255), 16 * scale);
    draw->AddCircleFilled(ImVec2(reader_max.x - 40 * scale, reader_min.y + 45 * scale), 10 * scale,
                          t >= 1.0f ? IM_COL32(40, 200, 90, 255) : IM_COL32(120, 120, 120, 255));
    const float top = centre.y - 260 * scale + eased * 210 * scale;
    const ImVec2 card_min(centre.x - 170 * scale, top);
    const ImVec2 card_max(centre.x + 170 * scale, top + 215 * scale);
    draw->AddRectFilled(card_min, card_max, IM_COL32(232, 240, 250, 255), 14 * scale);
    draw->AddRect(card_min, card_max, k_primary, 14 * scale, 0, 4 * scale);
    draw->AddRectFilled(ImVec2(card_min.x + 24 * scale, card_min.y + 50 * scale),
                        ImVec2(card_min.x + 110 * scale, card_min.y + 150 * scale), IM_COL32(180, 196, 214, 255),
                        6 * scale);
    for (int line = 0; line < 3; ++line) {
        const float y = card_min.y + (60 + 36 * static_cast<float>(line)) * scale;
        draw->AddRectFilled(ImVec2(card_min.x + 130 * scale, y), ImVec2(card_max.x - 24 * scale, y + 14 * scale),
                            IM_COL32(180, 196, 214, 255), 4 * scale);
    }
}

}  // namespace

void CardPlaceScreen::draw(const View& view, Intents& intents) {
    const Theme& t = theme();
    begin_fullscreen("card-place");
    const float width = ImGui::GetWindowWidth();
    const float height = ImGui::GetWindowHeight();
    ImGui::SetCursorPosY(t.px(72));
    centered_text(view.tr("Place your My Number card on the reader"), t.fonts.heading, width - t.px(240), k_text);
    ImGui::Dummy(ImVec2(0, t.px(16)));
    centered_text(view.tr("Face up, on the card reader below the screen. Leave it there until the screen asks you "
                          "to take it."),
                  t.fonts.body, width - t.px(360), k_text_muted);
    draw_card_on_reader(ImVec2(width * 0.5f, height * 0.58f), t.scale);

    ImGui::SetCursorPos(ImVec2(t.px(64), height - t.min_touch() - t.px(56)));
    if (touch_button(view.tr("Back"), ImVec2(t.px(320), 0), ButtonStyle::secondary)) {
        intents.push_back(intent::Back{});
    }
    end_fullscreen();
}

}  // namespace madoguchi::screens
