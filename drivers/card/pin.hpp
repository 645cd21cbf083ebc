#pragma once
// A card PIN: 4 ASCII digits held in a buffer that is wiped when the Pin goes away.
#include <optional>
#include <span>
#include <string_view>

#include "secure_bytes.hpp"

namespace madoguchi::card {

class Pin {
public:
    static constexpr std::size_t k_length = 4;

    // nullopt unless `digits` is exactly four ASCII digits.
    static std::optional<Pin> from_digits(std::string_view digits) {
        if (digits.size() != k_length) {
            return std::nullopt;
        }
        Pin pin;
        for (char c : digits) {
            if (c < '0' || c > '9') {
                return std::nullopt;
            }
            pin.m_digits.push_back(static_cast<std::uint8_t>(c));
        }
        return pin;
    }

    std::span<const std::uint8_t> bytes() const { return m_digits; }

private:
    Pin() { m_digits.reserve(k_length); }

    SecureBytes m_digits;
};

}  // namespace madoguchi::card
