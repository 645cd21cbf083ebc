#include "pin_entry.hpp"

#include <openssl/crypto.h>

#include <string_view>

namespace madoguchi {

bool PinEntry::add(int digit) {
    if (digit < 0 || digit > 9 || complete()) {
        return false;
    }
    m_digits[m_length++] = static_cast<char>('0' + digit);
    return true;
}

void PinEntry::backspace() {
    if (m_length > 0) {
        m_digits[--m_length] = 0;
    }
}

std::optional<card::Pin> PinEntry::take() {
    std::optional<card::Pin> pin;
    if (complete()) {
        pin = card::Pin::from_digits(std::string_view(m_digits.data(), m_length));
    }
    wipe();
    return pin;
}

void PinEntry::wipe() {
    OPENSSL_cleanse(m_digits.data(), m_digits.size());
    m_length = 0;
}

}  // namespace madoguchi
