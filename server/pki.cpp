#include "pki.hpp"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <fstream>

#include "server/openssl_handles.hpp"

namespace madoguchi::server {
namespace {

constexpr long k_ca_days = 3650;
constexpr long k_leaf_days = 825;
constexpr long k_seconds_per_day = 86400;

using Unexpected = std::unexpected<Error<PkiError>>;

Unexpected crypto_failure(std::string_view what) {
    return Unexpected(Error<PkiError>{PkiError::crypto, std::string(what) + ": " + openssl_error_text()});
}

PkeyHandle new_key() {
    return PkeyHandle(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
}

bool add_extension(X509* certificate, X509* issuer, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    if (extension == nullptr) {
        return false;
    }
    const bool added = X509_add_ext(certificate, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return added;
}

bool set_subject(X509* certificate, const std::vector<std::pair<const char*, std::string>>& fields) {
    X509_NAME* name = X509_get_subject_name(certificate);
    for (const auto& [field, value] : fields) {
        if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0) != 1) {
            return false;
        }
    }
    return true;
}

// A certificate for `key` with a random 127-bit serial, not yet signed.
X509Handle new_certificate(EVP_PKEY* key, long days) {
    X509Handle certificate(X509_new());
    BignumHandle serial(BN_new());
    if (!certificate || !serial || X509_set_version(certificate.get(), X509_VERSION_3) != 1 ||
        BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
        BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())) == nullptr ||
        X509_set_pubkey(certificate.get(), key) != 1) {
        return nullptr;
    }
    // An hour of slack for terminals whose clocks run a little behind.
    if (X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600) == nullptr ||
        X509_gmtime_adj(X509_getm_notAfter(certificate.get()), days * k_seconds_per_day) == nullptr) {
        return nullptr;
    }
    return certificate;
}

Result<void, PkiError> write_file(const std::filesystem::path& path, const std::string& text, bool secret) {
    std::error_code error;
    std::filesystem::create_directories(path.parent_path(), error);
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) {
        return fail(PkiError::io, "cannot write " + path.string());
    }
    if (secret) {
        std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                     error);
        if (error) {
            return fail(PkiError::io, "cannot restrict permissions of " + path.string());
        }
    }
    file << text;
    file.close();
    if (!file) {
        return fail(PkiError::io, "cannot write " + path.string());
    }
    return {};
}

Result<void, PkiError> save(const std::filesystem::path& certificate_path, X509* certificate,
                            const std::filesystem::path& key_path, EVP_PKEY* key) {
    BioHandle certificate_bio(BIO_new(BIO_s_mem()));
    BioHandle key_bio(BIO_new(BIO_s_mem()));
    if (!certificate_bio || !key_bio || PEM_write_bio_X509(certificate_bio.get(), certificate) != 1 ||
        PEM_write_bio_PrivateKey(key_bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return crypto_failure("PEM encoding");
    }
    const auto text_of = [](BIO* bio) {
        char* data = nullptr;
        const long length = BIO_get_mem_data(bio, &data);
        return std::string(data, static_cast<std::size_t>(length));
    };
    if (auto written = write_file(key_path, text_of(key_bio.get()), true); !written) {
        return written;
    }
    return write_file(certificate_path, text_of(certificate_bio.get()), false);
}

Result<std::pair<X509Handle, PkeyHandle>, PkiError> load_ca(const PkiLayout& layout) {
    BioHandle certificate_bio(BIO_new_file(layout.ca_certificate().c_str(), "r"));
    BioHandle key_bio(BIO_new_file(layout.ca_key().c_str(), "r"));
    if (!certificate_bio || !key_bio) {
        ERR_clear_error();
        return fail(PkiError::io, "no CA in " + layout.dir.string() + " (run pki init first)");
    }
    X509Handle certificate(PEM_read_bio_X509(certificate_bio.get(), nullptr, nullptr, nullptr));
    PkeyHandle key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
    if (!certificate || !key) {
        return crypto_failure("reading the CA");
    }
    return std::pair{std::move(certificate), std::move(key)};
}

std::string subject_alt_names(const std::vector<std::string>& hosts) {
    std::string names;
    for (const std::string& host : hosts) {
        in6_addr address6{};
        in_addr address4{};
        const bool is_ip =
            inet_pton(AF_INET, host.c_str(), &address4) == 1 || inet_pton(AF_INET6, host.c_str(), &address6) == 1;
        names += names.empty() ? "" : ",";
        names += (is_ip ? "IP:" : "DNS:") + host;
    }
    return names;
}

}  // namespace

