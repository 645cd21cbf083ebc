// The card flow's screens that only say something: locked PIN, a card that cannot be read,
// and "please take your card".
#include "card_screens.hpp"
#include "theme.hpp"
#include "widgets.hpp"

namespace madoguchi::screens {
namespace {

void draw_message(const char* id, const char* heading, const char* body, ImU32 heading_colour) {
    const Theme& t = theme();
    begin_fullscreen(id);
    const float width = ImGui::GetWindowWidth();
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() * 0.2f);
    centered_text(heading, t.fonts.heading, width - t.px(240), heading_colour);
    ImGui::Dummy(ImVec2(0, t.px(32)));
    centered_text(body, t.fonts.body, width - t.px(480), k_text);
}

void draw_back_button(const View& view, Intents& intents, const char* label) {
    const Theme& t = theme();
    const ImVec2 size(t.px(480), 0);
    ImGui::SetCursorPos(
        ImVec2((ImGui::GetWindowWidth() - size.x) * 0.5f, ImGui::GetWindowHeight() - t.min_touch() - t.px(56)));
    if (touch_button(view.tr(label), size, ButtonStyle::secondary)) {
        intents.push_back(intent::Back{});
    }
}

}  // namespace

void CardBlockedScreen::draw(const View& view, Intents& intents) {
    draw_message("card-blocked", view.tr("Your card's PIN is locked"),
                 view.tr("The PIN was entered wrongly three times, so the card no longer accepts it. Please bring "
                         "the card and an identity document to the My Number card counter (マイナンバーカード窓口): "
                         "the staff will reset the PIN for you. Until then you can still take a ticket and fill in "
                         "forms at the counter."),
                 k_warning);
    draw_back_button(view, intents, "OK");
    end_fullscreen();
}

void CardProblemScreen::draw(const View& view, Intents& intents) {
    const char* body = view.tr("The card could not be read. Please place it on the reader again, or ask the staff.");
    if (view.card_problem == CardProblem::not_my_number_card) {
        body = view.tr("This card is not a My Number card. Please use your My Number card (個人番号カード).");
    } else if (view.card_problem == CardProblem::no_reader) {
        body = view.tr("The card reader is not working right now. Please ask the staff.");
    }
    draw_message("card-problem", view.tr("The card could not be read"), body, k_warning);
    draw_back_button(view, intents, "Back");
    end_fullscreen();
}

void CardTakeScreen::draw(const View& view, Intents&) {
    draw_message("card-take", view.tr("Please take your card"),
                 view.tr("Take your My Number card from the reader. Thank you."), k_text);
    end_fullscreen();
}

}  // namespace madoguchi::screens
