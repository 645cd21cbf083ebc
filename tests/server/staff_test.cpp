// Staff passwords and sessions on both back ends.
#include <doctest/doctest.h>

#include <string>
#include <vector>

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

        // Each login and each refused one is in the audit chain.
        auto audit = verify_audit(database);
        REQUIRE(audit.has_value());
        CHECK(audit->intact);
        CHECK(audit->entries == 4);

        REQUIRE(staff.set_password("tanaka", "chuo", "new-secret").has_value());
        CHECK_FALSE(staff.login("tanaka", "chuo", "secret-pass", "chuo-counter-1", k_morning).has_value());
        CHECK(staff.login("tanaka", "chuo", "new-secret", "chuo-counter-1", k_morning).has_value());
    });
}

namespace {

std::vector<std::string> audit_actions(Database& database) {
    std::vector<std::string> actions;
    REQUIRE(database
                .transaction([&](Statements& statements) -> Stored<void> {
                    auto rows = statements.query("SELECT action FROM audit ORDER BY seq");
                    REQUIRE(rows.has_value());
                    for (const SqlRow& row : *rows) {
                        actions.push_back(row.at(0).value_or(""));
                    }
                    return {};
                })
                .has_value());
    return actions;
}

}  // namespace

TEST_CASE("wrong passwords in a row lock a staff id out for the cool-down, audited") {
    on_each_backend([](StaffStore&, Database& database) {
        StaffStore staff(database, LoginThrottle{3, seconds(60)});
        REQUIRE(staff.set_password("tanaka", "chuo", "secret-pass").has_value());
        for (int attempt = 0; attempt < 3; ++attempt) {
            const auto wrong = staff.login("tanaka", "chuo", "guess", "chuo-counter-1", k_morning + seconds(attempt));
            REQUIRE_FALSE(wrong.has_value());
            CHECK(wrong.error().code == StorageError::rejected);
        }
        const auto locked = staff.login("tanaka", "chuo", "secret-pass", "chuo-counter-1", k_morning + seconds(3));
        REQUIRE_FALSE(locked.has_value());
        CHECK(locked.error().code == StorageError::busy);
        // Locked at the third failure (second 2) until second 62.
        CHECK(staff.locked_for("tanaka", k_morning + seconds(3)) == seconds(59));
        CHECK(staff.locked_for("tanaka", k_morning + milliseconds(61500)) == seconds(1));
        CHECK_FALSE(staff.login("tanaka", "chuo", "secret-pass", "chuo-counter-1", k_morning + seconds(61)).has_value());
        CHECK(staff.login("tanaka", "chuo", "secret-pass", "chuo-counter-1", k_morning + seconds(62)).has_value());
        CHECK(staff.locked_for("tanaka", k_morning + seconds(62)) == seconds(0));
        CHECK(audit_actions(database) == std::vector<std::string>{"login_failed", "login_failed", "login_locked",
                                                                  "login_locked_out", "login_locked_out", "login"});
        auto audit = verify_audit(database);
        REQUIRE(audit.has_value());
        CHECK(audit->intact);
    });
}

TEST_CASE("the failure count starts again after a login and after a quiet cool-down") {
    on_each_backend([](StaffStore&, Database& database) {
        StaffStore staff(database, LoginThrottle{3, seconds(60)});
        REQUIRE(staff.set_password("tanaka", "chuo", "secret-pass").has_value());
        const auto at = [](int second) { return k_morning + seconds(second); };
        CHECK_FALSE(staff.login("tanaka", "chuo", "guess", "c1", at(0)).has_value());
        CHECK_FALSE(staff.login("tanaka", "chuo", "guess", "c1", at(1)).has_value());
        CHECK(staff.login("tanaka", "chuo", "secret-pass", "c1", at(2)).has_value());
        CHECK_FALSE(staff.login("tanaka", "chuo", "guess", "c1", at(3)).has_value());
        CHECK_FALSE(staff.login("tanaka", "chuo", "guess", "c1", at(4)).has_value());
        // More than the cool-down after the last failure: this one counts as the first.
        CHECK_FALSE(staff.login("tanaka", "chuo", "guess", "c1", at(65)).has_value());
        CHECK(staff.login("tanaka", "chuo", "secret-pass", "c1", at(66)).has_value());
    });
}

TEST_CASE("an unknown staff id is locked out like a known one, and stale counts are purged") {
    on_each_backend([](StaffStore&, Database& database) {
        StaffStore staff(database, LoginThrottle{2, seconds(60)});
        CHECK(staff.login("ghost", "chuo", "x", "c1", k_morning).error().code == StorageError::rejected);
        CHECK(staff.login("ghost", "chuo", "x", "c1", k_morning).error().code == StorageError::rejected);
        CHECK(staff.login("ghost", "chuo", "x", "c1", k_morning).error().code == StorageError::busy);
        const auto count_rows = [&] {
            std::int64_t count = -1;
            REQUIRE(database
                        .transaction([&](Statements& statements) -> Stored<void> {
                            auto rows = statements.query("SELECT COUNT(*) FROM staff_login_failures");
                            REQUIRE(rows.has_value());
                            count = std::stoll(rows->front().at(0).value_or("-1"));
                            return {};
                        })
                        .has_value());
            return count;
        };
        REQUIRE(staff.purge_expired(k_morning + seconds(30)).has_value());
        CHECK(count_rows() == 1);
        REQUIRE(staff.purge_expired(k_morning + seconds(61)).has_value());
        CHECK(count_rows() == 0);
    });
}
