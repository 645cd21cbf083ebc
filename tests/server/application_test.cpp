// Applications and the audit chain on both back ends.
#include <doctest/doctest.h>

#include "server/application_store.hpp"
#include "server/audit_log.hpp"
#include "support.hpp"

using namespace madoguchi::server;
using namespace madoguchi::server::test;
using namespace std::chrono;

namespace {

const TimePoint k_morning = sys_days{year{2026} / 11 / 25} + hours(0);

struct Fixture {
    TempDir dir;
    std::unique_ptr<Repository> repository;
    ApplicationStore applications;

    explicit Fixture(Backend backend)
        : repository(fresh_repository(backend, dir)), applications(repository->database()) {}

    Ticket issue() {
        auto ticket = repository->issue(IssueRequest{"chuo", "moving", "B", false, "kiosk-1"}, k_morning);
        REQUIRE(ticket.has_value());
        return *ticket;
    }

    Application add(const Ticket& ticket, const std::string& payload = "c2VjcmV0") {
        auto added = applications.add(Application{"", ticket.id, "chuo", "moving_in", payload, "{\"lang\":\"ja\"}", 0},
                                      k_morning + minutes(1));
        REQUIRE_MESSAGE(added.has_value(), (added ? "" : added.error().message));
        return *added;
    }

    void sql(const std::string& statement) {
        auto done = repository->database().transaction([&](Statements& statements) -> Stored<void> {
            auto rows = statements.query(statement, {});
            if (!rows) {
                return std::unexpected(rows.error());
            }
            return {};
        });
        REQUIRE(done.has_value());
    }

    AuditReport audit() {
        auto report = verify_audit(repository->database());
        REQUIRE(report.has_value());
        return *report;
    }
};

template <typename Body>
void on_each_backend(Body&& body) {
    SUBCASE("sqlite") {
        Fixture fixture(Backend::sqlite);
        body(fixture);
    }
    SUBCASE("postgresql") {
        Fixture fixture(Backend::postgresql);
        body(fixture);
    }
}

}  // namespace

TEST_CASE("a counter reads the newest application of a ticket, and the read is audited") {
    on_each_backend([](Fixture& f) {
        const Ticket ticket = f.issue();
        f.add(ticket, "Zmlyc3Q");
        const Application newest = f.add(ticket, "c2Vjb25k");
        CHECK(f.audit().entries == 0);
        auto read = f.applications.read_for_counter(ticket.id, "chuo", "chuo-counter-1", k_morning + minutes(5));
        REQUIRE(read.has_value());
        CHECK(read->id == newest.id);
        CHECK(read->payload == "c2Vjb25k");
        CHECK(read->metadata == "{\"lang\":\"ja\"}");
        const AuditReport report = f.audit();
        CHECK(report.intact);
        CHECK(report.entries == 1);
        const auto elsewhere = f.applications.read_for_counter(ticket.id, "kita", "kita-counter", k_morning);
        REQUIRE_FALSE(elsewhere.has_value());
        CHECK(elsewhere.error().code == StorageError::not_found);
        CHECK(f.audit().entries == 1);
    });
}

TEST_CASE("applications attach only to live tickets of the same site") {
    on_each_backend([](Fixture& f) {
        const Ticket ticket = f.issue();
        const auto other_site =
            f.applications.add(Application{"", ticket.id, "kita", "moving_in", "eA", "{}", 0}, k_morning);
        REQUIRE_FALSE(other_site.has_value());
        CHECK(other_site.error().code == StorageError::not_found);
        REQUIRE(f.repository->cancel(ticket.id, "chuo", "kiosk-1", k_morning).has_value());
        const auto ended =
            f.applications.add(Application{"", ticket.id, "chuo", "moving_in", "eA", "{}", 0}, k_morning);
        REQUIRE_FALSE(ended.has_value());
        CHECK(ended.error().code == StorageError::wrong_state);
    });
}

TEST_CASE("retention deletes applications only once their ticket has ended long enough") {
    on_each_backend([](Fixture& f) {
        const Ticket ended = f.issue();
        const Ticket waiting = f.issue();
        f.add(ended);
        f.add(waiting);
        REQUIRE(f.repository->cancel(ended.id, "chuo", "kiosk-1", k_morning + minutes(2)).has_value());
        auto too_early = f.applications.purge(k_morning + minutes(1));
        REQUIRE(too_early.has_value());
        CHECK(*too_early == 0);
        auto purged = f.applications.purge(k_morning + days(31));
        REQUIRE(purged.has_value());
        CHECK(*purged == 1);
        CHECK_FALSE(f.applications.read_for_counter(ended.id, "chuo", "c", k_morning).has_value());
        CHECK(f.applications.read_for_counter(waiting.id, "chuo", "c", k_morning).has_value());
    });
}

