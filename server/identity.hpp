#pragma once
// Who is calling: every terminal has a client certificate from the city CA whose subject names
// its role (OU) and its site (O); the common name (CN) identifies the terminal in logs and keys.
#include <openssl/x509.h>

#include <optional>
#include <string>
#include <string_view>

#include "kiosk/error.hpp"

namespace madoguchi::server {

enum class TerminalRole { kiosk, counter, floor, display };

std::string_view terminal_role_name(TerminalRole role);
std::optional<TerminalRole> parse_terminal_role(std::string_view name);

struct Identity {
    std::string name;
    TerminalRole role = TerminalRole::kiosk;
    std::string site;
    std::string staff_id;  // who is logged in on a counter or floor terminal, if anyone

    // For event and audit rows: the terminal, and the staff member when one is logged in.
    std::string actor() const { return staff_id.empty() ? name : name + "/" + staff_id; }
};

enum class IdentityError { no_certificate, missing_field, unknown_role };

Result<Identity, IdentityError> identity_from_certificate(const X509* certificate);

}  // namespace madoguchi::server
