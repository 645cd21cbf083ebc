#include "sealed_box.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <memory>

namespace madoguchi {
namespace {

constexpr std::size_t k_nonce_size = 12;
constexpr std::size_t k_tag_size = 16;

}  // namespace

std::expected<SecretKey, std::string> load_secret_key(const std::filesystem::path& path, std::string_view what) {
    const std::string name = std::string(what) + " " + path.string();
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return std::unexpected(name + " is missing");
    }
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        return std::unexpected(name + " is readable by others (chmod 600 it)");
    }
    std::ifstream file(path, std::ios::binary);
    SecretKey key{};
    file.read(reinterpret_cast<char*>(key.data()), static_cast<std::streamsize>(key.size()));
    const bool exact = file.gcount() == static_cast<std::streamsize>(key.size()) && file.peek() == EOF;
    if (!exact) {
        OPENSSL_cleanse(key.data(), key.size());
        return std::unexpected(name + " must hold exactly 32 bytes");
    }
    return key;
}

std::optional<std::vector<std::uint8_t>> seal(const SecretKey& key, std::span<const std::uint8_t> plain,
                                              std::string_view aad) {
    std::vector<std::uint8_t> sealed(k_nonce_size + plain.size() + k_tag_size);
    if (RAND_bytes(sealed.data(), static_cast<int>(k_nonce_size)) != 1) {
        return std::nullopt;
    }
    const std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> context(EVP_CIPHER_CTX_new(),
                                                                                  EVP_CIPHER_CTX_free);
    int length = 0;
    int final_length = 0;
    const bool ok =
        context && EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, key.data(), sealed.data()) == 1 &&
        EVP_EncryptUpdate(context.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(aad.data()),
                          static_cast<int>(aad.size())) == 1 &&
        EVP_EncryptUpdate(context.get(), sealed.data() + k_nonce_size, &length, plain.data(),
                          static_cast<int>(plain.size())) == 1 &&
        EVP_EncryptFinal_ex(context.get(), sealed.data() + k_nonce_size + length, &final_length) == 1 &&
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(k_tag_size),
                            sealed.data() + k_nonce_size + plain.size()) == 1;
    if (!ok) {
        return std::nullopt;
    }
    return sealed;
}

std::optional<card::SecureBytes> open_sealed(const SecretKey& key, std::span<const std::uint8_t> sealed,
                                             std::string_view aad) {
    if (sealed.size() < k_nonce_size + k_tag_size) {
        return std::nullopt;
    }
    const std::size_t size = sealed.size() - k_nonce_size - k_tag_size;
    card::SecureBytes plain(size);
    const std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> context(EVP_CIPHER_CTX_new(),
                                                                                  EVP_CIPHER_CTX_free);
    std::array<std::uint8_t, k_tag_size> tag{};
    std::copy_n(sealed.data() + k_nonce_size + size, k_tag_size, tag.begin());
    int length = 0;
    int final_length = 0;
    const bool ok =
        context && EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, key.data(), sealed.data()) == 1 &&
        EVP_DecryptUpdate(context.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(aad.data()),
                          static_cast<int>(aad.size())) == 1 &&
        EVP_DecryptUpdate(context.get(), plain.data(), &length, sealed.data() + k_nonce_size, static_cast<int>(size)) ==
            1 &&
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(k_tag_size), tag.data()) == 1 &&
        EVP_DecryptFinal_ex(context.get(), plain.data() + length, &final_length) == 1;
    if (!ok) {
        return std::nullopt;
    }
    return plain;
}

}  // namespace madoguchi