TEST_CASE("staff actions go into the audit chain") {
    on_each_backend([](Fixture& f) {
        f.issue();
        const CounterRequest counter{"chuo", "c1", "chuo-counter-1", {}};
        REQUIRE(f.repository->call_next(counter, PriorityPolicy{}, k_morning).has_value());
        REQUIRE(f.repository->act(counter, Action::finish, k_morning).has_value());
        const AuditReport report = f.audit();
        CHECK(report.intact);
        CHECK(report.entries == 2);
    });
}

TEST_CASE("audit verification finds a changed, a removed and a truncated entry") {
    on_each_backend([](Fixture& f) {
        const Ticket ticket = f.issue();
        f.add(ticket);
        for (int i = 0; i < 4; ++i) {
            REQUIRE(f.applications.read_for_counter(ticket.id, "chuo", "counter-" + std::to_string(i), k_morning)
                        .has_value());
        }
        REQUIRE(f.audit().intact);

        SUBCASE("changed") {
            f.sql("UPDATE audit SET actor = 'someone-else' WHERE seq = 2");
            const AuditReport report = f.audit();
            CHECK_FALSE(report.intact);
            CHECK(report.entries == 1);
            CHECK(report.problem.find("changed") != std::string::npos);
        }
        SUBCASE("removed") {
            f.sql("DELETE FROM audit WHERE seq = 2");
            const AuditReport report = f.audit();
            CHECK_FALSE(report.intact);
            CHECK(report.problem.find("removed") != std::string::npos);
        }
        SUBCASE("truncated") {
            f.sql("DELETE FROM audit WHERE seq = 4");
            const AuditReport report = f.audit();
            CHECK_FALSE(report.intact);
            CHECK(report.entries == 3);
        }
    });
}

TEST_CASE("audit hashes cover every field") {
    const AuditEntry entry{1000, "counter-1", "application_read", "app-1"};
    const std::string previous(64, '0');
    const std::string hash = audit_hash(previous, entry);
    CHECK(hash.size() == 64);
    CHECK(audit_hash(previous, AuditEntry{1001, "counter-1", "application_read", "app-1"}) != hash);
    CHECK(audit_hash(previous, AuditEntry{1000, "counter-2", "application_read", "app-1"}) != hash);
    CHECK(audit_hash(previous, AuditEntry{1000, "counter-1", "call", "app-1"}) != hash);
    CHECK(audit_hash(previous, AuditEntry{1000, "counter-1", "application_read", "app-2"}) != hash);
    CHECK(audit_hash(std::string(64, '1'), entry) != hash);
    // Moving text between fields changes the hash too.
    CHECK(audit_hash(previous, AuditEntry{1000, "counter-1a", "pplication_read", "app-1"}) != hash);
}

TEST_CASE("an application's photo is stored, replaced, read with an audit entry and purged with it") {
    on_each_backend([](Fixture& f) {
        const Ticket ticket = f.issue();
        const Application application = f.add(ticket);
        const std::string first(
            "\xff\xd8\xff\xe0"
            "first"
            "\xff\xd9",
            11);
        const std::string second(
            "\xff\xd8\xff\xe0"
            "second\0"
            "\xff\xd9",
            13);
        REQUIRE(f.applications.attach_photo(application.id, "chuo", first, k_morning).has_value());
        REQUIRE(f.applications.attach_photo(application.id, "chuo", second, k_morning).has_value());
        const auto elsewhere = f.applications.attach_photo(application.id, "kita", first, k_morning);
        REQUIRE_FALSE(elsewhere.has_value());
        CHECK(elsewhere.error().code == StorageError::not_found);

        auto photo = f.applications.read_photo_for_counter(application.id, "chuo", "counter-1", k_morning);
        REQUIRE(photo.has_value());
        CHECK(*photo == second);
        CHECK(f.audit().entries == 1);
        CHECK_FALSE(f.applications.read_photo_for_counter(application.id, "kita", "counter-k", k_morning).has_value());

        REQUIRE(f.repository->cancel(ticket.id, "chuo", "kiosk-1", k_morning).has_value());
        REQUIRE(f.applications.purge(k_morning + days(40)).has_value());
        const auto gone = f.applications.read_photo_for_counter(application.id, "chuo", "counter-1", k_morning);
        REQUIRE_FALSE(gone.has_value());
        CHECK(gone.error().code == StorageError::not_found);
    });
}
