#include "mono_bitmap.hpp"

#include <algorithm>
#include <stdexcept>

namespace madoguchi::printer {

MonoBitmap::MonoBitmap(int width, int height) : m_width(width), m_height(height) {
    if (width < 0 || height < 0) {
        throw std::invalid_argument("MonoBitmap: negative size");
    }
    m_bytes.assign(static_cast<std::size_t>(row_bytes()) * static_cast<std::size_t>(height), 0);
}

bool MonoBitmap::black(int x, int y) const {
    if (x < 0 || y < 0 || x >= m_width || y >= m_height) {
        return false;
    }
    const auto index = static_cast<std::size_t>(y * row_bytes() + x / 8);
    return (m_bytes[index] & (0x80 >> (x % 8))) != 0;
}

void MonoBitmap::set_black(int x, int y) {
    if (x < 0 || y < 0 || x >= m_width || y >= m_height) {
        return;
    }
    const auto index = static_cast<std::size_t>(y * row_bytes() + x / 8);
    m_bytes[index] = static_cast<std::uint8_t>(m_bytes[index] | (0x80 >> (x % 8)));
}

void MonoBitmap::fill(int x, int y, int width, int height) {
    const int x_end = std::min(x + width, m_width);
    const int y_end = std::min(y + height, m_height);
    for (int row = std::max(y, 0); row < y_end; ++row) {
        for (int column = std::max(x, 0); column < x_end; ++column) {
            set_black(column, row);
        }
    }
}

MonoBitmap threshold(const text::AlphaBitmap& alpha, std::uint8_t threshold) {
    MonoBitmap bitmap(alpha.width, alpha.height);
    for (int y = 0; y < alpha.height; ++y) {
        for (int x = 0; x < alpha.width; ++x) {
            if (alpha.pixels[static_cast<std::size_t>(y * alpha.width + x)] >= threshold) {
                bitmap.set_black(x, y);
            }
        }
    }
    return bitmap;
}

}  // namespace madoguchi::printer
