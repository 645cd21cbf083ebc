#include "card_files.hpp"

#include <array>
#include <span>
#include <string_view>

namespace madoguchi::sim {
namespace {

void append_length(std::vector<std::uint8_t>& out, std::size_t length, bool long_form) {
    if (long_form || length > 0xFF) {
        out.insert(out.end(), {0x82, static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length & 0xFF)});
    } else if (length > 0x7F) {
        out.insert(out.end(), {0x81, static_cast<std::uint8_t>(length)});
    } else {
        out.push_back(static_cast<std::uint8_t>(length));
    }
}

void append_tlv(std::vector<std::uint8_t>& out, std::uint16_t tag, std::span<const std::uint8_t> value,
                bool long_form) {
    out.push_back(static_cast<std::uint8_t>(tag >> 8));
    out.push_back(static_cast<std::uint8_t>(tag & 0xFF));
    append_length(out, value.size(), long_form);
    out.insert(out.end(), value.begin(), value.end());
}

std::span<const std::uint8_t> bytes_of(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

std::vector<std::uint8_t> attributes_file(const Profile& profile) {
    if (!profile.attributes_raw.empty()) {
        return profile.attributes_raw;
    }
    const bool long_form = profile.long_form_lengths;
    // The template header's size depends on the body's length, and the offsets in DF21 count
    // from the file start, so the body is laid out twice: once to learn its size.
    std::vector<std::uint8_t> fields;
    std::array<std::size_t, 4> field_starts{};
    const std::array<std::pair<std::uint16_t, std::string_view>, 4> values{
        {{0xDF22, profile.name}, {0xDF23, profile.address}, {0xDF24, profile.birth_date}, {0xDF25, profile.sex}}};
    const std::size_t offsets_size = 2 + (long_form ? 3 : 1) + 8;
    for (std::size_t i = 0; i < values.size(); ++i) {
        field_starts[i] = fields.size();
        append_tlv(fields, values[i].first, bytes_of(values[i].second), long_form);
    }
    const std::size_t body_size = offsets_size + fields.size();
    std::vector<std::uint8_t> header{0xFF, 0x20};
    append_length(header, body_size, long_form);
    const std::size_t fields_start = profile.prefix.size() + header.size() + offsets_size;

    std::vector<std::uint8_t> file = profile.prefix;
    file.insert(file.end(), header.begin(), header.end());
    std::array<std::uint8_t, 8> offsets{};
    for (std::size_t i = 0; i < field_starts.size(); ++i) {
        const std::size_t offset = fields_start + field_starts[i];
        offsets[2 * i] = static_cast<std::uint8_t>(offset >> 8);
        offsets[2 * i + 1] = static_cast<std::uint8_t>(offset & 0xFF);
    }
    append_tlv(file, 0xDF21, offsets, long_form);
    file.insert(file.end(), fields.begin(), fields.end());
    file.insert(file.end(), static_cast<std::size_t>(profile.filler), 0xFF);
    return file;
}

std::vector<std::uint8_t> number_file(const Profile& profile) {
    if (!profile.number_raw.empty()) {
        return profile.number_raw;
    }
    std::vector<std::uint8_t> file;
    append_tlv(file, 0xFF10, bytes_of(profile.number), profile.long_form_lengths);
    file.insert(file.end(), {0xFF, 0xFF});
    return file;
}

std::vector<std::uint8_t> ap_info_file() {
    // A version record like real cards carry; nothing reads it but it must exist for SELECT.
    return {0xDF, 0x51, 0x04, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xFF};
}

}  // namespace madoguchi::sim
