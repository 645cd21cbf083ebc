#include "tlv.hpp"

#include <string>

namespace madoguchi::card {
namespace {

constexpr std::size_t k_max_tag_bytes = 6;
constexpr std::uint32_t k_max_tag_number = 0x1FFFFF;
constexpr std::size_t k_max_length_bytes = 4;

struct Header {
    std::uint32_t tag = 0;
    std::size_t length = 0;
    std::size_t size = 0;
};

bool is_filler(std::span<const std::uint8_t> bytes, std::size_t pos) {
    if (bytes[pos] == 0x00) {
        return true;
    }
    // FF alone or before more filler; FF followed by a tag number byte is a real tag (FF 20).
    return bytes[pos] == 0xFF && (pos + 1 == bytes.size() || bytes[pos + 1] == 0xFF || bytes[pos + 1] == 0x00);
}

// A multi-byte tag re-encoded without leading 80 groups. A low number stays in the multi-byte
// form: cards write FF 10 for EF 0001's template, and folding it into one byte would lose that.
std::uint32_t normalised_tag(std::uint8_t first, std::uint32_t number) {
    int groups = 1;
    while (groups < 3 && (number >> (7 * groups)) != 0) {
        ++groups;
    }
    std::uint32_t encoded = first;
    for (int group = groups - 1; group >= 0; --group) {
        const std::uint32_t bits = (number >> (7 * group)) & 0x7Fu;
        encoded = encoded << 8 | bits | (group > 0 ? 0x80u : 0u);
    }
    return encoded;
}

CardResult<std::optional<Header>> read_header(std::span<const std::uint8_t> bytes, std::size_t pos) {
    const auto incomplete = []() -> CardResult<std::optional<Header>> { return std::optional<Header>{}; };
    const std::size_t start = pos;
    if (pos >= bytes.size()) {
        return incomplete();
    }
    const std::uint8_t first = bytes[pos++];
    std::uint32_t tag = first;
    if ((first & 0x1F) == 0x1F) {
        std::uint32_t number = 0;
        // Leading 80 groups only pad the number (non-minimal, but cards do it): they add no bits,
        // so only the total number of bytes and the value are limited.
        while (true) {
            if (pos >= bytes.size()) {
                return incomplete();
            }
            if (pos - start > k_max_tag_bytes) {
                return fail(CardError::malformed_response, "TLV tag longer than " + std::to_string(k_max_tag_bytes) +
                                                               " bytes at offset " + std::to_string(start));
            }
            const std::uint8_t byte = bytes[pos++];
            number = number << 7 | (byte & 0x7Fu);
            if (number > k_max_tag_number) {
                return fail(CardError::malformed_response,
                            "TLV tag number too large at offset " + std::to_string(start));
            }
            if ((byte & 0x80) == 0) {
                break;
            }
        }
        tag = normalised_tag(first, number);
    }
    if (pos >= bytes.size()) {
        return incomplete();
    }
    const std::uint8_t length_byte = bytes[pos++];
    std::size_t length = length_byte;
    if (length_byte == 0x80) {
        return fail(CardError::malformed_response, "TLV indefinite length at offset " + std::to_string(start));
    }
    if (length_byte > 0x80) {
        const std::size_t count = length_byte & 0x7Fu;
        if (count > k_max_length_bytes) {
            return fail(CardError::malformed_response,
                        "TLV length of " + std::to_string(count) + " bytes at offset " + std::to_string(start));
        }
        length = 0;
        for (std::size_t i = 0; i < count; ++i) {
            if (pos >= bytes.size()) {
                return incomplete();
            }
            length = length << 8 | bytes[pos++];
        }
    }
    return Header{tag, length, pos - start};
}

}  // namespace

CardResult<std::optional<Tlv>> next_tlv(std::span<const std::uint8_t> bytes, std::size_t& pos) {
    if (pos >= bytes.size() || is_filler(bytes, pos)) {
        return std::optional<Tlv>{};
    }
    auto header = read_header(bytes, pos);
    if (!header) {
        return std::unexpected(header.error());
    }
    if (!*header) {
        return fail(CardError::malformed_response, "TLV header truncated at offset " + std::to_string(pos));
    }
    const std::size_t value_start = pos + (*header)->size;
    const std::size_t available = bytes.size() - value_start;
    if ((*header)->length > available) {
        return fail(CardError::malformed_response, "TLV at offset " + std::to_string(pos) + " claims " +
                                                       std::to_string((*header)->length) + " bytes, " +
                                                       std::to_string(available) + " remain");
    }
    Tlv element{(*header)->tag, bytes.subspan(value_start, (*header)->length), pos};
    pos = value_start + (*header)->length;
    return element;
}

CardResult<std::vector<Tlv>> parse_tlvs(std::span<const std::uint8_t> bytes) {
    std::vector<Tlv> elements;
    std::size_t pos = 0;
    while (true) {
        auto element = next_tlv(bytes, pos);
        if (!element) {
            return std::unexpected(element.error());
        }
        if (!*element) {
            return elements;
        }
        elements.push_back(**element);
    }
}

const Tlv* find_tlv(std::span<const Tlv> elements, std::uint32_t tag) {
    for (const Tlv& element : elements) {
        if (element.tag == tag) {
            return &element;
        }
    }
    return nullptr;
}

CardResult<std::optional<std::size_t>> tlv_total_size(std::span<const std::uint8_t> bytes) {
    auto header = read_header(bytes, 0);
    if (!header) {
        return std::unexpected(header.error());
    }
    if (!*header) {
        return std::optional<std::size_t>{};
    }
    return std::optional<std::size_t>{(*header)->size + (*header)->length};
}

}  // namespace madoguchi::card
