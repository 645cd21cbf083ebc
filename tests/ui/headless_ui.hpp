#pragma once
// Screens without a window: an ImGui context with no renderer, the real font atlas, and a
// finger that presses an item by its label (through the widgets' item log).
#include <imgui.h>

#include <string_view>

#include "kiosk/i18n.hpp"
#include "kiosk/view.hpp"
#include "screens/font_atlas.hpp"
#include "screens/screen_router.hpp"

namespace madoguchi::testing {

// Free text without a GPU: laid out as an empty item a square per character, and
// remembered so that a test can see which names and addresses a screen showed.
class RecordingFreeText final : public screens::FreeText {
public:
    void draw(std::string_view utf8, float pixel_height, ImU32 colour, float max_width) override;
    void wipe() override { drawn.clear(); }

    std::vector<std::string> drawn;
};

class HeadlessUi {
public:
    HeadlessUi();
    ~HeadlessUi();
    HeadlessUi(const HeadlessUi&) = delete;
    HeadlessUi& operator=(const HeadlessUi&) = delete;

    const Translator& translator() const { return m_translator; }
    screens::FontAtlas& fonts() { return *m_fonts; }
    void rebuild_fonts();

    Intents frame(const View& view);
    enum class Which { topmost, bottommost };
    // Draws, finds the item labelled `label` (the one drawn last, on top, unless told
    // otherwise), and taps its centre. Returns the intents of the tap; fails the test when no
    // such item was drawn.
    Intents press(const View& view, std::string_view label, Which which = Which::topmost);
    bool shows(const View& view, std::string_view label);

private:
    Translator m_translator;
    std::unique_ptr<screens::FontAtlas> m_fonts;

public:
    RecordingFreeText free_text;

private:
    screens::ScreenRouter m_router{free_text};
};

}  // namespace madoguchi::testing
