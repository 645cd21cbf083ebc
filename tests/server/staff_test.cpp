// Staff passwords and sessions on both back ends.
#include <doctest/doctest.h>

#include "server/audit_log.hpp"
#include "server/staff.hpp"
#include "support.hpp"

using namespace madoguchi::server;
using namespace madoguchi::server::test;
using namespace std::chrono;

namespace {

const TimePoint k_morning = sys_days{year{2026} / 11 / 25} + hours(0);

template <typename Body>
void on_each_backend(Body&& body) {
    SUBCASE("sqlite") {
        const TempDir dir;
        auto repository = fresh_repository(Backend::sqlite, dir);
        StaffStore staff(repository->database());
        body(staff, repository->database());
    }
    SUBCASE("postgresql") {
        const TempDir dir;
        auto repository = fresh_repository(Backend::postgresql, dir);
        StaffStore staff(repository->database());
        body(staff, repository->database());
    }
}

}  // namespace

TEST_CASE("passwords are stored as salted scrypt hashes") {
    const std::string stored = hash_password("correct horse");
    CHECK(stored.starts_with("scrypt$16384$8$1$"));
    CHECK(stored.find("correct") == std::string::npos);
    CHECK(hash_password("correct horse") != stored);
    CHECK(check_password("correct horse", stored));
    CHECK_FALSE(check_password("correct hors", stored));
    CHECK_FALSE(check_password("correct horse", "plain"));
    std::string tampered = stored;
    tampered.replace(7, 5, "99999");
    CHECK_FALSE(check_password("correct horse", tampered));
}

TEST_CASE("a staff member logs in on a terminal of their site and the session works only there") {
    on_each_backend([](StaffStore& staff, Database& database) {
        REQUIRE(staff.set_password("tanaka", "chuo", "secret-pass").has_value());
        const auto wrong = staff.login("tanaka", "chuo", "secret-pasS", "chuo-counter-1", k_morning);
        REQUIRE_FALSE(wrong.has_value());
        CHECK(wrong.error().code == StorageError::rejected);
        CHECK_FALSE(staff.login("tanaka", "kita", "secret-pass", "kita-counter-1", k_morning).has_value());
        CHECK_FALSE(staff.login("suzuki", "chuo", "secret-pass", "chuo-counter-1", k_morning).has_value());

        auto session = staff.login("tanaka", "chuo", "secret-pass", "chuo-counter-1", k_morning);
        REQUIRE(session.has_value());
        auto who = staff.authenticate(session->token, "chuo-counter-1", k_morning + hours(1));
        REQUIRE(who.has_value());
        CHECK(*who == "tanaka");
        CHECK_FALSE(staff.authenticate(session->token, "chuo-counter-2", k_morning).has_value());
        CHECK_FALSE(staff.authenticate(session->token + "x", "chuo-counter-1", k_morning).has_value());
        CHECK_FALSE(staff.authenticate(session->token, "chuo-counter-1", k_morning + hours(13)).has_value());
        auto purged = staff.purge_expired(k_morning + hours(13));
        REQUIRE(purged.has_value());
        CHECK(*purged == 1);

        // Each login is in the audit chain; the refused ones are only logged.
        auto audit = verify_audit(database);
        REQUIRE(audit.has_value());
        CHECK(audit->intact);
        CHECK(audit->entries == 1);

        REQUIRE(staff.set_password("tanaka", "chuo", "new-secret").has_value());
        CHECK_FALSE(staff.login("tanaka", "chuo", "secret-pass", "chuo-counter-1", k_morning).has_value());
        CHECK(staff.login("tanaka", "chuo", "new-secret", "chuo-counter-1", k_morning).has_value());
    });
}
