#pragma once
// An application as it travels: the filled forms as JSON, sealed with the site's application key
// (AES-256-GCM, bound to the ticket) so that the server stores what it cannot read, and opened
// again at the counter into the same filled forms, every value checked again on the way in.
#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/card/secure_bytes.hpp"
#include "error.hpp"
#include "form_fill.hpp"
#include "outbox.hpp"
#include "sealed_box.hpp"

namespace madoguchi {

enum class ApplicationError {
    key,        // the application key is missing or unusable
    sealed,     // the payload does not open with this key for this ticket: wrong key, or altered
    malformed,  // opened, but not an application this version understands
    form,       // names a form or field this terminal does not have, or a value that fails its check
    storage,    // the outbox could not keep it
};

// The site's application key file (see load_secret_key).
Result<SecretKey, ApplicationError> load_application_key(const std::filesystem::path& path);

// The POST /api/v1/applications body: ticket id, the forms' ids, the sealed payload and
// metadata without personal data (form versions, language). Wiped when dropped.
Result<card::SecureBytes, ApplicationError> application_request(std::string_view ticket_id,
                                                                std::span<const FilledForm> forms, const SecretKey& key,
                                                                std::string_view language);

// Puts the request in the outbox; returns its Idempotency-Key.
Result<std::string, ApplicationError> enqueue_application(Outbox& outbox, std::string_view ticket_id,
                                                          std::span<const FilledForm> forms, const SecretKey& key,
                                                          std::string_view language,
                                                          std::chrono::system_clock::time_point now);

// The forms inside a payload the server returned for `ticket_id`. The values point into
// `definitions`, which must outlive them.
Result<std::vector<FilledForm>, ApplicationError> open_application(std::string_view payload, std::string_view ticket_id,
                                                                   std::span<const FormDefinition> definitions,
                                                                   const SecretKey& key, const CalendarDate& today);

std::string base64url_encode(std::span<const std::uint8_t> bytes);
std::optional<card::SecureBytes> base64url_decode(std::string_view text);

}  // namespace madoguchi
