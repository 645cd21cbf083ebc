#include <doctest/doctest.h>

#include <fstream>

#include "server/signing.hpp"
#include "support.hpp"

using namespace madoguchi::server;
using madoguchi::server::test::TempDir;

TEST_CASE("base64url round-trips every length and refuses bad text") {
    std::string bytes;
    for (int length = 0; length < 40; ++length) {
        const std::string encoded = base64url_encode(bytes);
        CHECK(encoded.find_first_of("+/=") == std::string::npos);
        const auto decoded = base64url_decode(encoded);
        REQUIRE(decoded.has_value());
        CHECK(*decoded == bytes);
        bytes += static_cast<char>(length * 37 + 200);
    }
    CHECK(base64url_encode("\xfb\xff") == "-_8");
    CHECK_FALSE(base64url_decode("ab+c").has_value());
    CHECK_FALSE(base64url_decode("A").has_value());
    // "-_9" would decode to the same bytes as "-_8" if trailing bits were ignored.
    CHECK_FALSE(base64url_decode("-_9").has_value());
}

TEST_CASE("a ticket signature verifies with the site's public key and nothing else") {
    const TempDir dir;
    auto keys = SiteKeys::load(dir.path(), {"chuo", "kita"});
    REQUIRE(keys.has_value());
    const SigningKey* chuo = keys->find("chuo");
    const SigningKey* kita = keys->find("kita");
    REQUIRE(chuo != nullptr);
    REQUIRE(kita != nullptr);
    CHECK(chuo->public_key().size() == 32);
    CHECK(chuo->key_id() != kita->key_id());

    const std::string message = ticket_signing_message("chuo", "abc123");
    const std::string signature = chuo->sign(message);
    CHECK(signature.size() == 64);
    CHECK(verify_signature(chuo->public_key(), message, signature));
    CHECK_FALSE(verify_signature(kita->public_key(), message, signature));
    CHECK_FALSE(verify_signature(chuo->public_key(), ticket_signing_message("chuo", "abc124"), signature));
    CHECK_FALSE(verify_signature(chuo->public_key(), ticket_signing_message("kita", "abc123"), signature));
    std::string tampered = signature;
    tampered[10] = static_cast<char>(tampered[10] ^ 1);
    CHECK_FALSE(verify_signature(chuo->public_key(), message, tampered));
    CHECK_FALSE(verify_signature("short", message, signature));
}

TEST_CASE("site keys persist across restarts") {
    const TempDir dir;
    auto first = SiteKeys::load(dir.path(), {"chuo"});
    auto second = SiteKeys::load(dir.path(), {"chuo"});
    REQUIRE(first.has_value());
    REQUIRE(second.has_value());
    CHECK(first->find("chuo")->public_key() == second->find("chuo")->public_key());
    CHECK((std::filesystem::status(dir.path() / "chuo.ed25519.pem").permissions() &
           std::filesystem::perms::others_read) == std::filesystem::perms::none);
}

TEST_CASE("a key file that is not Ed25519 is refused") {
    const TempDir dir;
    std::ofstream(dir.path() / "chuo.ed25519.pem") << "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    CHECK_FALSE(SiteKeys::load(dir.path(), {"chuo"}).has_value());
}

TEST_CASE("each site's note key is made once, readable by its owner only, and a damaged one is refused") {
    const TempDir dir;
    auto first = SiteKeys::load(dir.path(), {"chuo", "kita"});
    auto second = SiteKeys::load(dir.path(), {"chuo", "kita"});
    REQUIRE(first.has_value());
    REQUIRE(second.has_value());
    REQUIRE(first->note_key("chuo") != nullptr);
    CHECK(*first->note_key("chuo") == *second->note_key("chuo"));
    CHECK(*first->note_key("chuo") != *first->note_key("kita"));
    CHECK(first->note_key("minami") == nullptr);
    CHECK((std::filesystem::status(dir.path() / "chuo.notes.key").permissions() &
           (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) == std::filesystem::perms::none);
    std::filesystem::resize_file(dir.path() / "kita.notes.key", 16);
    CHECK_FALSE(SiteKeys::load(dir.path(), {"chuo", "kita"}).has_value());
}
