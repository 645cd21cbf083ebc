#include <doctest/doctest.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "server/openssl_handles.hpp"
#include "server/pki.hpp"
#include "support.hpp"

using namespace madoguchi::server;
using madoguchi::server::test::TempDir;

namespace {

X509Handle read_certificate(const std::filesystem::path& path) {
    BioHandle bio(BIO_new_file(path.c_str(), "r"));
    REQUIRE(bio);
    X509Handle certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    REQUIRE(certificate);
    return certificate;
}

bool verifies(const X509Handle& ca, const X509Handle& leaf) {
    X509StoreHandle store(X509_STORE_new());
    X509_STORE_add_cert(store.get(), ca.get());
    std::unique_ptr<X509_STORE_CTX, OpensslDeleter<X509_STORE_CTX_free>> context(X509_STORE_CTX_new());
    X509_STORE_CTX_init(context.get(), store.get(), leaf.get(), nullptr);
    return X509_verify_cert(context.get()) == 1;
}

}  // namespace

TEST_CASE("pki init makes a CA and a server certificate it signed") {
    const TempDir dir;
    const PkiLayout layout{dir.path()};
    REQUIRE(pki_init(layout, {"localhost", "127.0.0.1"}).has_value());
    const X509Handle ca = read_certificate(layout.ca_certificate());
    const X509Handle server = read_certificate(layout.server_certificate());
    CHECK(verifies(ca, server));
    CHECK(X509_check_host(server.get(), "localhost", 0, 0, nullptr) == 1);
    CHECK(X509_check_ip_asc(server.get(), "127.0.0.1", 0) == 1);
    CHECK((std::filesystem::status(layout.ca_key()).permissions() & std::filesystem::perms::group_read) ==
          std::filesystem::perms::none);

    const auto again = pki_init(layout, {"localhost"});
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().code == PkiError::exists);
}

TEST_CASE("a terminal certificate carries its role and site and chains to the CA") {
    const TempDir dir;
    const PkiLayout layout{dir.path()};
    REQUIRE(pki_init(layout, {"localhost"}).has_value());
    REQUIRE(pki_issue_terminal(layout, Identity{"chuo-counter-3", TerminalRole::counter, "chuo", ""}).has_value());
    const X509Handle ca = read_certificate(layout.ca_certificate());
    const X509Handle terminal = read_certificate(layout.terminal_certificate("chuo-counter-3"));
    CHECK(verifies(ca, terminal));
    const auto identity = identity_from_certificate(terminal.get());
    REQUIRE(identity.has_value());
    CHECK(identity->name == "chuo-counter-3");
    CHECK(identity->role == TerminalRole::counter);
    CHECK(identity->site == "chuo");
    // The server's own certificate names no role: it cannot pass as a terminal.
    CHECK_FALSE(identity_from_certificate(read_certificate(layout.server_certificate()).get()).has_value());
}

TEST_CASE("issuing without a CA or with a bad name fails cleanly") {
    const TempDir dir;
    const PkiLayout layout{dir.path()};
    const auto no_ca = pki_issue_terminal(layout, Identity{"k1", TerminalRole::kiosk, "chuo", ""});
    REQUIRE_FALSE(no_ca.has_value());
    CHECK(no_ca.error().code == PkiError::io);
    REQUIRE(pki_init(layout, {"localhost"}).has_value());
    CHECK_FALSE(pki_issue_terminal(layout, Identity{"../k1", TerminalRole::kiosk, "chuo", ""}).has_value());
    CHECK_FALSE(pki_issue_terminal(layout, Identity{"k1", TerminalRole::kiosk, "", ""}).has_value());
}

TEST_CASE("role names round-trip") {
    for (TerminalRole role : {TerminalRole::kiosk, TerminalRole::counter, TerminalRole::floor, TerminalRole::display}) {
        CHECK(parse_terminal_role(terminal_role_name(role)) == role);
    }
    CHECK_FALSE(parse_terminal_role("citizen"));
}
