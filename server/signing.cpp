#include "signing.hpp"

#include "server/transfer_note.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace madoguchi::server {
namespace {

constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::size_t k_ed25519_signature_size = 64;

int decode_char(char c) {
    const std::size_t at = k_alphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

std::string hex(std::string_view bytes) {
    std::string text;
    for (unsigned char byte : bytes) {
        std::array<char, 3> pair{};
        std::snprintf(pair.data(), pair.size(), "%02x", byte);
        text += pair.data();
    }
    return text;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
    std::string text;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            text += k_alphabet[(buffer >> bits) & 0x3f];
        }
    }
    if (bits > 0) {
        text += k_alphabet[(buffer << (6 - bits)) & 0x3f];
    }
    return text;
}

std::string sha256_hex(std::string_view text) {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
    return hex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string random_token(std::size_t bytes) {
    std::string raw(bytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
        // Only a broken OpenSSL installation gets here; nothing can be issued safely after it.
        throw std::runtime_error("the OpenSSL random generator failed");
    }
    return base64url_encode(raw);
}

Result<std::string, SigningError> base64url_decode(std::string_view text) {
    std::string bytes;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int value = decode_char(c);
        if (value < 0) {
            return fail(SigningError::bad_encoding, "not base64url");
        }
        buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    // Leftover bits must be zero padding, else two texts would decode to the same bytes.
    if (bits >= 6 || (buffer & ((1u << bits) - 1)) != 0) {
        return fail(SigningError::bad_encoding, "base64url text has a bad length or trailing bits");
    }
    return bytes;
}

SigningKey::SigningKey(PkeyHandle key) : m_key(key.release(), EVP_PKEY_free) {
    std::array<unsigned char, 32> raw{};
    std::size_t size = raw.size();
    EVP_PKEY_get_raw_public_key(m_key.get(), raw.data(), &size);
    m_public_key.assign(reinterpret_cast<const char*>(raw.data()), size);
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(raw.data(), size, digest.data());
    m_key_id = hex(std::string_view(reinterpret_cast<const char*>(digest.data()), 8));
}

Result<SigningKey, SigningError> SigningKey::load_or_create(const std::filesystem::path& path) {
    if (std::filesystem::exists(path)) {
        BioHandle bio(BIO_new_file(path.c_str(), "r"));
        PkeyHandle key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
        if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
            return fail(SigningError::crypto,
                        path.string() + " is not an Ed25519 private key: " + openssl_error_text());
        }
        return SigningKey(std::move(key));
    }
    PkeyHandle key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    BioHandle bio(BIO_new(BIO_s_mem()));
    if (!key || !bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return fail(SigningError::crypto, "cannot create an Ed25519 key: " + openssl_error_text());
    }
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    std::error_code error;
    std::filesystem::create_directories(path.parent_path(), error);
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, error);
    file.write(data, length);
    file.close();
    if (!file || error) {
        return fail(SigningError::io, "cannot write " + path.string());
    }
    return SigningKey(std::move(key));
}

std::string SigningKey::sign(std::string_view message) const {
    MdCtxHandle context(EVP_MD_CTX_new());
    std::array<unsigned char, k_ed25519_signature_size> signature{};
    std::size_t size = signature.size();
    if (!context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, m_key.get()) != 1 ||
        EVP_DigestSign(context.get(), signature.data(), &size, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1) {
        // Signing with a loaded Ed25519 key fails only when memory runs out.
        throw std::runtime_error("Ed25519 signing failed: " + openssl_error_text());
    }
    return std::string(reinterpret_cast<const char*>(signature.data()), size);
}

bool verify_signature(std::string_view public_key, std::string_view message, std::string_view signature) {
    PkeyHandle key(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key.data()), public_key.size()));
    MdCtxHandle context(EVP_MD_CTX_new());
    if (!key || !context || EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
        ERR_clear_error();
        return false;
    }
    const bool valid =
        EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                         reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    ERR_clear_error();
    return valid;
}

std::string ticket_signing_message(std::string_view site, std::string_view ticket_id) {
    std::string message = "madoguchi-ticket-v1\n";
    message += site;
    message += '\n';
    message += ticket_id;
    return message;
}

Result<SiteKeys, SigningError> SiteKeys::load(const std::filesystem::path& dir, const std::vector<std::string>& sites) {
    SiteKeys keys;
    for (const std::string& site : sites) {
        auto key = SigningKey::load_or_create(dir / (site + ".ed25519.pem"));
        if (!key) {
            return std::unexpected(key.error());
        }
        keys.m_keys.emplace(site, std::move(*key));
        auto note_key = load_or_create_note_key(dir / (site + ".notes.key"));
        if (!note_key) {
            return fail(SigningError::io, note_key.error());
        }
        keys.m_note_keys.emplace(site, *note_key);
    }
    return keys;
}

const SecretKey* SiteKeys::note_key(std::string_view site) const {
    const auto found = m_note_keys.find(site);
    return found == m_note_keys.end() ? nullptr : &found->second;
}

const SigningKey* SiteKeys::find(std::string_view site) const {
    const auto found = m_keys.find(site);
    return found == m_keys.end() ? nullptr : &found->second;
}

}  // namespace madoguchi::server
