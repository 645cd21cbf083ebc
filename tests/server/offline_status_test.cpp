// The status page for tickets a kiosk issued offline: the QR signature is by the leased block's
// key, which vouches only for its own site and its own range of numbers.
#include <doctest/doctest.h>

#include "server/block_store.hpp"
#include "server/signing.hpp"
#include "server/status_page.hpp"
#include "support.hpp"

using namespace madoguchi::server;
using namespace madoguchi::server::test;
using namespace std::chrono;

namespace {

const TimePoint k_morning = sys_days{year{2026} / 11 / 25} + hours(0);
using Query = std::multimap<std::string, std::string>;

struct Fixture {
    TempDir dir;
    std::unique_ptr<Repository> repository = fresh_repository(Backend::sqlite, dir);
    BlockStore blocks{repository->database()};
    SigningKey kiosk_key = *SigningKey::load_or_create(dir.path() / "kiosk.pem");
    SiteKeys keys = *SiteKeys::load(dir.path() / "keys", {"chuo", "kita"});
    madoguchi::ServiceCatalog catalog{{}, {}};
    EventHub events;
    WaitEstimator waits{*repository};
    StatusContext context{catalog, *repository, keys, blocks, events, waits};

    Block lease(const std::string& site, std::int64_t size) {
        auto block = blocks.lease(Block{"", site, "certificates", "A", "", 0, 0, kiosk_key.public_key(), "kiosk-1"},
                                  size, k_morning);
        REQUIRE_MESSAGE(block.has_value(), (block ? "" : block.error().message));
        return *block;
    }

    Ticket reconcile(const Block& block, std::int64_t sequence, const std::string& id) {
        OfflineTicket offline{id, sequence, false, to_millis(k_morning), ""};
        offline.signature = kiosk_key.sign(offline_ticket_message(block, offline));
        auto ticket = blocks.reconcile(block.id, block.site, offline, "kiosk-1", k_morning);
        REQUIRE_MESSAGE(ticket.has_value(), (ticket ? "" : ticket.error().message));
        return *ticket;
    }

    // The query of the QR URL the kiosk prints, signed by `signer`.
    static Query offline_query(const SigningKey& signer, const std::string& site, const std::string& block_id,
                               const std::string& ticket_id, std::int64_t sequence) {
        return {{"site", site},
                {"block", block_id},
                {"n", std::to_string(sequence)},
                {"s", base64url_encode(signer.sign(offline_status_message(site, block_id, ticket_id, sequence)))}};
    }
};

}  // namespace

TEST_CASE("a ticket issued offline opens with its block key's signature once reconciled") {
    Fixture f;
    const Block block = f.lease("chuo", 5);
    const std::string id = "offline-ticket-0001";
    const Query query = Fixture::offline_query(f.kiosk_key, "chuo", block.id, id, 3);
    // Printed offline and not reconciled yet: the server knows no such ticket.
    CHECK_FALSE(verified_ticket(f.context, id, query).has_value());
    f.reconcile(block, 3, id);
    const auto shown = verified_ticket(f.context, id, query);
    REQUIRE(shown.has_value());
    CHECK(shown->number == "A-003");
    // The same URL does not open another ticket.
    const Ticket other = f.reconcile(block, 4, "offline-ticket-0002");
    CHECK_FALSE(verified_ticket(f.context, other.id, query).has_value());
}

TEST_CASE("a forged block signature or a changed number is refused") {
    Fixture f;
    const Block block = f.lease("chuo", 5);
    const std::string id = "offline-ticket-0001";
    f.reconcile(block, 3, id);
    const SigningKey forger = *SigningKey::load_or_create(f.dir.path() / "forger.pem");
    CHECK_FALSE(verified_ticket(f.context, id, Fixture::offline_query(forger, "chuo", block.id, id, 3)).has_value());
    Query changed = Fixture::offline_query(f.kiosk_key, "chuo", block.id, id, 3);
    changed.find("n")->second = "4";
    CHECK_FALSE(verified_ticket(f.context, id, changed).has_value());
    Query garbled = Fixture::offline_query(f.kiosk_key, "chuo", block.id, id, 3);
    garbled.find("n")->second = "3x";
    CHECK_FALSE(verified_ticket(f.context, id, garbled).has_value());
    // The site key path is unchanged: a block signature is no site signature.
    Query as_site = Fixture::offline_query(f.kiosk_key, "chuo", block.id, id, 3);
    as_site.erase("block");
    as_site.emplace("kid", f.keys.find("chuo")->key_id());
    CHECK_FALSE(verified_ticket(f.context, id, as_site).has_value());
    const std::string site_signature = base64url_encode(f.keys.find("chuo")->sign(ticket_signing_message("chuo", id)));
    const Query by_site{{"site", "chuo"}, {"kid", f.keys.find("chuo")->key_id()}, {"s", site_signature}};
    CHECK(verified_ticket(f.context, id, by_site).has_value());
}

TEST_CASE("a block key does not vouch for a number outside its block or for another site") {
    Fixture f;
    const Block block = f.lease("chuo", 5);
    // Issued online right after the lease: number 6, just past the block.
    auto online = f.repository->issue(IssueRequest{"chuo", "certificates", "A", false, "k"}, k_morning);
    REQUIRE(online.has_value());
    REQUIRE(online->sequence == 6);
    CHECK_FALSE(
        verified_ticket(f.context, online->id, Fixture::offline_query(f.kiosk_key, "chuo", block.id, online->id, 6))
            .has_value());

    const Block kita_block = f.lease("kita", 5);
    const Ticket chuo_ticket = f.reconcile(block, 2, "offline-ticket-0003");
    CHECK_FALSE(verified_ticket(f.context, chuo_ticket.id,
                                Fixture::offline_query(f.kiosk_key, "chuo", kita_block.id, chuo_ticket.id, 2))
                    .has_value());
    CHECK_FALSE(verified_ticket(f.context, chuo_ticket.id,
                                Fixture::offline_query(f.kiosk_key, "kita", kita_block.id, chuo_ticket.id, 2))
                    .has_value());
}
