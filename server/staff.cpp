#include "staff.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <array>
#include <charconv>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "server/audit_log.hpp"
#include "server/signing.hpp"
#include "server/sql_helpers.hpp"

namespace madoguchi::server {
namespace {

using Unexpected = std::unexpected<Error<StorageError>>;

// 2^14 × 8 × 128 bytes = 16 MiB per hash and about 50 ms here: dear for a guesser, cheap for a
// login at the start of a shift.
constexpr std::uint64_t k_scrypt_n = 1u << 14;
constexpr std::uint32_t k_scrypt_r = 8;
constexpr std::uint32_t k_scrypt_p = 1;
constexpr std::size_t k_hash_size = 32;
constexpr std::chrono::hours k_session_length{12};

// Nothing when OpenSSL refuses the parameters (or runs out of memory).
std::optional<std::string> derive(std::string_view password, std::string_view salt, std::uint64_t n, std::uint32_t r,
                                  std::uint32_t p) {
    std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr), EVP_KDF_free);
    std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> context(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr,
                                                                      EVP_KDF_CTX_free);
    std::string password_copy(password);
    std::string salt_copy(salt);
    std::array<OSSL_PARAM, 6> params{
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, password_copy.data(), password_copy.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt_copy.data(), salt_copy.size()),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_end()};
    std::array<unsigned char, k_hash_size> out{};
    const bool derived = context && EVP_KDF_derive(context.get(), out.data(), out.size(), params.data()) == 1;
    OPENSSL_cleanse(password_copy.data(), password_copy.size());
    if (!derived) {
        ERR_clear_error();
        return std::nullopt;
    }
    return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at = text.find(separator); at != std::string_view::npos; at = text.find(separator, start)) {
        parts.emplace_back(text.substr(start, at - start));
        start = at + 1;
    }
    parts.emplace_back(text.substr(start));
    return parts;
}

}  // namespace

std::string hash_password(std::string_view password) {
    const std::string salt_text = random_token(16);
    const auto salt = base64url_decode(salt_text);
    const std::optional<std::string> hash = derive(password, *salt, k_scrypt_n, k_scrypt_r, k_scrypt_p);
    if (!hash) {
        // Our own parameters are within OpenSSL's limits: only a lack of memory gets here.
        throw std::runtime_error("scrypt failed: " + openssl_error_text());
    }
    return "scrypt$" + std::to_string(k_scrypt_n) + "$" + std::to_string(k_scrypt_r) + "$" +
           std::to_string(k_scrypt_p) + "$" + salt_text + "$" + base64url_encode(*hash);
}

bool check_password(std::string_view password, std::string_view stored) {
    const std::vector<std::string> parts = split(stored, '$');
    if (parts.size() != 6 || parts[0] != "scrypt") {
        return false;
    }
    const auto salt = base64url_decode(parts[4]);
    const auto expected = base64url_decode(parts[5]);
    std::uint64_t n = 0;
    std::uint32_t r = 0;
    std::uint32_t p = 0;
    const bool numbers = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), n).ec == std::errc{} &&
                         std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), r).ec == std::errc{} &&
                         std::from_chars(parts[3].data(), parts[3].data() + parts[3].size(), p).ec == std::errc{};
    // Parameters this far out would come from a tampered row, not from hash_password.
    if (!numbers || n < 2 || n > (1u << 20) || r == 0 || r > 32 || p == 0 || p > 16 || !salt || !expected ||
        expected->size() != k_hash_size) {
        return false;
    }
    const std::optional<std::string> actual = derive(password, *salt, n, r, p);
    return actual && CRYPTO_memcmp(actual->data(), expected->data(), k_hash_size) == 0;
}

Stored<void> StaffStore::set_password(const std::string& staff_id, const std::string& site, std::string_view password) {
    const std::string stored = hash_password(password);
    return m_database.transaction([&](Statements& statements) -> Stored<void> {
        auto rows = statements.query(
            "INSERT INTO staff (id, site, password) VALUES (?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET site = excluded.site, password = excluded.password",
            {staff_id, site, stored});
        if (!rows) {
            return Unexpected(rows.error());
        }
        return {};
    });
}

