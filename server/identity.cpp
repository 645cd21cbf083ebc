#include "identity.hpp"

#include <openssl/asn1.h>
#include <openssl/crypto.h>
#include <openssl/objects.h>

namespace madoguchi::server {
namespace {

std::optional<std::string> subject_field(const X509_NAME* name, int nid) {
    const int index = X509_NAME_get_index_by_NID(name, nid, -1);
    if (index < 0) {
        return std::nullopt;
    }
    const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, data);
    if (length < 0) {
        return std::nullopt;
    }
    std::string value(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
    OPENSSL_free(utf8);
    return value;
}

}  // namespace

std::string_view terminal_role_name(TerminalRole role) {
    switch (role) {
        case TerminalRole::kiosk:
            return "kiosk";
        case TerminalRole::counter:
            return "counter";
        case TerminalRole::floor:
            return "floor";
        case TerminalRole::display:
            return "display";
    }
    return "kiosk";
}

std::optional<TerminalRole> parse_terminal_role(std::string_view name) {
    for (TerminalRole role : {TerminalRole::kiosk, TerminalRole::counter, TerminalRole::floor, TerminalRole::display}) {
        if (name == terminal_role_name(role)) {
            return role;
        }
    }
    return std::nullopt;
}

Result<Identity, IdentityError> identity_from_certificate(const X509* certificate) {
    if (certificate == nullptr) {
        return fail(IdentityError::no_certificate, "the peer sent no certificate");
    }
    const X509_NAME* subject = X509_get_subject_name(certificate);
    const std::optional<std::string> name = subject_field(subject, NID_commonName);
    const std::optional<std::string> role = subject_field(subject, NID_organizationalUnitName);
    const std::optional<std::string> site = subject_field(subject, NID_organizationName);
    if (!name || !role || !site) {
        return fail(IdentityError::missing_field, "the certificate subject lacks CN, OU (role) or O (site)");
    }
    const std::optional<TerminalRole> parsed = parse_terminal_role(*role);
    if (!parsed) {
        return fail(IdentityError::unknown_role, "the certificate names an unknown role");
    }
    return Identity{*name, *parsed, *site, ""};
}

}  // namespace madoguchi::server
