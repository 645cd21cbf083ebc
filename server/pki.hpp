#pragma once
// The city's small PKI for the demo and the tests (`madoguchi-server pki …`): a CA, the server's
// certificate and one client certificate per terminal, all ECDSA P-256.
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/error.hpp"
#include "server/identity.hpp"

namespace madoguchi::server {

enum class PkiError { exists, io, crypto, bad_argument };

struct PkiLayout {
    std::filesystem::path dir;

    std::filesystem::path ca_certificate() const { return dir / "ca.crt"; }
    std::filesystem::path ca_key() const { return dir / "ca.key"; }
    std::filesystem::path server_certificate() const { return dir / "server.crt"; }
    std::filesystem::path server_key() const { return dir / "server.key"; }
    std::filesystem::path terminal_certificate(const std::string& name) const {
        return dir / "terminals" / (name + ".crt");
    }
    std::filesystem::path terminal_key(const std::string& name) const { return dir / "terminals" / (name + ".key"); }
};

// Creates the CA and the server certificate, valid for `hosts` (DNS names or IP addresses).
// Refuses to replace an existing CA: every terminal certificate depends on it.
Result<void, PkiError> pki_init(const PkiLayout& layout, const std::vector<std::string>& hosts);

// Issues a terminal's certificate and key, signed by the CA in `layout`.
Result<void, PkiError> pki_issue_terminal(const PkiLayout& layout, const Identity& identity);

}  // namespace madoguchi::server
