#pragma once
#include <map>
#include <string>
#include <utility>

#include "drivers/text/text_rasterizer.hpp"
#include "free_text.hpp"

namespace madoguchi::screens {

// FreeText on OpenGL: one texture per (text, size), kept while the session lasts.
class GlFreeText final : public FreeText {
public:
    explicit GlFreeText(text::TextRasterizer rasterizer);
    ~GlFreeText() override;
    GlFreeText(const GlFreeText&) = delete;
    GlFreeText& operator=(const GlFreeText&) = delete;

    void draw(std::string_view utf8, float pixel_height, ImU32 colour, float max_width) override;
    void wipe() override;

private:
    struct Texture {
        unsigned int id = 0;
        int width = 0;
        int height = 0;
    };
    const Texture& texture(std::string_view utf8, int pixel_height);

    text::TextRasterizer m_rasterizer;
    std::map<std::pair<std::string, int>, Texture> m_textures;
};

}  // namespace madoguchi::screens
