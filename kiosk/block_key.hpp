#pragma once
// The Ed25519 key a kiosk makes for each number block: the server gets the public half with the
// lease; the private half signs the block's offline tickets and is kept sealed at rest.
#include <optional>
#include <string>
#include <string_view>

#include "drivers/card/secure_bytes.hpp"

namespace madoguchi {

struct BlockKeyPair {
    card::SecureBytes private_key;  // raw, 32 bytes
    std::string public_key;         // raw, 32 bytes
};

// nullopt only when OpenSSL fails (no randomness).
std::optional<BlockKeyPair> make_block_key();
// nullopt when the private key is not a raw Ed25519 key.
std::optional<std::string> sign_with_block_key(const card::SecureBytes& private_key, std::string_view message);

}  // namespace madoguchi
