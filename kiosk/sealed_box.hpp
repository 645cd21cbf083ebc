#pragma once
// AES-256-GCM as the project seals data at rest and in transit: nonce || ciphertext || tag, with
// associated data that binds the box to where it belongs (a row, a ticket), so that a box
// cannot be moved elsewhere unnoticed.
#include <array>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/card/secure_bytes.hpp"

namespace madoguchi {

using SecretKey = std::array<std::uint8_t, 32>;

// A key file of exactly 32 bytes that only its owner may read; the error names it as `what`.
std::expected<SecretKey, std::string> load_secret_key(const std::filesystem::path& path, std::string_view what);

// nullopt only when OpenSSL fails (no randomness).
std::optional<std::vector<std::uint8_t>> seal(const SecretKey& key, std::span<const std::uint8_t> plain,
                                              std::string_view aad);
// nullopt when the box is too short, or the key or the associated data is not the one it was
// sealed with, or it was altered.
std::optional<card::SecureBytes> open_sealed(const SecretKey& key, std::span<const std::uint8_t> sealed,
                                             std::string_view aad);

}  // namespace madoguchi
