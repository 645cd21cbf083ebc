#pragma once
// Japanese (and any other) text for the receipt: drawn by the shared FreeType rasterizer and cut
// to 1 bit, so printers without a Kanji ROM or in raster-only mode print every character.
#include <string_view>

#include "drivers/text/text_rasterizer.hpp"
#include "mono_bitmap.hpp"

namespace madoguchi::printer {

// One line `pixel_height` dots tall; wider than `max_width` dots is clipped at the right edge
// rather than failing, because a clipped line still tells the citizen more than no ticket.
MonoBitmap text_line(const text::TextRasterizer& rasterizer, std::string_view utf8, int pixel_height, int max_width);

}  // namespace madoguchi::printer
