#include "gl_free_text.hpp"

#include <SDL_opengl.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <vector>

namespace madoguchi::screens {

GlFreeText::GlFreeText(text::TextRasterizer rasterizer) : m_rasterizer(std::move(rasterizer)) {}

GlFreeText::~GlFreeText() { wipe(); }

const GlFreeText::Texture& GlFreeText::texture(std::string_view utf8, int pixel_height) {
    auto key = std::make_pair(std::string(utf8), pixel_height);
    if (const auto found = m_textures.find(key); found != m_textures.end()) {
        OPENSSL_cleanse(key.first.data(), key.first.capacity());
        return found->second;
    }
    text::AlphaBitmap bitmap = m_rasterizer.render_line(utf8, pixel_height);
    // ImGui's shader multiplies the texture by the tint: white with the coverage as alpha.
    std::vector<std::uint8_t> rgba(bitmap.pixels.size() * 4);
    for (std::size_t i = 0; i < bitmap.pixels.size(); ++i) {
        rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = 255;
        rgba[i * 4 + 3] = bitmap.pixels[i];
    }
    Texture texture{0, bitmap.width, bitmap.height};
    glGenTextures(1, &texture.id);
    glBindTexture(GL_TEXTURE_2D, texture.id);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, bitmap.width, bitmap.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    OPENSSL_cleanse(rgba.data(), rgba.size());
    OPENSSL_cleanse(bitmap.pixels.data(), bitmap.pixels.size());
    return m_textures.emplace(std::move(key), texture).first->second;
}

void GlFreeText::draw(std::string_view utf8, float pixel_height, ImU32 colour, float max_width) {
    const Texture& line = texture(utf8, static_cast<int>(pixel_height));
    const float scale = std::min(1.0f, max_width / static_cast<float>(std::max(line.width, 1)));
    const ImVec2 size(static_cast<float>(line.width) * scale, static_cast<float>(line.height) * scale);
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(line.id)), size, ImVec2(0, 0),
                 ImVec2(1, 1), ImGui::ColorConvertU32ToFloat4(colour));
}

void GlFreeText::wipe() {
    for (auto& [key, texture] : m_textures) {
        // Overwrite the pixels on the GPU before giving the texture back.
        std::vector<std::uint8_t> zeros(static_cast<std::size_t>(texture.width) * static_cast<std::size_t>(texture.height) * 4);
        glBindTexture(GL_TEXTURE_2D, texture.id);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, texture.width, texture.height, GL_RGBA, GL_UNSIGNED_BYTE, zeros.data());
        glDeleteTextures(1, &texture.id);
        std::string& text = const_cast<std::string&>(key.first);
        OPENSSL_cleanse(text.data(), text.capacity());
    }
    m_textures.clear();
}

}  // namespace madoguchi::screens
