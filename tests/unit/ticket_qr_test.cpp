// The ticket QR as a counter reads it: what is not a status URL is refused as unreadable, and
// a URL whose signature does not verify by the site's published key is refused before anything
// about the ticket is asked of the server.
#include <doctest/doctest.h>
#include <openssl/evp.h>

#include <memory>

#include "kiosk/application_payload.hpp"
#include "kiosk/ticket_qr.hpp"

using namespace madoguchi;

namespace {

// A site key as the server makes one, and the QR URL it would print for `ticket` at `site`.
struct SiteSigner {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"),
                                                             &EVP_PKEY_free};

    std::string public_key() const {
        std::string raw(32, '\0');
        std::size_t length = raw.size();
        REQUIRE(EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(raw.data()), &length) == 1);
        return raw;
    }
    std::string sign(const std::string& message) const {
        const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
        std::string signature(64, '\0');
        std::size_t length = signature.size();
        REQUIRE(EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1);
        REQUIRE(EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                               reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1);
        return signature;
    }
    std::string url(const std::string& site, const std::string& ticket) const {
        const std::string signature = sign("madoguchi-ticket-v1\n" + site + "\n" + ticket);
        const std::span bytes(reinterpret_cast<const std::uint8_t*>(signature.data()), signature.size());
        return "https://status.example.jp/t/" + ticket + "?site=" + site + "&kid=k1&s=" + base64url_encode(bytes);
    }
    std::vector<SiteKey> keys(const std::string& site) const { return {SiteKey{site, "k1", public_key()}}; }
};

TicketQrError refusal(std::string_view url, const std::vector<SiteKey>& keys) {
    auto qr = parse_ticket_qr(url);
    if (!qr) {
        return qr.error().code;
    }
    auto verified = verify_ticket_qr(*qr, "chuo", keys);
    REQUIRE_FALSE(verified);
    return verified.error().code;
}

}  // namespace

TEST_CASE("a status URL signed by the site's key verifies") {
    const SiteSigner signer;
    const auto qr = parse_ticket_qr(signer.url("chuo", "T_abc-123"));
    REQUIRE(qr);
    CHECK(qr->ticket_id == "T_abc-123");
    CHECK(qr->site == "chuo");
    CHECK(verify_ticket_qr(*qr, "chuo", signer.keys("chuo")));
}

TEST_CASE("garbled scans are unreadable, whatever they hold") {
    const SiteSigner signer;
    const std::string good = signer.url("chuo", "T1");
    for (const std::string& scan :
         {std::string(), std::string("hello"), good.substr(0, good.size() / 2), good.substr(0, good.find("&s=") + 3),
          std::string("https://status.example.jp/t/../staff/login?site=chuo&kid=k1&s=AAAA"),
          std::string("https://status.example.jp/t/T1?site=Chuo Ward&kid=k1&s=AAAA"),
          std::string("https://status.example.jp/t/T1?site=chuo&kid=k1&s=***"),
          std::string("https://status.example.jp/t/T1?sitechuo"), std::string("ftp://x/t/T1?site=chuo&kid=k1&s=AA"),
          std::string("https://status.example.jp/t/") + std::string(65, 'a') + "?site=chuo&kid=k1&s=AA"}) {
        CAPTURE(scan);
        CHECK(refusal(scan, signer.keys("chuo")) == TicketQrError::unreadable);
    }
}

TEST_CASE("a forged, foreign or unknown signature is told apart") {
    const SiteSigner signer;
    const SiteSigner stranger;
    std::string altered = signer.url("chuo", "T1");
    altered.replace(altered.find("/t/T1") + 3, 2, "T2");
    CHECK(refusal(altered, signer.keys("chuo")) == TicketQrError::forged);
    CHECK(refusal(stranger.url("chuo", "T1"), signer.keys("chuo")) == TicketQrError::forged);
    CHECK(refusal(signer.url("kita", "T1"), signer.keys("kita")) == TicketQrError::other_site);
    CHECK(refusal(signer.url("chuo", "T1"), signer.keys("kita")) == TicketQrError::unknown_key);
    CHECK(refusal(signer.url("chuo", "T1"), {}) == TicketQrError::unknown_key);
    CHECK(refusal("https://status.example.jp/t/T1?site=chuo&block=b1&n=12&s=AAAA", {}) == TicketQrError::offline);
}

TEST_CASE("the site keys are read from the server's answer, odd entries skipped") {
    const SiteSigner signer;
    const std::string raw = signer.public_key();
    const std::string key = base64url_encode(std::span(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()));
    const auto keys = parse_site_keys(R"({"keys": [{"site": "chuo", "key_id": "k1", "algorithm": "Ed25519",
        "public_key": ")" + key + R"("}, {"site": "kita", "key_id": "k2", "algorithm": "RSA", "public_key": ")" + key +
                                      R"("}, {"site": "kita", "key_id": "k3", "algorithm": "Ed25519", "public_key": "AAAA"},
        7, {"site": 3}]})");
    REQUIRE(keys.size() == 1);
    CHECK(keys[0].site == "chuo");
    CHECK(keys[0].public_key == raw);
    CHECK(parse_site_keys("not json").empty());
    CHECK(parse_site_keys(R"({"keys": 3})").empty());
}
