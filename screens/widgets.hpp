#pragma once
// Touch-sized widgets shared by every screen. Each records what it drew in the item log, which
// the headless tests use to press an item by its label.
#include <imgui.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::screens {

struct LoggedItem {
    std::string label;
    ImVec2 min;
    ImVec2 max;
};

// The items drawn in the current frame, cleared by begin_frame_log().
void begin_frame_log();
const std::vector<LoggedItem>& frame_log();

enum class ButtonStyle { primary, secondary, selected };

// A button at least k_min_touch pixels high; returns true when it was pressed and released.
bool touch_button(const char* label, ImVec2 size, ButtonStyle style = ButtonStyle::primary);
// A touch_button whose label wraps to the button's width in the current font (a '\n' starts a
// new paragraph), each line centred
// (ImGui centres a multi-line label as one block, leaving its shorter lines flush left).
bool wrapped_touch_button(std::string_view label, ImVec2 size, ButtonStyle style = ButtonStyle::primary);
// Records the last ImGui item under `label`, so that tests find what a screen showed where.
void log_item(std::string_view label);
// A whole screen for work the citizen waits on (a card read, a ticket printing): a heading, a
// note, and a turning arc so the kiosk looks busy rather than frozen. Nothing to press.
void working_screen(const char* window_id, const char* heading, const char* note, ImU32 note_colour);
// A region that reacts to a touch anywhere inside it (the attract screen's whole surface).
bool touch_area(const char* id_label, ImVec2 size);

// Splits text into lines no wider than `max_width`: at spaces in Latin text, between characters
// in Japanese text, keeping to the basic line-breaking rules (no 、。」 at a line's start).
std::vector<std::string_view> wrap_lines(std::string_view text, const ImFont* font, float max_width);

// Wrapped text at the cursor's height: each line starting at `left`, or centred when it is empty.
void paragraph(std::string_view text, ImFont* font, float max_width, ImU32 colour, std::optional<float> left);
void centered_text(std::string_view text, ImFont* font, float max_width, ImU32 colour);

// Text the program composes from data (a date in 和暦, a count) rather than from a catalog:
// its characters are asked of the font atlas first, so that one missing now is there from the
// next frame instead of showing as "?".
void generated_text(std::string_view text, ImFont* font);
// Asks the atlas for the characters of text drawn some other way (a button's label from data).
void request_glyphs(std::string_view text);
// Where generated_text() sends characters the atlas lacks: the running FontAtlas.
void set_glyph_requests(std::function<void(std::string_view)> request);

// Starts a window covering the whole display, without decoration, that cannot be moved.
void begin_fullscreen(const char* id);
void end_fullscreen();

}  // namespace madoguchi::screens
