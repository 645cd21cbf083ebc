#include "virtual_card.hpp"

#include <algorithm>
#include <array>

#include "card_files.hpp"

namespace madoguchi::sim {
namespace {

constexpr std::array<std::uint8_t, 10> k_aid{0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08};
constexpr std::uint16_t k_ef_pin = 0x0011;
constexpr int k_max_tries = 3;

std::vector<std::uint8_t> status(std::uint16_t sw) {
    return {static_cast<std::uint8_t>(sw >> 8), static_cast<std::uint8_t>(sw & 0xFF)};
}

// The EF a short file identifier names: the low five bits of the file id in this AP.
std::uint16_t file_for_sfi(std::uint8_t sfi) {
    return sfi;
}

}  // namespace

VirtualCard::VirtualCard(const Profile& profile)
    : m_pin(profile.pin.begin(), profile.pin.end()),
      m_short_form(profile.short_form),
      m_has_ap(profile.has_attributes_ap),
      m_tries_left(profile.tries_left) {
    m_files[0x0001] = File{number_file(profile), true, true};
    m_files[0x0002] = File{attributes_file(profile), true, true};
    m_files[0x0005] = File{ap_info_file(), false, true};
    m_files[k_ef_pin] = File{{}, false, false};
}

void VirtualCard::power_cycle() {
    m_ap_selected = false;
    m_verified = false;
    m_current_ef.reset();
}

std::vector<std::uint8_t> VirtualCard::process(std::span<const std::uint8_t> apdu) {
    if (apdu.size() < 4) {
        return status(0x6700);
    }
    const std::uint8_t cla = apdu[0];
    const std::uint8_t ins = apdu[1];
    const std::uint8_t p1 = apdu[2];
    const std::uint8_t p2 = apdu[3];
    std::span<const std::uint8_t> data;
    std::optional<std::size_t> le;
    if (apdu.size() == 5) {
        le = apdu[4] == 0 ? 256 : apdu[4];
    } else if (apdu.size() > 5) {
        const std::size_t lc = apdu[4];
        if (lc == 0) {
            // Extended length: not supported by this card.
            return status(0x6700);
        }
        if (apdu.size() == 5 + lc) {
            data = apdu.subspan(5, lc);
        } else if (apdu.size() == 6 + lc) {
            data = apdu.subspan(5, lc);
            le = apdu[5 + lc] == 0 ? 256 : apdu[5 + lc];
        } else {
            return status(0x6700);
        }
    }
    if (cla != 0x00) {
        return status(0x6E00);
    }
    switch (ins) {
        case 0xA4:
            return select(p1, p2, data);
        case 0x20:
            return verify(p1, p2, data);
        case 0xB0:
            return read_binary(p1, p2, le);
        default:
            return status(0x6D00);
    }
}

std::vector<std::uint8_t> VirtualCard::select(std::uint8_t p1, std::uint8_t p2, std::span<const std::uint8_t> data) {
    if (p2 != 0x0C) {
        return status(0x6A86);
    }
    if (p1 == 0x04) {
        if (!m_has_ap || !std::ranges::equal(data, k_aid)) {
            return status(0x6A82);
        }
        m_ap_selected = true;
        m_current_ef.reset();
        return status(0x9000);
    }
    if (p1 == 0x02) {
        if (data.size() != 2) {
            return status(0x6700);
        }
        const auto id = static_cast<std::uint16_t>(data[0] << 8 | data[1]);
        if (!m_ap_selected || !m_files.contains(id)) {
            return status(0x6A82);
        }
        m_current_ef = id;
        return status(0x9000);
    }
    return status(0x6A86);
}

std::vector<std::uint8_t> VirtualCard::verify(std::uint8_t p1, std::uint8_t p2, std::span<const std::uint8_t> data) {
    if (p1 != 0x00) {
        return status(0x6A86);
    }
    if (!m_ap_selected) {
        return status(0x6985);
    }
    if (p2 == (0x80 | k_ef_pin)) {
        if (!m_short_form) {
            return status(0x6A86);
        }
    } else if (p2 == 0x80) {
        if (m_current_ef != k_ef_pin) {
            return status(0x6A88);
        }
    } else {
        return status(0x6A86);
    }
    if (m_tries_left == 0) {
        return status(0x6984);
    }
    if (data.empty()) {
        if (m_verified) {
            return status(0x9000);
        }
        return status(static_cast<std::uint16_t>(0x63C0 | m_tries_left));
    }
    if (data.size() != m_pin.size()) {
        return status(0x6700);
    }
    if (std::ranges::equal(data, m_pin)) {
        m_tries_left = k_max_tries;
        m_verified = true;
        return status(0x9000);
    }
    --m_tries_left;
    m_verified = false;
    return status(static_cast<std::uint16_t>(0x63C0 | m_tries_left));
}

std::vector<std::uint8_t> VirtualCard::read_binary(std::uint8_t p1, std::uint8_t p2, std::optional<std::size_t> le) {
    if (!m_ap_selected) {
        return status(0x6985);
    }
    std::size_t offset = 0;
    if ((p1 & 0x80) != 0) {
        if (!m_short_form || (p1 & 0x60) != 0) {
            return status(0x6A86);
        }
        const std::uint16_t id = file_for_sfi(p1 & 0x1F);
        if (!m_files.contains(id)) {
            return status(0x6A82);
        }
        m_current_ef = id;
        offset = p2;
    } else {
        if (!m_current_ef) {
            return status(0x6986);
        }
        offset = static_cast<std::size_t>(p1) << 8 | p2;
    }
    if (!le) {
        return status(0x6700);
    }
    const File& file = m_files.at(*m_current_ef);
    if (!file.readable) {
        return status(0x6981);
    }
    if (file.needs_pin && !m_verified) {
        return status(0x6982);
    }
    if (offset >= file.content.size()) {
        return status(0x6B00);
    }
    const std::size_t count = std::min(*le, file.content.size() - offset);
    std::vector<std::uint8_t> response(file.content.begin() + static_cast<std::ptrdiff_t>(offset),
                                       file.content.begin() + static_cast<std::ptrdiff_t>(offset + count));
    const auto sw = status(count < *le ? 0x6282 : 0x9000);
    response.insert(response.end(), sw.begin(), sw.end());
    return response;
}

}  // namespace madoguchi::sim