Stored<StaffSession> StaffStore::login(const std::string& staff_id, const std::string& site, std::string_view password,
                                       const std::string& terminal, TimePoint now) {
    const std::string actor = terminal + "/" + staff_id;
    // Nothing when the id is locked out (the refusal is audited in the same transaction).
    auto stored = in_transaction<
        std::optional<std::string>>(m_database, [&](Statements& statements) -> Stored<std::optional<std::string>> {
        auto rows = statements.query(
            "SELECT (SELECT password FROM staff WHERE id = ? AND site = ?), "
            "(SELECT locked_until FROM staff_login_failures WHERE staff_id = ?)",
            {staff_id, site, staff_id});
        if (!rows) {
            return Unexpected(rows.error());
        }
        const SqlRow& row = rows->front();
        if (as_int(row.at(1)) > to_millis(now)) {
            auto audited = append_audit(statements, AuditEntry{to_millis(now), actor, "login_locked_out", terminal});
            if (!audited) {
                return Unexpected(audited.error());
            }
            return std::optional<std::string>();
        }
        return std::optional<std::string>(row.at(0).value_or(""));
    });
    if (!stored) {
        return Unexpected(stored.error());
    }
    if (!*stored) {
        return fail(StorageError::busy, "too many wrong passwords for this staff id; try again later");
    }
    // The hash runs outside the transaction: 50 ms of scrypt must not hold a database lock.
    if ((*stored)->empty() || !check_password(password, **stored)) {
        if (auto recorded = record_failure(staff_id, terminal, now); !recorded) {
            return Unexpected(recorded.error());
        }
        return fail(StorageError::rejected, "unknown staff id or wrong password");
    }
    StaffSession session{random_token(32), to_millis(now + k_session_length)};
    auto saved = m_database.transaction([&](Statements& statements) -> Stored<void> {
        auto rows = statements.query(
            "INSERT INTO staff_sessions (token_hash, staff_id, terminal, expires_at) VALUES (?, ?, ?, ?)",
            {sha256_hex(session.token), staff_id, terminal, session.expires_at_ms});
        if (!rows) {
            return Unexpected(rows.error());
        }
        if (auto cleared = statements.query("DELETE FROM staff_login_failures WHERE staff_id = ?", {staff_id});
            !cleared) {
            return Unexpected(cleared.error());
        }
        return append_audit(statements, AuditEntry{to_millis(now), actor, "login", terminal});
    });
    if (!saved) {
        return Unexpected(saved.error());
    }
    return session;
}

Stored<void> StaffStore::record_failure(const std::string& staff_id, const std::string& terminal, TimePoint now) {
    const std::int64_t now_ms = to_millis(now);
    return m_database.transaction([&](Statements& statements) -> Stored<void> {
        // A failure long after the previous one starts the count again: a typo a week ago and
        // another today are not an attack.
        auto rows = statements.query(
            "INSERT INTO staff_login_failures (staff_id, failures, last_failed_at, locked_until) VALUES (?, 1, ?, 0) "
            "ON CONFLICT (staff_id) DO UPDATE SET failures = CASE WHEN staff_login_failures.last_failed_at < ? "
            "THEN 1 ELSE staff_login_failures.failures + 1 END, last_failed_at = excluded.last_failed_at "
            "RETURNING failures",
            {staff_id, now_ms, to_millis(now - m_throttle.cool_down)});
        if (!rows) {
            return Unexpected(rows.error());
        }
        const bool lock = as_int(rows->front().at(0)) >= m_throttle.attempts;
        if (lock) {
            // The count starts again after the cool-down.
            auto locked =
                statements.query("UPDATE staff_login_failures SET failures = 0, locked_until = ? WHERE staff_id = ?",
                                 {to_millis(now + m_throttle.cool_down), staff_id});
            if (!locked) {
                return Unexpected(locked.error());
            }
        }
        return append_audit(statements, AuditEntry{now_ms, terminal + "/" + staff_id,
                                                   lock ? "login_locked" : "login_failed", terminal});
    });
}

Stored<std::chrono::seconds> StaffStore::locked_for(const std::string& staff_id, TimePoint now) {
    return in_transaction<std::chrono::seconds>(
        m_database, [&](Statements& statements) -> Stored<std::chrono::seconds> {
            auto rows =
                statements.query("SELECT locked_until FROM staff_login_failures WHERE staff_id = ?", {staff_id});
            if (!rows) {
                return Unexpected(rows.error());
            }
            const std::int64_t left_ms = rows->empty() ? 0 : as_int(rows->front().at(0)) - to_millis(now);
            // Rounded up: a terminal told to wait 0 s would try again at once and be refused.
            return std::chrono::seconds(left_ms <= 0 ? 0 : (left_ms + 999) / 1000);
        });
}

Stored<std::string> StaffStore::authenticate(std::string_view token, const std::string& terminal, TimePoint now) {
    return in_transaction<std::string>(m_database, [&](Statements& statements) -> Stored<std::string> {
        auto rows = statements.query(
            "SELECT staff_id FROM staff_sessions WHERE token_hash = ? AND terminal = ? AND expires_at > ?",
            {sha256_hex(token), terminal, to_millis(now)});
        if (!rows) {
            return Unexpected(rows.error());
        }
        if (rows->empty()) {
            return fail(StorageError::rejected, "no live staff session for this terminal");
        }
        return rows->front().at(0).value_or("");
    });
}

Stored<std::int64_t> StaffStore::purge_expired(TimePoint now) {
    return in_transaction<std::int64_t>(m_database, [&](Statements& statements) -> Stored<std::int64_t> {
        auto rows =
            statements.query("DELETE FROM staff_sessions WHERE expires_at <= ? RETURNING token_hash", {to_millis(now)});
        if (!rows) {
            return Unexpected(rows.error());
        }
        // Failure counts that would start again anyway, so guessed ids do not pile up.
        auto failures =
            statements.query("DELETE FROM staff_login_failures WHERE locked_until <= ? AND last_failed_at < ?",
                             {to_millis(now), to_millis(now - m_throttle.cool_down)});
        if (!failures) {
            return Unexpected(failures.error());
        }
        return static_cast<std::int64_t>(rows->size());
    });
}

}  // namespace madoguchi::server
