#pragma once
// A 1-bit image as the printer takes it: rows of bytes, most significant bit leftmost, 1 = black.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "drivers/text/text_rasterizer.hpp"

namespace madoguchi::printer {

class MonoBitmap {
public:
    MonoBitmap() = default;
    MonoBitmap(int width, int height);

    int width() const { return m_width; }
    int height() const { return m_height; }
    int row_bytes() const { return (m_width + 7) / 8; }
    const std::vector<std::uint8_t>& bytes() const { return m_bytes; }

    bool black(int x, int y) const;
    void set_black(int x, int y);
    // Paints a filled square block, clipped to the image.
    void fill(int x, int y, int width, int height);

private:
    int m_width = 0;
    int m_height = 0;
    std::vector<std::uint8_t> m_bytes;
};

// Coverage at or above `threshold` becomes black: thermal heads print dots, not grey.
MonoBitmap threshold(const text::AlphaBitmap& alpha, std::uint8_t threshold = 128);

}  // namespace madoguchi::printer
