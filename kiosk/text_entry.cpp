#include "text_entry.hpp"

#include <openssl/crypto.h>

#include "drivers/text/utf8.hpp"

namespace madoguchi {

void TextEntry::start(std::size_t max_length) {
    wipe();
    m_max_length = max_length == 0 || max_length > k_capacity ? k_capacity : max_length;
}

void TextEntry::set(std::string_view utf8) {
    const std::size_t limit = m_max_length;
    wipe();
    m_max_length = limit;
    std::size_t pos = 0;
    while (pos < utf8.size() && type(text::decode_utf8(utf8, pos))) {
    }
}

bool TextEntry::type(char32_t code) {
    if (full()) {
        return false;
    }
    m_codes[m_length++] = code;
    return true;
}

bool TextEntry::mark(KanaMark kana_mark) {
    if (m_length == 0) {
        return false;
    }
    const auto marked = apply_kana_mark(m_codes[m_length - 1], kana_mark);
    if (!marked) {
        return false;
    }
    m_codes[m_length - 1] = *marked;
    return true;
}

void TextEntry::backspace() {
    if (m_length > 0) {
        m_codes[--m_length] = 0;
    }
}

void TextEntry::wipe() {
    OPENSSL_cleanse(m_codes.data(), sizeof m_codes);
    m_length = 0;
}

std::string TextEntry::utf8() const {
    std::string text;
    text.reserve(m_length * 4);
    for (std::size_t i = 0; i < m_length; ++i) {
        text::append_utf8(text, m_codes[i]);
    }
    return text;
}

}  // namespace madoguchi