std::string openssl_error_text() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) {
        return "unknown OpenSSL error";
    }
    std::string text(256, '\0');
    ERR_error_string_n(code, text.data(), text.size());
    text.resize(text.find('\0'));
    return text;
}

Result<void, PkiError> pki_init(const PkiLayout& layout, const std::vector<std::string>& hosts) {
    if (std::filesystem::exists(layout.ca_key())) {
        return fail(PkiError::exists, layout.ca_key().string() + " exists; refusing to replace the city CA");
    }
    if (hosts.empty()) {
        return fail(PkiError::bad_argument, "the server certificate needs at least one host name");
    }
    PkeyHandle ca_key = new_key();
    PkeyHandle server_key = new_key();
    if (!ca_key || !server_key) {
        return crypto_failure("key generation");
    }
    X509Handle ca = new_certificate(ca_key.get(), k_ca_days);
    if (!ca || !set_subject(ca.get(), {{"O", "Madoguchi city"}, {"CN", "Madoguchi city CA"}}) ||
        X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get())) != 1 ||
        !add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0") ||
        !add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign") ||
        !add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash") ||
        X509_sign(ca.get(), ca_key.get(), EVP_sha256()) == 0) {
        return crypto_failure("making the CA certificate");
    }
    X509Handle server = new_certificate(server_key.get(), k_leaf_days);
    const std::string names = subject_alt_names(hosts);
    if (!server || !set_subject(server.get(), {{"O", "Madoguchi city"}, {"CN", hosts.front()}}) ||
        X509_set_issuer_name(server.get(), X509_get_subject_name(ca.get())) != 1 ||
        !add_extension(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE") ||
        !add_extension(server.get(), ca.get(), NID_key_usage, "critical,digitalSignature") ||
        !add_extension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth") ||
        !add_extension(server.get(), ca.get(), NID_subject_alt_name, names.c_str()) ||
        !add_extension(server.get(), ca.get(), NID_authority_key_identifier, "keyid:always") ||
        X509_sign(server.get(), ca_key.get(), EVP_sha256()) == 0) {
        return crypto_failure("making the server certificate");
    }
    if (auto saved = save(layout.ca_certificate(), ca.get(), layout.ca_key(), ca_key.get()); !saved) {
        return saved;
    }
    return save(layout.server_certificate(), server.get(), layout.server_key(), server_key.get());
}

Result<void, PkiError> pki_issue_terminal(const PkiLayout& layout, const Identity& identity) {
    if (identity.name.empty() || identity.name.find_first_of("/\\") != std::string::npos) {
        return fail(PkiError::bad_argument, "a terminal name must be non-empty and contain no slash");
    }
    if (identity.site.empty()) {
        return fail(PkiError::bad_argument, "a terminal needs a site");
    }
    auto ca = load_ca(layout);
    if (!ca) {
        return Unexpected(ca.error());
    }
    PkeyHandle key = new_key();
    if (!key) {
        return crypto_failure("key generation");
    }
    X509Handle certificate = new_certificate(key.get(), k_leaf_days);
    const std::string role(terminal_role_name(identity.role));
    if (!certificate || !set_subject(certificate.get(), {{"O", identity.site}, {"OU", role}, {"CN", identity.name}}) ||
        X509_set_issuer_name(certificate.get(), X509_get_subject_name(ca->first.get())) != 1 ||
        !add_extension(certificate.get(), ca->first.get(), NID_basic_constraints, "critical,CA:FALSE") ||
        !add_extension(certificate.get(), ca->first.get(), NID_key_usage, "critical,digitalSignature") ||
        !add_extension(certificate.get(), ca->first.get(), NID_ext_key_usage, "clientAuth") ||
        !add_extension(certificate.get(), ca->first.get(), NID_authority_key_identifier, "keyid:always") ||
        X509_sign(certificate.get(), ca->second.get(), EVP_sha256()) == 0) {
        return crypto_failure("making the terminal certificate");
    }
    return save(layout.terminal_certificate(identity.name), certificate.get(), layout.terminal_key(identity.name),
                key.get());
}

}  // namespace madoguchi::server
