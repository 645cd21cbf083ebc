#pragma once
// The digits typed so far on the PIN pad. A fixed buffer, never copied into a std::string,
// wiped when the PIN is handed to the card and whenever the session ends.
#include <array>
#include <cstddef>
#include <optional>

#include "drivers/card/pin.hpp"

namespace madoguchi {

class PinEntry {
public:
    PinEntry() = default;
    PinEntry(const PinEntry&) = delete;
    PinEntry& operator=(const PinEntry&) = delete;
    ~PinEntry() { wipe(); }

    bool add(int digit);
    void backspace();
    std::size_t length() const { return m_length; }
    bool complete() const { return m_length == card::Pin::k_length; }
    // The PIN for the card; the entry is wiped either way.
    std::optional<card::Pin> take();
    void wipe();

private:
    std::array<char, card::Pin::k_length> m_digits{};
    std::size_t m_length = 0;
};

}  // namespace madoguchi
