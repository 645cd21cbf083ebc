// The repository on both back ends: each test case runs once on SQLite and once on PostgreSQL.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "server/application_store.hpp"
#include "server/day_close.hpp"
#include "server/schema.hpp"
#include "support.hpp"

using namespace madoguchi::server;
using namespace madoguchi::server::test;
using namespace std::chrono;

namespace {

const TimePoint k_morning = sys_days{year{2026} / 11 / 25} + hours(0);  // 09:00 in Tokyo
constexpr PriorityPolicy k_strict{PolicyKind::strict, 2, 2.0};

struct Fixture {
    Backend backend;
    TempDir dir;
    std::unique_ptr<Repository> repository;

    explicit Fixture(Backend chosen) : backend(chosen), repository(fresh_repository(chosen, dir)) {}

    Ticket issue(const std::string& service, TimePoint at, bool priority = false, const std::string& site = "chuo") {
        const std::string band = service == "tax" ? "G" : "A";
        auto ticket = repository->issue(IssueRequest{site, service, band, priority, "kiosk-1"}, at);
        REQUIRE_MESSAGE(ticket.has_value(), (ticket ? "" : ticket.error().message));
        return *ticket;
    }

    std::optional<Ticket> call(const std::string& counter, TimePoint at, const PriorityPolicy& policy = k_strict) {
        auto ticket = repository->call_next(CounterRequest{"chuo", counter, "counter-" + counter, {}}, policy, at);
        REQUIRE_MESSAGE(ticket.has_value(), (ticket ? "" : ticket.error().message));
        return *ticket;
    }
};

// Runs `body` once per back end, as doctest subcases.
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

TEST_CASE("numbers run per service and start again each Tokyo day") {
    on_each_backend([](Fixture& f) {
        CHECK(f.issue("certificates", k_morning).number == "A-001");
        CHECK(f.issue("certificates", k_morning + minutes(1)).number == "A-002");
        CHECK(f.issue("tax", k_morning + minutes(2)).number == "G-001");
        CHECK(f.issue("certificates", k_morning, false, "kita").number == "A-001");
        // 14:59 UTC is 23:59 in Tokyo; a minute later it is the next day there.
        CHECK(f.issue("certificates", k_morning + hours(14) + minutes(59)).number == "A-003");
        const Ticket next_day = f.issue("certificates", k_morning + hours(15));
        CHECK(next_day.number == "A-001");
        CHECK(next_day.day == "2026-11-26");
    });
}

TEST_CASE("a ticket goes through its life and every step is an event") {
    on_each_backend([](Fixture& f) {
        const Ticket issued = f.issue("certificates", k_morning);
        CHECK(issued.state == TicketState::waiting);
        const auto called = f.call("c1", k_morning + minutes(5));
        REQUIRE(called);
        CHECK(called->id == issued.id);
        CHECK(called->state == TicketState::called);
        CHECK(called->counter == "c1");
        const CounterRequest counter{"chuo", "c1", "counter-c1", {}};
        REQUIRE(f.repository->act(counter, Action::recall, k_morning + minutes(6)).has_value());
        auto serving = f.repository->act(counter, Action::start, k_morning + minutes(7));
        REQUIRE(serving.has_value());
        CHECK(serving->state == TicketState::serving);
        const auto no_show = f.repository->act(counter, Action::no_show, k_morning + minutes(8));
        REQUIRE_FALSE(no_show.has_value());
        CHECK(no_show.error().code == StorageError::wrong_state);
        auto done = f.repository->act(counter, Action::finish, k_morning + minutes(9));
        REQUIRE(done.has_value());
        CHECK(done->state == TicketState::done);
        const auto nothing = f.repository->act(counter, Action::finish, k_morning + minutes(10));
        REQUIRE_FALSE(nothing.has_value());
        CHECK(nothing.error().code == StorageError::not_found);

        const auto events = f.repository->events(issued.id);
        REQUIRE(events.has_value());
        std::vector<std::string> kinds;
        for (const TicketEvent& event : *events) {
            kinds.push_back(event.kind);
        }
        CHECK(kinds == std::vector<std::string>{"issued", "called", "recalled", "serving", "done"});
        CHECK(events->back().from_state == "serving");
        CHECK(events->back().to_state == "done");
        CHECK(events->back().actor == "counter-c1");
        CHECK(events->back().at_ms == to_millis(k_morning + minutes(9)));
    });
}

TEST_CASE("a counter holds one ticket at a time and calls in issue order") {
    on_each_backend([](Fixture& f) {
        const Ticket first = f.issue("certificates", k_morning);
        const Ticket second = f.issue("tax", k_morning + seconds(1));
        CHECK(f.call("c1", k_morning + minutes(1))->id == first.id);
        const auto busy = f.repository->call_next(CounterRequest{"chuo", "c1", "x", {}}, k_strict, k_morning);
        REQUIRE_FALSE(busy.has_value());
        CHECK(busy.error().code == StorageError::busy);
        CHECK(f.call("c2", k_morning + minutes(1))->id == second.id);
        CHECK_FALSE(f.call("c3", k_morning + minutes(1)).has_value());
    });
}

TEST_CASE("a counter can limit itself to its services") {
    on_each_backend([](Fixture& f) {
        f.issue("certificates", k_morning);
        const Ticket tax = f.issue("tax", k_morning + seconds(1));
        auto called = f.repository->call_next(CounterRequest{"chuo", "c1", "x", {"tax"}}, k_strict, k_morning);
        REQUIRE(called.has_value());
        REQUIRE(called->has_value());
        CHECK((*called)->id == tax.id);
    });
}

TEST_CASE("the priority policies pick as configured") {
    on_each_backend([](Fixture& f) {
        const CounterRequest request{"chuo", "c1", "x", {}};
        const Ticket regular1 = f.issue("certificates", k_morning);
        const Ticket regular2 = f.issue("certificates", k_morning + seconds(1));
        const Ticket regular3 = f.issue("certificates", k_morning + seconds(2));
        const Ticket priority = f.issue("certificates", k_morning + seconds(3), true);
        const PriorityPolicy alternate{PolicyKind::alternate, 2, 2.0};
        std::vector<std::string> order;
        for (int i = 0; i < 4; ++i) {
            const auto ticket = f.call("c1", k_morning + minutes(1), alternate);
            REQUIRE(ticket);
            order.push_back(ticket->id);
            REQUIRE(f.repository->act(request, Action::finish, k_morning + minutes(2)).has_value());
        }
        CHECK(order == std::vector<std::string>{regular1.id, regular2.id, priority.id, regular3.id});
    });
}

TEST_CASE("strict policy calls a later priority ticket first") {
    on_each_backend([](Fixture& f) {
        f.issue("certificates", k_morning);
        const Ticket priority = f.issue("certificates", k_morning + minutes(5), true);
        CHECK(f.call("c1", k_morning + minutes(6))->id == priority.id);
    });
}

TEST_CASE("a transfer ends the ticket and queues a new one with its place kept") {
    on_each_backend([](Fixture& f) {
        const Ticket original = f.issue("certificates", k_morning, true);
        f.issue("tax", k_morning + minutes(1));
        REQUIRE(f.call("c1", k_morning + minutes(2)));
        const CounterRequest counter{"chuo", "c1", "counter-c1", {}};
        auto moved = f.repository->transfer(counter, TransferTarget{"tax", "G", std::nullopt}, k_morning + minutes(3));
        REQUIRE(moved.has_value());
        CHECK(moved->number == "G-002");
        CHECK(moved->transferred_from == original.id);
        CHECK(moved->priority);
        CHECK_FALSE(moved->assisted);
        CHECK(moved->issued_at_ms == original.issued_at_ms);
        auto old = f.repository->find(original.id);
        REQUIRE(old.has_value());
        CHECK(old->state == TicketState::transferred);
        // It kept its place: ahead of the tax ticket issued after the original.
        CHECK(f.call("c2", k_morning + minutes(4))->id == moved->id);
    });
}

// The waiting count kept per service and day against the tickets themselves.
static void check_waiting_counts(Repository& repository) {
    auto checked = repository.database().transaction([](Statements& statements) -> Stored<void> {
        auto kept = statements.query(
            "SELECT c.site, c.service, c.day, c.waiting, (SELECT COUNT(*) FROM tickets t WHERE t.site = c.site AND "
            "t.service = c.service AND t.day = c.day AND t.state = 'waiting') FROM daily_counters c");
        REQUIRE(kept.has_value());
        for (const SqlRow& row : *kept) {
            INFO(row.at(0).value_or("") << " " << row.at(1).value_or("") << " " << row.at(2).value_or(""));
            CHECK(row.at(3) == row.at(4));
        }
        auto uncounted = statements.query(
            "SELECT COUNT(*) FROM tickets t WHERE t.state = 'waiting' AND NOT EXISTS (SELECT 1 FROM daily_counters c "
            "WHERE c.site = t.site AND c.service = t.service AND c.day = t.day)");
        REQUIRE(uncounted.has_value());
        CHECK(uncounted->at(0).at(0) == "0");
        return {};
    });
    REQUIRE(checked.has_value());
}

// The sealed note as stored, read straight from the table (no repository call returns it).
static std::optional<std::string> stored_note(Repository& repository, const std::string& ticket_id) {
    std::optional<std::string> note;
    auto read = repository.database().transaction([&](Statements& statements) -> Stored<void> {
        auto rows = statements.query("SELECT note FROM tickets WHERE id = ?", {ticket_id});
        REQUIRE(rows.has_value());
        note = rows->at(0).at(0);
        return {};
    });
    REQUIRE(read.has_value());
    return note;
}

TEST_CASE("a transfer to a counter is called by that counter alone, in its place, and its note goes at the end") {
    on_each_backend([](Fixture& f) {
        const Ticket original = f.issue("certificates", k_morning);
        const Ticket later = f.issue("certificates", k_morning + minutes(1));
        REQUIRE(f.call("a", k_morning + minutes(2))->id == original.id);
        const CounterRequest counter_a{"chuo", "a", "counter-a", {}};
        const auto seal = [](const Ticket& moved) { return std::optional<std::string>("sealed-for-" + moved.id); };
        auto moved = f.repository->transfer(counter_a, TransferTarget{"", "", "b"}, k_morning + minutes(3), seal);
        REQUIRE_MESSAGE(moved.has_value(), (moved ? "" : moved.error().message));
        // No service named: the same service, a new number of it.
        CHECK(moved->service == "certificates");
        CHECK(moved->number == "A-003");
        CHECK(moved->reserved_for == "b");
        CHECK(stored_note(*f.repository, moved->id) == "sealed-for-" + moved->id);

        // Counter c skips it for the later ticket, then finds nothing; b gets it, note and all,
        // even though b serves only tax: a ticket sent to a counter is that counter's.
        CHECK(f.call("c", k_morning + minutes(4))->id == later.id);
        CHECK_FALSE(f.call("d", k_morning + minutes(5)).has_value());
        auto called = f.repository->call_next(CounterRequest{"chuo", "b", "counter-b", {"tax"}}, k_strict,
                                              k_morning + minutes(6));
        REQUIRE(called.has_value());
        REQUIRE(called->has_value());
        CHECK((*called)->id == moved->id);
        CHECK((*called)->sealed_note == "sealed-for-" + moved->id);

        REQUIRE(f.repository->act(CounterRequest{"chuo", "b", "counter-b", {}}, Action::finish, k_morning + minutes(9))
                    .has_value());
        CHECK_FALSE(stored_note(*f.repository, moved->id).has_value());
    });
}

TEST_CASE("a transfer note goes with a no-show, a cancel and at day close") {
    on_each_backend([](Fixture& f) {
        const auto seal = [](const Ticket&) { return std::optional<std::string>("sealed"); };
        const CounterRequest counter_a{"chuo", "a", "counter-a", {}};
        const auto transfer_one = [&](TimePoint at) {
            f.issue("certificates", at);
            REQUIRE(f.call("a", at));
            auto moved = f.repository->transfer(counter_a, TransferTarget{"tax", "G", std::nullopt}, at, seal);
            REQUIRE(moved.has_value());
            REQUIRE(stored_note(*f.repository, moved->id).has_value());
            return *moved;
        };
        const Ticket no_show = transfer_one(k_morning);
        REQUIRE(f.call("b", k_morning + minutes(1))->id == no_show.id);
        REQUIRE(f.repository->act(CounterRequest{"chuo", "b", "counter-b", {}}, Action::no_show, k_morning + minutes(9))
                    .has_value());
        CHECK_FALSE(stored_note(*f.repository, no_show.id).has_value());

        const Ticket cancelled = transfer_one(k_morning + minutes(10));
        REQUIRE(f.repository->cancel(cancelled.id, "chuo", "floor", k_morning + minutes(11)).has_value());
        CHECK_FALSE(stored_note(*f.repository, cancelled.id).has_value());

        // One left at a counter overnight: the day's close takes its note, not its state.
        const Ticket held = transfer_one(k_morning + minutes(20));
        REQUIRE(f.call("b", k_morning + minutes(21))->id == held.id);
        REQUIRE(close_past_days(f.repository->database(), k_morning + hours(24)).has_value());
        CHECK_FALSE(stored_note(*f.repository, held.id).has_value());
        CHECK(f.repository->find(held.id)->state == TicketState::called);
    });
}

TEST_CASE("the counters that worked at a site today are listed once each") {
    on_each_backend([](Fixture& f) {
        f.issue("certificates", k_morning);
        f.issue("certificates", k_morning);
        REQUIRE(f.call("b", k_morning));
        REQUIRE(f.repository->act(CounterRequest{"chuo", "b", "counter-b", {}}, Action::finish, k_morning).has_value());
        REQUIRE(f.call("a", k_morning));
        REQUIRE(f.call("b", k_morning + minutes(1)) == std::nullopt);
        auto counters = f.repository->active_counters("chuo", k_morning - hours(1));
        REQUIRE(counters.has_value());
        CHECK(*counters == std::vector<std::string>{"a", "b"});
        CHECK(f.repository->active_counters("kita", k_morning - hours(1))->empty());
        CHECK(f.repository->active_counters("chuo", k_morning + hours(1))->empty());
    });
}

TEST_CASE("a counter that opened today is a transfer choice before its first call, and its opening is audited") {
    on_each_backend([](Fixture& f) {
        REQUIRE(f.repository->set_counter_open("chuo", "d", "chuo-counter-d/staff:tanaka", k_morning - hours(20), true).has_value());
        CHECK(f.repository->active_counters("chuo", k_morning - hours(1))->empty());  // opened yesterday
        REQUIRE(f.repository->set_counter_open("chuo", "d", "chuo-counter-d/staff:tanaka", k_morning, true).has_value());
        f.issue("certificates", k_morning);
        REQUIRE(f.call("a", k_morning));
        CHECK(*f.repository->active_counters("chuo", k_morning - hours(1)) == std::vector<std::string>{"a", "d"});
        // Closed after opening today: still a choice, as a counter that worked today is.
        REQUIRE(f.repository->set_counter_open("chuo", "d", "chuo-counter-d/staff:tanaka", k_morning + hours(1), false)
                    .has_value());
        REQUIRE(f.repository->set_counter_open("chuo", "a", "chuo-counter-a/staff:sato", k_morning, true).has_value());
        CHECK(*f.repository->active_counters("chuo", k_morning - hours(1)) == std::vector<std::string>{"a", "d"});
        CHECK(f.repository->active_counters("kita", k_morning - hours(1))->empty());
        std::vector<std::string> audited;
        REQUIRE(f.repository->database()
                    .transaction([&](Statements& statements) -> Stored<void> {
                        auto rows = statements.query(
                            "SELECT action, subject FROM audit WHERE action LIKE 'counter_%' ORDER BY seq");
                        REQUIRE(rows.has_value());
                        for (const SqlRow& row : *rows) {
                            audited.push_back(row.at(0).value_or("") + " " + row.at(1).value_or(""));
                        }
                        return {};
                    })
                    .has_value());
        CHECK(audited == std::vector<std::string>{"counter_opened chuo/d", "counter_opened chuo/d",
                                                  "counter_closed chuo/d", "counter_opened chuo/a"});
    });
}

TEST_CASE("a database of the schema before transfers to counters is upgraded with its tickets") {
    for (const Backend backend : {Backend::sqlite, Backend::postgresql}) {
        CAPTURE(backend_name(backend));
        TempDir dir;
        auto database = open_database(fresh_storage_url(backend, dir));
        REQUIRE(database.has_value());
        const Dialect dialect = (*database)->dialect();
        // Version 7, as a server of the last release left it, with a ticket waiting.
        auto old = (*database)->transaction([&](Statements& statements) -> Stored<void> {
            REQUIRE(statements.query("CREATE TABLE schema_version (version BIGINT NOT NULL)").has_value());
            for (const Migration& migration : migrations(dialect)) {
                if (migration.version > 7) {
                    continue;
                }
                for (const std::string& sql : migration.statements) {
                    REQUIRE(statements.query(sql).has_value());
                }
                REQUIRE(statements.query("INSERT INTO schema_version (version) VALUES (?)",
                                         {std::int64_t{migration.version}})
                            .has_value());
            }
            REQUIRE(statements.query("INSERT INTO sites (site) VALUES ('chuo')").has_value());
            REQUIRE(statements
                        .query("INSERT INTO daily_counters (site, service, day, last) VALUES ('chuo', 'certificates', "
                               "'2026-11-25', 1)")
                        .has_value());
            REQUIRE(statements
                        .query("INSERT INTO tickets (id, site, service, day, sequence, number, priority, state, "
                               "issued_at, updated_at) VALUES ('old', 'chuo', 'certificates', '2026-11-25', 1, "
                               "'A-001', 0, 'waiting', ?, ?)",
                               {to_millis(k_morning), to_millis(k_morning)})
                        .has_value());
            // Waiting in a service whose day has no number counter yet (offline, say).
            REQUIRE(statements
                        .query("INSERT INTO tickets (id, site, service, day, sequence, number, priority, state, "
                               "issued_at, updated_at) VALUES ('offline', 'chuo', 'tax', '2026-11-25', 901, "
                               "'G-901', 0, 'waiting', ?, ?)",
                               {to_millis(k_morning + minutes(1)), to_millis(k_morning + minutes(1))})
                        .has_value());
            return {};
        });
        REQUIRE(old.has_value());
        Repository repository(std::move(*database));
        auto migrated = repository.migrate();
        REQUIRE_MESSAGE(migrated.has_value(), (migrated ? "" : migrated.error().message));
        check_waiting_counts(repository);
        auto called = repository.call_next(CounterRequest{"chuo", "a", "counter-a", {}}, k_strict, k_morning);
        REQUIRE(called.has_value());
        REQUIRE(called->has_value());
        CHECK((*called)->id == "old");
        CHECK_FALSE((*called)->sealed_note.has_value());
        auto moved = repository.transfer(CounterRequest{"chuo", "a", "counter-a", {}}, TransferTarget{"", "", "b"},
                                         k_morning + minutes(1));
        REQUIRE_MESSAGE(moved.has_value(), (moved ? "" : moved.error().message));
        CHECK(moved->number == "A-002");
        CHECK(moved->reserved_for == "b");
        check_waiting_counts(repository);
    }
}

TEST_CASE("cancel works only on waiting or called tickets of the caller's site, and a repeat succeeds") {
    on_each_backend([](Fixture& f) {
        const Ticket ticket = f.issue("certificates", k_morning);
        const auto elsewhere = f.repository->cancel(ticket.id, "kita", "kiosk-k", k_morning);
        REQUIRE_FALSE(elsewhere.has_value());
        CHECK(elsewhere.error().code == StorageError::not_found);
        auto cancelled = f.repository->cancel(ticket.id, "chuo", "kiosk-1", k_morning + seconds(5));
        REQUIRE(cancelled.has_value());
        CHECK(cancelled->state == TicketState::cancelled);
        const auto again = f.repository->cancel(ticket.id, "chuo", "kiosk-1", k_morning + seconds(6));
        REQUIRE(again.has_value());
        CHECK(again->state == TicketState::cancelled);
        CHECK(again->updated_at_ms == cancelled->updated_at_ms);
        const auto history = f.repository->events(ticket.id);
        REQUIRE(history.has_value());
        CHECK(std::ranges::count(*history, std::string("cancelled"), &TicketEvent::kind) == 1);
        CHECK_FALSE(f.call("c1", k_morning + minutes(1)).has_value());
        const Ticket served = f.issue("certificates", k_morning + minutes(2));
        REQUIRE(f.call("c1", k_morning + minutes(3)).has_value());
        REQUIRE(f.repository->act(CounterRequest{"chuo", "c1", "counter-c1", {}}, Action::start, k_morning + minutes(4)));
        const auto too_late = f.repository->cancel(served.id, "chuo", "kiosk-1", k_morning + minutes(5));
        REQUIRE_FALSE(too_late.has_value());
        CHECK(too_late.error().code == StorageError::wrong_state);
    });
}

TEST_CASE("unknown sites are refused") {
    on_each_backend([](Fixture& f) {
        const auto issued = f.repository->issue(IssueRequest{"atlantis", "certificates", "A", false, "k"}, k_morning);
        REQUIRE_FALSE(issued.has_value());
        CHECK(issued.error().code == StorageError::not_found);
        const auto queue = f.repository->queue("atlantis", "2026-11-25");
        REQUIRE_FALSE(queue.has_value());
        CHECK(queue.error().code == StorageError::not_found);
    });
}

TEST_CASE("the queue lists waiting tickets first, then the ones at counters") {
    on_each_backend([](Fixture& f) {
        const Ticket a = f.issue("certificates", k_morning);
        const Ticket b = f.issue("certificates", k_morning + seconds(1));
        const Ticket c = f.issue("tax", k_morning + seconds(2));
        REQUIRE(f.call("c1", k_morning + minutes(1)));
        auto queue = f.repository->queue("chuo", "2026-11-25");
        REQUIRE(queue.has_value());
        REQUIRE(queue->size() == 3);
        CHECK((*queue)[0].id == b.id);
        CHECK((*queue)[1].id == c.id);
        CHECK((*queue)[2].id == a.id);
        CHECK((*queue)[2].state == TicketState::called);
    });
}

TEST_CASE("idempotency keys: an answered key replays its answer and issues nothing; another body is refused") {
    on_each_backend([](Fixture& f) {
        const IssueRequest request{"chuo", "certificates", "A", false, "k"};
        const auto respond = [](const Issued& issued) { return StoredResponse{201, issued.ticket.id}; };
        auto first = f.repository->issue(request, k_morning, KeyClaim{"k1", "hash-a"}, respond);
        REQUIRE(first.has_value());
        REQUIRE(std::holds_alternative<Issued>(*first));
        const Ticket ticket = std::get<Issued>(*first).ticket;

        auto replay = f.repository->issue(request, k_morning + seconds(1), KeyClaim{"k1", "hash-a"}, respond);
        REQUIRE(replay.has_value());
        REQUIRE(std::holds_alternative<StoredResponse>(*replay));
        CHECK(std::get<StoredResponse>(*replay).status == 201);
        CHECK(std::get<StoredResponse>(*replay).body == ticket.id);

        const auto other_body = f.repository->issue(request, k_morning + seconds(2), KeyClaim{"k1", "hash-b"}, respond);
        REQUIRE_FALSE(other_body.has_value());
        CHECK(other_body.error().code == StorageError::mismatch);
        // Neither the replay nor the refusal took a number.
        CHECK(f.repository->queue("chuo", tokyo_day(k_morning))->size() == 1);
        CHECK(f.issue("certificates", k_morning + seconds(3)).number == "A-002");
    });
}

TEST_CASE("a keyed write that fails leaves its key free for the retry") {
    on_each_backend([](Fixture& f) {
        const auto respond = [](const Issued& issued) { return StoredResponse{201, issued.ticket.id}; };
        const auto unknown_site = f.repository->issue(IssueRequest{"nowhere", "certificates", "A", false, "k"},
                                                      k_morning, KeyClaim{"k2", "h"}, respond);
        REQUIRE_FALSE(unknown_site.has_value());
        CHECK(unknown_site.error().code == StorageError::not_found);
        auto retried = f.repository->issue(IssueRequest{"chuo", "certificates", "A", false, "k"},
                                           k_morning + seconds(1), KeyClaim{"k2", "h"}, respond);
        REQUIRE(retried.has_value());
        REQUIRE(std::holds_alternative<Issued>(*retried));
        CHECK(std::get<Issued>(*retried).ticket.number == "A-001");

        ApplicationStore applications(f.repository->database());
        const auto no_ticket =
            applications.add(Application{"", "no-such-ticket", "chuo", "form", "cGF5bG9hZA", "{}", 0},
                             k_morning + seconds(2), KeyClaim{"k3", "h"}, [](const Application&) {
                                 return StoredResponse{201, "{}"};
                             });
        REQUIRE_FALSE(no_ticket.has_value());
        CHECK(no_ticket.error().code == StorageError::not_found);
        // Only the answered key was kept.
        auto purged = f.repository->purge_idempotency(k_morning + hours(1));
        REQUIRE(purged.has_value());
        CHECK(*purged == 1);
    });
}

TEST_CASE("a retry gets its first answer even when the write could no longer be made") {
    on_each_backend([](Fixture& f) {
        const Ticket ticket = f.issue("certificates", k_morning);
        ApplicationStore applications(f.repository->database());
        const Application application{"", ticket.id, "chuo", "form", "cGF5bG9hZA", "{}", 0};
        const auto respond = [](const Application& added) { return StoredResponse{201, added.id}; };
        auto first = applications.add(application, k_morning + seconds(1), KeyClaim{"app", "h"}, respond);
        REQUIRE(first.has_value());
        REQUIRE(std::holds_alternative<Application>(*first));
        // The ticket ends: a new application for it is refused, the answer to the first is not.
        REQUIRE(f.repository->cancel(ticket.id, "chuo", "kiosk-1", k_morning + seconds(2)).has_value());
        auto retried = applications.add(application, k_morning + seconds(3), KeyClaim{"app", "h"}, respond);
        REQUIRE(retried.has_value());
        REQUIRE(std::holds_alternative<StoredResponse>(*retried));
        CHECK(std::get<StoredResponse>(*retried).body == std::get<Application>(*first).id);
        const auto fresh = applications.add(application, k_morning + seconds(4), KeyClaim{"app-2", "h"}, respond);
        REQUIRE_FALSE(fresh.has_value());
        CHECK(fresh.error().code == StorageError::wrong_state);
    });
}

TEST_CASE("an issue's stored answer counts the service's tickets waiting before it, today's only") {
    on_each_backend([](Fixture& f) {
        f.issue("certificates", k_morning - hours(24));  // yesterday's, left waiting
        const Ticket first = f.issue("certificates", k_morning);
        f.issue("certificates", k_morning + seconds(1));
        f.issue("tax", k_morning + seconds(2));
        f.issue("certificates", k_morning + seconds(3));
        REQUIRE(f.call("c1", k_morning + seconds(4))->id == first.id);
        std::optional<std::int64_t> heard;
        const auto respond = [&heard](const Issued& issued) {
            heard = issued.ahead;
            return StoredResponse{201, "{}"};
        };
        REQUIRE(f.repository
                    ->issue(IssueRequest{"chuo", "certificates", "A", false, "k"}, k_morning + seconds(5),
                            KeyClaim{"k-ahead", "h"}, respond)
                    .has_value());
        CHECK(heard == 2);
    });
}

TEST_CASE("each service's waiting count follows every way into and out of the queue") {
    on_each_backend([](Fixture& f) {
        const Ticket yesterday = f.issue("certificates", k_morning - hours(24));
        const Ticket first = f.issue("certificates", k_morning);
        f.issue("certificates", k_morning + seconds(1));
        const Ticket cancelled = f.issue("certificates", k_morning + seconds(2));
        f.issue("tax", k_morning + seconds(3));
        check_waiting_counts(*f.repository);
        REQUIRE(f.call("c1", k_morning + minutes(1))->id == first.id);
        REQUIRE(f.repository->cancel(cancelled.id, "chuo", "kiosk-1", k_morning + minutes(2)).has_value());
        check_waiting_counts(*f.repository);
        // Into another service's queue, and out of the counter again.
        const CounterRequest c1{"chuo", "c1", "counter-c1", {}};
        REQUIRE(f.repository->transfer(c1, TransferTarget{"tax", "G", std::nullopt}, k_morning + minutes(3)));
        check_waiting_counts(*f.repository);
        REQUIRE(f.call("c2", k_morning + minutes(4)));  // the transferred ticket, which kept its place
        const CounterRequest c2{"chuo", "c2", "counter-c2", {}};
        REQUIRE(f.repository->act(c2, Action::no_show, k_morning + minutes(5)));
        check_waiting_counts(*f.repository);
        // Yesterday's left-over ticket is closed with its day.
        REQUIRE(close_past_days(f.repository->database(), k_morning + minutes(6)));
        CHECK(f.repository->find(yesterday.id)->state != TicketState::waiting);
        check_waiting_counts(*f.repository);
    });
}

TEST_CASE("migrating twice changes nothing") {
    on_each_backend([](Fixture& f) {
        f.issue("certificates", k_morning);
        REQUIRE(f.repository->migrate().has_value());
        REQUIRE(f.repository->ensure_sites({"chuo", "kita"}).has_value());
        CHECK(f.issue("certificates", k_morning).number == "A-002");
    });
}

TEST_CASE("concurrent call-next never hands one ticket to two counters") {
    on_each_backend([](Fixture& f) {
        constexpr int k_tickets = 60;
        for (int i = 0; i < k_tickets; ++i) {
            f.issue(i % 3 == 0 ? "tax" : "certificates", k_morning + milliseconds(i), i % 7 == 0);
        }
        constexpr int k_counters = 4;
        std::vector<std::vector<std::string>> taken(k_counters);
        std::vector<std::thread> threads;
        for (int c = 0; c < k_counters; ++c) {
            threads.emplace_back([&, c] {
                const CounterRequest request{"chuo", "c" + std::to_string(c), "x", {}};
                const PriorityPolicy policy{PolicyKind::alternate, 2, 2.0};
                for (;;) {
                    auto called = f.repository->call_next(request, policy, k_morning + minutes(1));
                    if (!called || !*called) {
                        return;
                    }
                    taken[static_cast<std::size_t>(c)].push_back((*called)->id);
                    if (!f.repository->act(request, Action::finish, k_morning + minutes(1))) {
                        return;
                    }
                }
            });
        }
        for (std::thread& thread : threads) {
            thread.join();
        }
        std::set<std::string> unique;
        std::size_t total = 0;
        for (const auto& list : taken) {
            total += list.size();
            unique.insert(list.begin(), list.end());
        }
        CHECK(total == k_tickets);
        CHECK(unique.size() == k_tickets);
    });
}

TEST_CASE("the day's events are read back per site and day for the statistics") {
    on_each_backend([](Fixture& f) {
        const Ticket first = f.issue("certificates", k_morning);
        f.issue("tax", k_morning + minutes(1));
        f.issue("certificates", k_morning + days(1));
        f.issue("certificates", k_morning, false, "kita");
        REQUIRE(f.call("c1", k_morning + minutes(4)));
        auto events = f.repository->day_events("chuo", "2026-11-25");
        REQUIRE(events.has_value());
        REQUIRE(events->size() == 3);
        const DayStats stats = summarize_day(*events);
        CHECK(stats.total.counts.at("issued") == 2);
        CHECK(stats.services.at("certificates").counts.at("called") == 1);
        CHECK(stats.services.at("certificates").wait.mean_ms == 4 * 60 * 1000);
        CHECK(events->front().ticket_id == first.id);
    });
}

TEST_CASE("a site's counter events since a time are read in order, at most the latest so many") {
    on_each_backend([](Fixture& f) {
        f.issue("certificates", k_morning - hours(2));
        REQUIRE(f.call("c1", k_morning - hours(2)));  // before the window
        const CounterRequest c1{"chuo", "c1", "counter-c1", {}};
        REQUIRE(f.repository->act(c1, Action::finish, k_morning - minutes(1)));
        f.issue("tax", k_morning);
        REQUIRE(f.call("c2", k_morning + minutes(1)));
        f.issue("certificates", k_morning + minutes(2), false, "kita");
        const auto all = f.repository->counter_events("chuo", k_morning - minutes(5), 10);
        REQUIRE(all.has_value());
        REQUIRE(all->size() == 2);  // the finish and the call; no issue, nothing of kita
        CHECK(all->at(0).kind == "done");
        CHECK(all->at(0).counter == "c1");
        CHECK(all->at(1).kind == "called");
        CHECK(all->at(1).service == "tax");
        const auto latest = f.repository->counter_events("chuo", k_morning - minutes(5), 1);
        REQUIRE(latest.has_value());
        REQUIRE(latest->size() == 1);
        CHECK(latest->front().kind == "called");
    });
}

TEST_CASE("a ticket left waiting at closing time is not called the next day") {
    on_each_backend([](Fixture& f) {
        const Ticket yesterday = f.issue("certificates", k_morning);
        const TimePoint next_morning = k_morning + days(1);
        CHECK_FALSE(f.call("c1", next_morning).has_value());
        auto queue = f.repository->queue("chuo", tokyo_day(next_morning));
        REQUIRE(queue.has_value());
        CHECK(queue->empty());
        const Ticket today = f.issue("certificates", next_morning);
        CHECK(today.number == "A-001");
        CHECK(f.call("c1", next_morning)->id == today.id);
        CHECK(f.repository->find(yesterday.id)->state == TicketState::waiting);
    });
}

TEST_CASE("an assisted ticket is stored as such and keeps the mark when transferred") {
    on_each_backend([](Fixture& f) {
        IssueRequest request{"chuo", "certificates", "A", false, "tablet-1"};
        request.assisted = true;
        auto issued = f.repository->issue(request, k_morning);
        REQUIRE(issued.has_value());
        CHECK(issued->assisted);
        auto found = f.repository->find(issued->id);
        REQUIRE(found.has_value());
        CHECK(found->assisted);
        REQUIRE(f.call("c1", k_morning + minutes(1)));
        auto moved = f.repository->transfer(CounterRequest{"chuo", "c1", "counter-c1", {}},
                                            TransferTarget{"tax", "G", std::nullopt}, k_morning + minutes(2));
        REQUIRE(moved.has_value());
        CHECK(moved->assisted);
    });
}
