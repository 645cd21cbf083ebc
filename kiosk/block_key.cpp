#include "block_key.hpp"

#include <openssl/evp.h>

#include <memory>

namespace madoguchi {
namespace {

constexpr std::size_t k_ed25519_size = 32;
constexpr std::size_t k_signature_size = 64;

using KeyHandle = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

}  // namespace

std::optional<BlockKeyPair> make_block_key() {
    EVP_PKEY* generated = nullptr;
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr),
                                                                        &EVP_PKEY_CTX_free);
    if (!context || EVP_PKEY_keygen_init(context.get()) != 1 || EVP_PKEY_keygen(context.get(), &generated) != 1) {
        return std::nullopt;
    }
    const KeyHandle key(generated, &EVP_PKEY_free);
    BlockKeyPair pair;
    pair.private_key.resize(k_ed25519_size);
    pair.public_key.resize(k_ed25519_size);
    std::size_t private_size = pair.private_key.size();
    std::size_t public_size = pair.public_key.size();
    if (EVP_PKEY_get_raw_private_key(key.get(), pair.private_key.data(), &private_size) != 1 ||
        EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(pair.public_key.data()),
                                    &public_size) != 1 ||
        private_size != k_ed25519_size || public_size != k_ed25519_size) {
        return std::nullopt;
    }
    return pair;
}

std::optional<std::string> sign_with_block_key(const card::SecureBytes& private_key, std::string_view message) {
    if (private_key.size() != k_ed25519_size) {
        return std::nullopt;
    }
    const KeyHandle key(
        EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, private_key.data(), private_key.size()),
        &EVP_PKEY_free);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!key || !context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
        return std::nullopt;
    }
    std::string signature(k_signature_size, '\0');
    std::size_t size = signature.size();
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
        size != k_signature_size) {
        return std::nullopt;
    }
    return signature;
}

}  // namespace madoguchi
