#pragma once
// Ed25519 signatures on ticket QR payloads (DESIGN.md §6). Each site has its own key so that a
// leaked key puts one office's tickets in doubt, not the city's; terminals fetch the public keys
// from GET /api/v1/keys and check a ticket before they open anything.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/error.hpp"
#include "kiosk/sealed_box.hpp"
#include "server/openssl_handles.hpp"

namespace madoguchi::server {

enum class SigningError { io, crypto, bad_encoding };

std::string base64url_encode(std::string_view bytes);
// SHA-256 of `text` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view text);
// `bytes` random bytes from OpenSSL's generator, base64url-encoded: for unguessable ids.
std::string random_token(std::size_t bytes);
Result<std::string, SigningError> base64url_decode(std::string_view text);

class SigningKey {
public:
    // Reads `path`, or creates a new key there (mode 0600) when the file does not exist.
    static Result<SigningKey, SigningError> load_or_create(const std::filesystem::path& path);

    std::string sign(std::string_view message) const;
    // The raw 32-byte public key.
    const std::string& public_key() const { return m_public_key; }
    // A short name for the key: the first 8 bytes of SHA-256(public key), hex.
    const std::string& key_id() const { return m_key_id; }

private:
    explicit SigningKey(PkeyHandle key);

    std::shared_ptr<EVP_PKEY> m_key;
    std::string m_public_key;
    std::string m_key_id;
};

bool verify_signature(std::string_view public_key, std::string_view message, std::string_view signature);

// What a ticket's QR signature covers: a version tag, the site and the ticket id.
std::string ticket_signing_message(std::string_view site, std::string_view ticket_id);

// The keys of every site, loaded (or created) in one directory: <site>.ed25519.pem signs tickets,
// <site>.notes.key seals transfer notes at rest (server/transfer_note).
class SiteKeys {
public:
    static Result<SiteKeys, SigningError> load(const std::filesystem::path& dir, const std::vector<std::string>& sites);

    const SigningKey* find(std::string_view site) const;
    const SecretKey* note_key(std::string_view site) const;
    const std::map<std::string, SigningKey, std::less<>>& all() const { return m_keys; }

private:
    std::map<std::string, SigningKey, std::less<>> m_keys;
    std::map<std::string, SecretKey, std::less<>> m_note_keys;
};

}  // namespace madoguchi::server
