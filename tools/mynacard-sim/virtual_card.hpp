#pragma once
// A My Number card's 券面事項入力補助AP as the driver sees it: files, PIN with three tries
// (reset on success, blocked after the third failure, kept across power cycles), security state
// lost on power off and reset, SFI and SELECT forms, chunked READ BINARY and the status words of
// DESIGN.md §5.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "profile.hpp"

namespace madoguchi::sim {

class VirtualCard {
public:
    explicit VirtualCard(const Profile& profile);

    // Power off, power on and reset all drop the security state and the selection.
    void power_cycle();
    std::vector<std::uint8_t> process(std::span<const std::uint8_t> apdu);
    int tries_left() const { return m_tries_left; }

private:
    struct File {
        std::vector<std::uint8_t> content;
        bool needs_pin = false;
        bool readable = true;
    };

    std::vector<std::uint8_t> select(std::uint8_t p1, std::uint8_t p2, std::span<const std::uint8_t> data);
    std::vector<std::uint8_t> verify(std::uint8_t p1, std::uint8_t p2, std::span<const std::uint8_t> data);
    std::vector<std::uint8_t> read_binary(std::uint8_t p1, std::uint8_t p2, std::optional<std::size_t> le);

    std::map<std::uint16_t, File> m_files;
    std::vector<std::uint8_t> m_pin;
    bool m_short_form = true;
    bool m_has_ap = true;
    int m_tries_left = 3;
    bool m_ap_selected = false;
    bool m_verified = false;
    std::optional<std::uint16_t> m_current_ef;
};

}  // namespace madoguchi::sim
