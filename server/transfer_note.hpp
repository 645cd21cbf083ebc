#pragma once
// The note one counter sends with a transfer for the counter that calls the ticket next. It may
// name the citizen, so it is checked here, sealed at rest with the site's note key (AES-256-GCM,
// bound to the site and the new ticket's id), opened only for that site's staff when they call
// the ticket, and never logged or put in events.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/error.hpp"
#include "kiosk/sealed_box.hpp"

namespace madoguchi::server {

inline constexpr std::size_t k_max_note_characters = 200;

// Whether `text` is shortest-form UTF-8 of Unicode scalar values.
bool valid_utf8(std::string_view text);

// Why a note cannot be taken (for the 422), or nothing when it is fine: valid UTF-8, at most
// k_max_note_characters code points, no control characters (line breaks included).
std::optional<std::string> note_problem(std::string_view note);

// Reads the site's 32-byte note key at `path`, or creates one there (mode 0600) when absent.
std::expected<SecretKey, std::string> load_or_create_note_key(const std::filesystem::path& path);

// base64url of the sealed note; nothing only when OpenSSL fails.
std::optional<std::string> seal_note(const SecretKey& key, std::string_view site, std::string_view ticket_id,
                                     std::string_view note);
// Nothing when the box is not this site's note for this ticket.
std::optional<std::string> open_note(const SecretKey& key, std::string_view site, std::string_view ticket_id,
                                     std::string_view sealed);

}  // namespace madoguchi::server
