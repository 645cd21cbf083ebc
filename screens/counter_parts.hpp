#pragma once
// Pieces the counter's screens share: the refusals told plainly, the bar across the top, the
// number pad, and keys typed on a USB keyboard (or a barcode scanner, which types like one).
#include <imgui.h>

#include <string_view>

#include <string>

#include "free_text.hpp"
#include "kiosk/counter_picture.hpp"
#include "kiosk/intents.hpp"
#include "kiosk/view.hpp"

namespace madoguchi::screens {

// What the desk's last request came to, in the view's language; empty for none.
std::string_view counter_notice_text(const View& view, CounterNotice notice);

// What opening or printing the citizen's forms came to; empty for none.
std::string_view counter_forms_notice_text(const View& view, FormsNotice notice);

// The line about the camera that reads tickets' QR codes; empty when the counter has none.
std::string counter_camera_text(const View& view, const CameraStatus& camera);

// The citizen's forms opened from the ticket's QR, in the window-relative rectangle: the titles,
// Print on A4 and Close; or how to open them.
void counter_forms_panel(const View& view, Intents& intents, ImVec2 min, ImVec2 max);

// A service's name in the view's language, from the site's services; its id when they lack it.
std::string counter_service_name(const View& view, std::string_view id);

// The counter and the staff member on the left, Log out on the right; a quiet mark while the
// server's event stream is away.
void counter_top_bar(const View& view, Intents& intents);

// Digits 1–9, Delete, 0 and `submit_label` in a 3×4 grid at `at`, keys `key` in size.
void counter_number_pad(const View& view, Intents& intents, ImVec2 at, ImVec2 key, const char* submit_label,
                        bool submit_enabled);

// A transfer note through free text (it may name the citizen, so never through the atlas), at the
// cursor, `per_line` characters to a line.
void counter_note_lines(FreeText& free_text, std::string_view note, float pixel_height, ImU32 colour, float width,
                        std::size_t per_line);

// Text typed on a keyboard this frame, Backspace and Enter, as intents.
void counter_keyboard_input(Intents& intents);

}  // namespace madoguchi::screens
