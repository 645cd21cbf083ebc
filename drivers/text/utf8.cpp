#include "utf8.hpp"

namespace madoguchi::text {

char32_t decode_utf8(std::string_view text, std::size_t& pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    int extra = 0;
    char32_t code = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        ++pos;
        return lead;
    }
    if ((lead & 0xE0) == 0xC0) {
        extra = 1;
        code = lead & 0x1F;
        minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        extra = 2;
        code = lead & 0x0F;
        minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        extra = 3;
        code = lead & 0x07;
        minimum = 0x10000;
    } else {
        ++pos;
        return k_replacement_character;
    }
    for (int i = 1; i <= extra; ++i) {
        const std::size_t at = pos + static_cast<std::size_t>(i);
        if (at >= text.size() || (byte(at) & 0xC0) != 0x80) {
            pos += static_cast<std::size_t>(i);
            return k_replacement_character;
        }
        code = (code << 6) | (byte(at) & 0x3F);
    }
    pos += static_cast<std::size_t>(extra) + 1;
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return k_replacement_character;
    }
    return code;
}

std::vector<char32_t> decode_utf8(std::string_view text) {
    std::vector<char32_t> codes;
    codes.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        codes.push_back(decode_utf8(text, pos));
    }
    return codes;
}

void append_utf8(std::string& out, char32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

}  // namespace madoguchi::text
