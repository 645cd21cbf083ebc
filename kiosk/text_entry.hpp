#pragma once
// What the citizen has typed so far on the kana keyboard or the number pad: a fixed buffer of
// characters (no reallocation leaves copies behind), at most the field's length, wiped on reset.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "kana.hpp"

namespace madoguchi {

class TextEntry {
public:
    static constexpr std::size_t k_capacity = 400;  // the longest max_length a form may set

    TextEntry() = default;
    TextEntry(const TextEntry&) = delete;
    TextEntry& operator=(const TextEntry&) = delete;
    ~TextEntry() { wipe(); }

    // Empties the entry and sets its limit (characters); 0 or more than k_capacity: k_capacity.
    void start(std::size_t max_length);
    // Replaces the text (the value being corrected), cut at the limit.
    void set(std::string_view utf8);
    // One character from a key; false when the entry is full.
    bool type(char32_t code);
    // The mark on the last character; false when there is none or the mark does not apply.
    bool mark(KanaMark kana_mark);
    void backspace();
    void wipe();

    std::size_t length() const { return m_length; }
    std::size_t max_length() const { return m_max_length; }
    bool full() const { return m_length >= m_max_length; }
    std::string utf8() const;

private:
    std::array<char32_t, k_capacity> m_codes{};
    std::size_t m_length = 0;
    std::size_t m_max_length = k_capacity;
};

}  // namespace madoguchi
