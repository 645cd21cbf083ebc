#include "transfer_note.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <fstream>

#include "server/signing.hpp"

namespace madoguchi::server {
namespace {

std::string associated_data(std::string_view site, std::string_view ticket_id) {
    std::string aad = "madoguchi-transfer-note-v1\n";
    aad += site;
    aad += '\n';
    aad += ticket_id;
    return aad;
}

// The code point at `pos`, advancing past it; nothing for bytes that are not shortest-form
// UTF-8 of a Unicode scalar value.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& pos) {
    const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
    const unsigned char lead = byte(pos);
    std::size_t length = 0;
    char32_t code = 0;
    char32_t smallest = 0;
    if (lead < 0x80) {
        ++pos;
        return lead;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, code = lead & 0x1F, smallest = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, code = lead & 0x0F, smallest = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, code = lead & 0x07, smallest = 0x10000;
    } else {
        return std::nullopt;
    }
    if (pos + length > text.size()) {
        return std::nullopt;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(pos + i) & 0xC0) != 0x80) {
            return std::nullopt;
        }
        code = (code << 6) | (byte(pos + i) & 0x3F);
    }
    if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return std::nullopt;
    }
    pos += length;
    return code;
}

}  // namespace

bool valid_utf8(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        if (!next_code_point(text, pos)) {
            return false;
        }
    }
    return true;
}

std::optional<std::string> note_problem(std::string_view note) {
    std::size_t characters = 0;
    for (std::size_t pos = 0; pos < note.size();) {
        const std::optional<char32_t> code = next_code_point(note, pos);
        if (!code) {
            return "the note is not valid UTF-8";
        }
        if (*code < 0x20 || (*code >= 0x7F && *code <= 0x9F)) {
            return "the note may not contain control characters (line breaks included)";
        }
        if (++characters > k_max_note_characters) {
            return "the note is longer than " + std::to_string(k_max_note_characters) + " characters";
        }
    }
    return std::nullopt;
}

std::expected<SecretKey, std::string> load_or_create_note_key(const std::filesystem::path& path) {
    if (std::filesystem::exists(path)) {
        return load_secret_key(path, "note key");
    }
    SecretKey key{};
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
        return std::unexpected("the OpenSSL random generator failed");
    }
    std::error_code error;
    std::filesystem::create_directories(path.parent_path(), error);
    {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                     error);
        file.write(reinterpret_cast<const char*>(key.data()), static_cast<std::streamsize>(key.size()));
        if (!file || error) {
            OPENSSL_cleanse(key.data(), key.size());
            return std::unexpected("cannot write " + path.string());
        }
    }
    return key;
}

std::optional<std::string> seal_note(const SecretKey& key, std::string_view site, std::string_view ticket_id,
                                     std::string_view note) {
    const auto plain = std::span(reinterpret_cast<const std::uint8_t*>(note.data()), note.size());
    const auto sealed = seal(key, plain, associated_data(site, ticket_id));
    if (!sealed) {
        return std::nullopt;
    }
    return base64url_encode(std::string_view(reinterpret_cast<const char*>(sealed->data()), sealed->size()));
}

std::optional<std::string> open_note(const SecretKey& key, std::string_view site, std::string_view ticket_id,
                                     std::string_view sealed) {
    auto bytes = base64url_decode(sealed);
    if (!bytes) {
        return std::nullopt;
    }
    const auto box = std::span(reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size());
    auto opened = open_sealed(key, box, associated_data(site, ticket_id));
    if (!opened) {
        return std::nullopt;
    }
    return std::string(reinterpret_cast<const char*>(opened->data()), opened->size());
}

}  // namespace madoguchi::server
