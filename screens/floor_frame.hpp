#pragma once
// What the floor console's screens share: the header with its page and language buttons, the
// status line, the figures' wording, and a plain table drawn row by row.
#include <imgui.h>

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "kiosk/floor_board.hpp"
#include "kiosk/intents.hpp"
#include "kiosk/view.hpp"

namespace madoguchi::screens::floor {

inline constexpr ImU32 k_panel = IM_COL32(255, 255, 255, 255);
// A row that needs the floor manager: a long wait, a kiosk that went quiet or cannot print.
inline constexpr ImU32 k_marked_row = IM_COL32(252, 226, 210, 255);

// Title, page buttons and language buttons across the top; the content starts below `bottom`.
struct Header {
    float bottom = 0;
};
Header draw_header(const View& view, Intents& intents);

// One line under the header: plain, or in the warning colour with a mark before it.
void status_line(float y, std::string_view text, bool warning);

std::string problem_text(const View& view, FloorProblem problem);
// Two sentences one after the other: with a space between them, except in Japanese.
std::string sentences(const View& view, std::string_view first, std::string_view second);
// "45 s" or "3 min": how long ago the figures came.
std::string age_text(const View& view, std::chrono::seconds age);
std::string minutes_text(const View& view, std::int64_t ms);
// Minutes with one decimal, for visit times of a few minutes.
std::string decimal_minutes_text(const View& view, std::int64_t ms);
// HH:MM:SS in Asia/Tokyo.
std::string tokyo_clock(std::int64_t unix_ms);

struct Column {
    std::string heading;
    const char* key;  // names the column in the item log, which tests read
    float width;
};

// A table drawn at `origin`: a header row whose headings may take two lines, then rows whose
// first cell is left-aligned and the others right-aligned. Text too wide for its cell is drawn
// smaller rather than cut.
class Table {
public:
    Table(std::span<const Column> columns, ImVec2 origin, float row_height, float font_size);
    void header();
    // `id` prefixes each cell in the item log ("certificates/waiting 12 (3)").
    void row(std::string_view id, std::span<const std::string> cells, ImU32 background, ImU32 ink,
             std::size_t emphasised_column = static_cast<std::size_t>(-1), ImU32 emphasis = 0);
    float y() const { return m_y; }
    float width() const;

private:
    std::span<const Column> m_columns;
    ImVec2 m_origin;
    float m_y;
    float m_row_height;
    float m_font_size;
};

}  // namespace madoguchi::screens::floor
