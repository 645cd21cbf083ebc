#pragma once
// Staff accounts for counter and floor terminals (issue 4): a staff member logs in on a terminal
// with id and password, and the staff id goes into the audit log with the terminal's name.
// Passwords are stored as scrypt hashes made with OpenSSL's KDF; sessions as hashes of random
// bearer tokens, so a copy of the database opens no session.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/database.hpp"
#include "server/ticket.hpp"

namespace madoguchi::server {

// "scrypt$N$r$p$<salt base64url>$<hash hex>"; the parameters travel with the hash so that they
// can be raised later without invalidating stored passwords.
std::string hash_password(std::string_view password);
bool check_password(std::string_view password, std::string_view stored);

struct StaffSession {
    std::string token;  // handed to the terminal once; only its hash is stored
    std::int64_t expires_at_ms = 0;
};

// Guessing passwords on a counter terminal: after `attempts` wrong passwords for one staff id,
// each less than `cool_down` after the previous one, that id is refused for `cool_down`.
struct LoginThrottle {
    std::int64_t attempts = 5;
    std::chrono::seconds cool_down{300};
};

class StaffStore {
public:
    explicit StaffStore(Database& database, LoginThrottle throttle = {}) : m_database(database), m_throttle(throttle) {}

    // Creates the account, or sets a new password for an existing one.
    Stored<void> set_password(const std::string& staff_id, const std::string& site, std::string_view password);
    // A new session on `terminal` when the password matches an account of `site`; rejected
    // otherwise (without saying whether the id or the password was wrong); busy while the id is
    // locked out, without checking the password. Wrong passwords, lock-outs and refusals while
    // locked out go into the audit log.
    Stored<StaffSession> login(const std::string& staff_id, const std::string& site, std::string_view password,
                               const std::string& terminal, TimePoint now);
    // How long `staff_id` stays locked out: zero when it is not.
    Stored<std::chrono::seconds> locked_for(const std::string& staff_id, TimePoint now);
    // The staff id of a live session opened on this very terminal.
    Stored<std::string> authenticate(std::string_view token, const std::string& terminal, TimePoint now);
    // Drops sessions that expired before `now`; returns how many.
    Stored<std::int64_t> purge_expired(TimePoint now);

private:
    Stored<void> record_failure(const std::string& staff_id, const std::string& terminal, TimePoint now);

    Database& m_database;
    LoginThrottle m_throttle;
};

}  // namespace madoguchi::server
