// Offline number blocks on both back ends.
#include <doctest/doctest.h>

#include "server/block_store.hpp"
#include "server/signing.hpp"
#include "server/stats.hpp"
#include "support.hpp"

using namespace madoguchi::server;
using namespace madoguchi::server::test;
using namespace std::chrono;

namespace {

const TimePoint k_morning = sys_days{year{2026} / 11 / 25} + hours(0);

struct Fixture {
    TempDir dir;
    std::unique_ptr<Repository> repository;
    BlockStore blocks;
    SigningKey kiosk_key;

    explicit Fixture(Backend backend)
        : repository(fresh_repository(backend, dir)),
          blocks(repository->database()),
          kiosk_key(*SigningKey::load_or_create(dir.path() / "kiosk.pem")) {}

    Block lease(std::int64_t size) {
        auto block = blocks.lease(Block{"", "chuo", "certificates", "A", "", 0, 0, kiosk_key.public_key(), "kiosk-1"},
                                  size, k_morning);
        REQUIRE_MESSAGE(block.has_value(), (block ? "" : block.error().message));
        return *block;
    }

    OfflineTicket offline(const Block& block, std::int64_t sequence, const std::string& id) const {
        OfflineTicket ticket{id, sequence, false, to_millis(k_morning + minutes(30)), ""};
        ticket.signature = kiosk_key.sign(offline_ticket_message(block, ticket));
        return ticket;
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

TEST_CASE("a lease takes a range of today's numbers that online issuing then skips") {
    on_each_backend([](Fixture& f) {
        REQUIRE(f.repository->issue(IssueRequest{"chuo", "certificates", "A", false, "k"}, k_morning).has_value());
        const Block block = f.lease(10);
        CHECK(block.first_sequence == 2);
        CHECK(block.last_sequence == 11);
        CHECK(block.day == "2026-11-25");
        auto next = f.repository->issue(IssueRequest{"chuo", "certificates", "A", false, "k"}, k_morning);
        REQUIRE(next.has_value());
        CHECK(next->number == "A-012");
        auto found = f.blocks.find(block.id, "chuo");
        REQUIRE(found.has_value());
        CHECK(found->public_key == f.kiosk_key.public_key());
        CHECK_FALSE(f.blocks.find(block.id, "kita").has_value());
    });
}

TEST_CASE("each leased number is accepted at most once") {
    on_each_backend([](Fixture& f) {
        const Block block = f.lease(5);
        const OfflineTicket ticket = f.offline(block, 3, "offline-ticket-0001");
        auto accepted = f.blocks.reconcile(block.id, "chuo", ticket, "kiosk-1", k_morning + hours(1));
        REQUIRE_MESSAGE(accepted.has_value(), (accepted ? "" : accepted.error().message));
        CHECK(accepted->number == "A-003");
        CHECK(accepted->state == TicketState::waiting);
        CHECK(accepted->issued_at_ms == to_millis(k_morning + minutes(30)));

        auto again = f.blocks.reconcile(block.id, "chuo", ticket, "kiosk-1", k_morning + hours(2));
        REQUIRE(again.has_value());
        CHECK(again->id == accepted->id);

        const auto reused = f.blocks.reconcile(block.id, "chuo", f.offline(block, 3, "offline-ticket-0002"), "kiosk-1",
                                               k_morning + hours(2));
        REQUIRE_FALSE(reused.has_value());
        CHECK(reused.error().code == StorageError::constraint);
        auto events = f.repository->events(accepted->id);
        REQUIRE(events.has_value());
        CHECK(events->size() == 1);
    });
}

TEST_CASE("reconciling refuses bad signatures, numbers outside the block and other sites") {
    on_each_backend([](Fixture& f) {
        const Block block = f.lease(5);
        OfflineTicket forged = f.offline(block, 2, "offline-ticket-0003");
        forged.priority = true;
        const auto bad_signature = f.blocks.reconcile(block.id, "chuo", forged, "kiosk-1", k_morning);
        REQUIRE_FALSE(bad_signature.has_value());
        CHECK(bad_signature.error().code == StorageError::rejected);
        const auto outside =
            f.blocks.reconcile(block.id, "chuo", f.offline(block, 6, "offline-ticket-0004"), "kiosk-1", k_morning);
        REQUIRE_FALSE(outside.has_value());
        CHECK(outside.error().code == StorageError::rejected);
        const auto elsewhere =
            f.blocks.reconcile(block.id, "kita", f.offline(block, 2, "offline-ticket-0005"), "k", k_morning);
        REQUIRE_FALSE(elsewhere.has_value());
        CHECK(elsewhere.error().code == StorageError::not_found);
        auto queue = f.repository->queue("chuo", "2026-11-25");
        REQUIRE(queue.has_value());
        CHECK(queue->empty());
    });
}

TEST_CASE("a kiosk clock running ahead does not put its tickets behind people already waiting") {
    on_each_backend([](Fixture& f) {
        const Block block = f.lease(2);
        OfflineTicket ticket{"offline-ticket-0006", 1, false, to_millis(k_morning + hours(5)), ""};
        ticket.signature = f.kiosk_key.sign(offline_ticket_message(block, ticket));
        auto accepted = f.blocks.reconcile(block.id, "chuo", ticket, "kiosk-1", k_morning + hours(1));
        REQUIRE(accepted.has_value());
        CHECK(accepted->issued_at_ms == to_millis(k_morning + hours(1)));
    });
}

TEST_CASE("a number whose print failed is kept as a cancelled ticket, never counted as issued") {
    on_each_backend([](Fixture& f) {
        const Block block = f.lease(3);
        OfflineTicket unprinted = f.offline(block, 2, "offline-ticket-0007");
        unprinted.printed = false;
        auto stored = f.blocks.reconcile(block.id, "chuo", unprinted, "kiosk-1", k_morning + hours(1));
        REQUIRE_MESSAGE(stored.has_value(), (stored ? "" : stored.error().message));
        CHECK(stored->number == "A-002");
        CHECK(stored->state == TicketState::cancelled);
        auto again = f.blocks.reconcile(block.id, "chuo", unprinted, "kiosk-1", k_morning + hours(2));
        REQUIRE(again.has_value());
        CHECK(again->state == TicketState::cancelled);
        // Its printed twin arriving late (another process had sent it) changes nothing.
        auto late_twin = f.blocks.reconcile(block.id, "chuo", f.offline(block, 2, "offline-ticket-0007"), "kiosk-1",
                                            k_morning + hours(2));
        REQUIRE(late_twin.has_value());
        CHECK(late_twin->state == TicketState::cancelled);
        auto events = f.repository->events(stored->id);
        REQUIRE(events.has_value());
        REQUIRE(events->size() == 1);
        CHECK(events->front().kind == "not_printed");
        CHECK(events->front().to_state == "cancelled");

        auto day = f.repository->day_events("chuo", "2026-11-25");
        REQUIRE(day.has_value());
        const DayStats stats = summarize_day(*day);
        CHECK(stats.total.counts.count("issued") == 0);
        CHECK(stats.total.counts.at("not_printed") == 1);
        auto queue = f.repository->queue("chuo", "2026-11-25");
        REQUIRE(queue.has_value());
        CHECK(queue->empty());
    });
}

TEST_CASE("a printed offline ticket reported unprinted afterwards leaves the queue, unless already called") {
    on_each_backend([](Fixture& f) {
        const Block block = f.lease(3);
        const OfflineTicket printed = f.offline(block, 1, "offline-ticket-0008");
        REQUIRE(f.blocks.reconcile(block.id, "chuo", printed, "kiosk-1", k_morning + hours(1)).has_value());
        OfflineTicket unprinted = printed;
        unprinted.printed = false;
        auto withdrawn = f.blocks.reconcile(block.id, "chuo", unprinted, "kiosk-1", k_morning + hours(1));
        REQUIRE_MESSAGE(withdrawn.has_value(), (withdrawn ? "" : withdrawn.error().message));
        CHECK(withdrawn->state == TicketState::cancelled);
        auto events = f.repository->events(withdrawn->id);
        REQUIRE(events.has_value());
        REQUIRE(events->size() == 2);
        CHECK(events->back().kind == "not_printed");

        const OfflineTicket called = f.offline(block, 3, "offline-ticket-0009");
        REQUIRE(f.blocks.reconcile(block.id, "chuo", called, "kiosk-1", k_morning + hours(1)).has_value());
        REQUIRE(f.repository->call_next(CounterRequest{"chuo", "counter-1", "counter-1", {}}, PriorityPolicy{},
                                              k_morning + hours(1))
                    .has_value());
        OfflineTicket too_late = called;
        too_late.printed = false;
        const auto refused = f.blocks.reconcile(block.id, "chuo", too_late, "kiosk-1", k_morning + hours(2));
        REQUIRE_FALSE(refused.has_value());
        CHECK(refused.error().code == StorageError::wrong_state);
    });
}
