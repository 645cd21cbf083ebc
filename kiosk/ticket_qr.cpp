#include "ticket_qr.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "application_payload.hpp"
#include "config.hpp"

namespace madoguchi {
namespace {

constexpr std::size_t k_max_ticket_id = 64;
constexpr std::size_t k_ed25519_key = 32;
constexpr std::size_t k_ed25519_signature = 64;

bool ticket_id_character(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

std::string bytes_of(const card::SecureBytes& bytes) { return std::string(bytes.begin(), bytes.end()); }

// The message the server signs (server/signing.cpp, ticket_signing_message).
std::string signing_message(std::string_view site, std::string_view ticket_id) {
    std::string message = "madoguchi-ticket-v1\n";
    message += site;
    message += '\n';
    message += ticket_id;
    return message;
}

bool ed25519_verifies(const std::string& public_key, const std::string& message, const std::string& signature) {
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key.data()),
                                    public_key.size()),
        &EVP_PKEY_free);
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    return key && context && EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
           EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

}  // namespace

Result<TicketQr, TicketQrError> parse_ticket_qr(std::string_view url) {
    const auto unreadable = fail(TicketQrError::unreadable, "not a ticket status URL");
    if (!url.starts_with("https://") && !url.starts_with("http://")) {
        return unreadable;
    }
    const std::size_t path = url.find("/t/");
    const std::size_t query = url.find('?');
    if (path == std::string_view::npos || query == std::string_view::npos || query < path) {
        return unreadable;
    }
    TicketQr qr;
    qr.ticket_id = std::string(url.substr(path + 3, query - path - 3));
    if (qr.ticket_id.empty() || qr.ticket_id.size() > k_max_ticket_id ||
        !std::ranges::all_of(qr.ticket_id, ticket_id_character)) {
        return unreadable;
    }
    std::string signature;
    bool offline = false;
    std::string_view rest = url.substr(query + 1);
    while (!rest.empty()) {
        const std::size_t end = std::min(rest.find('&'), rest.size());
        const std::string_view pair = rest.substr(0, end);
        rest.remove_prefix(std::min(end + 1, rest.size()));
        const std::size_t equals = pair.find('=');
        if (equals == std::string_view::npos) {
            return unreadable;
        }
        const std::string_view name = pair.substr(0, equals);
        const std::string value(pair.substr(equals + 1));
        if (name == "site") {
            qr.site = value;
        } else if (name == "kid") {
            qr.key_id = value;
        } else if (name == "s") {
            signature = value;
        } else if (name == "block" || name == "n") {
            offline = true;
        }
    }
    if (!is_api_id(qr.site) || signature.empty()) {
        return unreadable;
    }
    if (offline) {
        return fail(TicketQrError::offline, "signed by an offline block key");
    }
    const auto decoded = base64url_decode(signature);
    if (qr.key_id.empty() || !decoded || decoded->size() != k_ed25519_signature) {
        return unreadable;
    }
    qr.signature = bytes_of(*decoded);
    return qr;
}

std::vector<SiteKey> parse_site_keys(std::string_view body) {
    std::vector<SiteKey> keys;
    const auto answer = nlohmann::json::parse(body, nullptr, false);
    if (!answer.is_object() || !answer.contains("keys") || !answer["keys"].is_array()) {
        return keys;
    }
    for (const auto& entry : answer["keys"]) {
        const auto text = [&](const char* name) {
            return entry.is_object() && entry.contains(name) && entry[name].is_string() ? entry[name].get<std::string>()
                                                                                        : std::string();
        };
        const auto public_key = base64url_decode(text("public_key"));
        if (text("algorithm") != "Ed25519" || !public_key || public_key->size() != k_ed25519_key) {
            continue;
        }
        keys.push_back(SiteKey{text("site"), text("key_id"), bytes_of(*public_key)});
    }
    return keys;
}

Result<void, TicketQrError> verify_ticket_qr(const TicketQr& qr, std::string_view site, std::span<const SiteKey> keys) {
    if (qr.site != site) {
        return fail(TicketQrError::other_site, "a ticket of site " + qr.site);
    }
    const auto key = std::ranges::find_if(
        keys, [&](const SiteKey& candidate) { return candidate.site == site && candidate.key_id == qr.key_id; });
    if (key == keys.end()) {
        return fail(TicketQrError::unknown_key, "no key " + qr.key_id + " for site " + qr.site);
    }
    if (!ed25519_verifies(key->public_key, signing_message(qr.site, qr.ticket_id), qr.signature)) {
        return fail(TicketQrError::forged, "the signature does not verify");
    }
    return {};
}

}  // namespace madoguchi
