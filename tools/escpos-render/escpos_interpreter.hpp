#pragma once
// Plays ESC/POS bytes onto a paper strip the way a receipt printer would, so tests and the demo
// can see what was printed. It knows the commands our encoder sends (and the usual variants of
// them); anything else is an error naming the byte offset, never silently skipped, so a test
// cannot pass over bytes a printer would misread.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kiosk/error.hpp"

namespace madoguchi::escpos {

enum class RenderError { unknown_command, truncated, bad_argument };

struct PaperImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // 8-bit grey, 255 paper, 0 printed dot
    int cuts = 0;
};

struct PaperOptions {
    int dots_per_line = 576;
    int dots_per_mm = 8;
};

Result<PaperImage, RenderError> render_escpos(std::span<const std::uint8_t> bytes, PaperOptions options);

}  // namespace madoguchi::escpos
