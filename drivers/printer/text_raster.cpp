#include "text_raster.hpp"

#include <algorithm>

namespace madoguchi::printer {

MonoBitmap text_line(const text::TextRasterizer& rasterizer, std::string_view utf8, int pixel_height, int max_width) {
    const MonoBitmap full = threshold(rasterizer.render_line(utf8, pixel_height));
    if (full.width() <= max_width) {
        return full;
    }
    MonoBitmap clipped(std::max(max_width, 0), full.height());
    for (int y = 0; y < full.height(); ++y) {
        for (int x = 0; x < clipped.width(); ++x) {
            if (full.black(x, y)) {
                clipped.set_black(x, y);
            }
        }
    }
    return clipped;
}

}  // namespace madoguchi::printer
