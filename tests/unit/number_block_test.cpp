// Offline issuing's logic and its store: which number comes next, when to lease, what a lease
// answer must hold, and that a number and its reconcile request are durable together or not at all.
#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "kiosk/application_payload.hpp"
#include "kiosk/block_key.hpp"
#include "kiosk/number_block.hpp"
#include "kiosk/number_blocks.hpp"
#include "kiosk/outbox.hpp"

using namespace madoguchi;
using namespace std::chrono;
using nlohmann::json;

namespace {

const system_clock::time_point k_morning = sys_days{year{2026} / 11 / 25} + hours(1);  // 10:00 in Tokyo
const std::string k_today = "2026-11-25";

NumberBlock block(std::string id, std::string service, std::int64_t first, std::int64_t last, std::int64_t next,
                  std::string day = k_today) {
    return NumberBlock{std::move(id), "chuo", std::move(service), "A", std::move(day), first, last, next,
                       "https://status.example/t/"};
}

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "madoguchi-blocks-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        m_path = pattern;
    }
    ~TempDir() { std::filesystem::remove_all(m_path); }
    std::filesystem::path operator/(const char* name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

TerminalKey test_key(std::uint8_t fill) {
    TerminalKey key{};
    key.fill(fill);
    return key;
}

bool verifies(const std::string& public_key, const std::string& message, std::string_view signature_b64) {
    const auto signature = base64url_decode(signature_b64);
    REQUIRE(signature.has_value());
    EVP_PKEY* key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                                reinterpret_cast<const unsigned char*>(public_key.data()),
                                                public_key.size());
    REQUIRE(key != nullptr);
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    const bool valid = EVP_DigestVerifyInit(context, nullptr, nullptr, nullptr, key) == 1 &&
                       EVP_DigestVerify(context, signature->data(), signature->size(),
                                        reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    EVP_MD_CTX_free(context);
    EVP_PKEY_free(key);
    return valid;
}

void exec(const std::filesystem::path& database, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(database.c_str(), &db) == SQLITE_OK);
    CHECK_MESSAGE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
    sqlite3_close(db);
}

// An outbox and its number blocks in one file, as on a kiosk.
struct Store {
    TempDir dir;
    Outbox outbox = *Outbox::open(dir / "outbox.db", test_key(7));
    NumberBlocks blocks = *NumberBlocks::open(outbox, test_key(7));

    BlockKeyPair lease(const NumberBlock& leased) {
        auto key = make_block_key();
        REQUIRE(key.has_value());
        REQUIRE(blocks.add(leased, key->private_key));
        return std::move(*key);
    }
};

}  // namespace

TEST_CASE("numbers come from the oldest usable block of the service, in order") {
    const std::vector<NumberBlock> blocks{block("later", "certificates", 41, 50, 41), block("spent", "certificates", 1, 10, 11),
                                          block("first", "certificates", 11, 20, 15), block("tax", "tax", 1, 10, 1),
                                          block("yesterday", "certificates", 1, 5, 1, "2026-11-24")};
    const NumberBlock* chosen = block_to_issue_from(blocks, "certificates", k_today);
    REQUIRE(chosen != nullptr);
    CHECK(chosen->id == "first");
    CHECK(block_use(blocks[1], k_today) == BlockUse::spent);
    CHECK(block_use(blocks[4], k_today) == BlockUse::expired);
    CHECK(numbers_left(blocks[2], k_today) == 6);
    CHECK(numbers_left(blocks[4], k_today) == 0);
    CHECK(block_to_issue_from(blocks, "residents", k_today) == nullptr);
    CHECK(block_to_issue_from(std::span(blocks).subspan(4), "certificates", k_today) == nullptr);
}

TEST_CASE("another block is leased when less than half a block is left") {
    const std::vector<NumberBlock> half{block("b", "certificates", 1, 30, 16)};  // 15 left of 30
    CHECK_FALSE(needs_lease(half, "certificates", k_today, 30));
    const std::vector<NumberBlock> low{block("b", "certificates", 1, 30, 17)};  // 14 left
    CHECK(needs_lease(low, "certificates", k_today, 30));
    CHECK(needs_lease(low, "tax", k_today, 30));
    CHECK(needs_lease({}, "certificates", k_today, 30));
    // Yesterday's numbers count for nothing today.
    const std::vector<NumberBlock> old{block("b", "certificates", 1, 30, 1, "2026-11-24")};
    CHECK(needs_lease(old, "certificates", k_today, 30));
    const std::vector<NumberBlock> two{block("a", "certificates", 1, 30, 25), block("b", "certificates", 31, 60, 31)};
    CHECK_FALSE(needs_lease(two, "certificates", k_today, 30));
}

TEST_CASE("numbers, days and signed texts are the server's") {
    CHECK(ticket_number("A", 7) == "A-007");
    CHECK(ticket_number("G", 1234) == "G-1234");
    CHECK(tokyo_day(sys_days{year{2026} / 11 / 25} + hours(14) + minutes(59)) == "2026-11-25");
    CHECK(tokyo_day(sys_days{year{2026} / 11 / 25} + hours(15)) == "2026-11-26");  // midnight in Tokyo
    CHECK(offline_status_message("chuo", "blk", "tid", 3) == "madoguchi-offline-status-v1\nchuo\nblk\ntid\n3");
    CHECK(offline_ticket_message("chuo", "blk", "tid", 3, true, 99) ==
          "madoguchi-offline-ticket-v1\nchuo\nblk\ntid\n3\n1\n99");
    CHECK(offline_qr_url(block("blk", "certificates", 1, 5, 1), "tid", 3, "sig") ==
          "https://status.example/t/tid?site=chuo&block=blk&n=3&s=sig");
}

TEST_CASE("a lease answer must be the block that was asked for") {
    const json good{{"id", "blk_1"},  {"site", "chuo"},    {"service", "certificates"}, {"band", "A"},
                    {"day", k_today}, {"first", 11},       {"last", 40},                {"public_key", "pk"},
                    {"key_id", "k"},  {"lease_signature", "s"}, {"status_base_url", "https://s.example/t/"}};
    const auto parsed = parse_lease(good.dump(), "chuo", "certificates", "pk");
    REQUIRE(parsed.has_value());
    CHECK(parsed->first == 11);
    CHECK(parsed->next == 11);
    CHECK(parsed->last == 40);
    CHECK(parsed->status_base_url == "https://s.example/t/");

    CHECK_FALSE(parse_lease("not json", "chuo", "certificates", "pk"));
    CHECK_FALSE(parse_lease(good.dump(), "kita", "certificates", "pk"));
    CHECK_FALSE(parse_lease(good.dump(), "chuo", "tax", "pk"));
    CHECK_FALSE(parse_lease(good.dump(), "chuo", "certificates", "another key"));
    for (const char* missing : {"id", "band", "day", "first", "last", "status_base_url", "public_key"}) {
        json without = good;
        without.erase(missing);
        CHECK_FALSE(parse_lease(without.dump(), "chuo", "certificates", "pk"));
    }
    json backwards = good;
    backwards["last"] = 10;
    CHECK_FALSE(parse_lease(backwards.dump(), "chuo", "certificates", "pk"));
    json path_in_id = good;
    path_in_id["id"] = "../tickets";
    const auto refused = parse_lease(path_in_id.dump(), "chuo", "certificates", "pk");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == LeaseError::bad_reply);
}

TEST_CASE("each offline ticket takes the next number and queues its signed reconcile in the same transaction") {
    Store store;
    const BlockKeyPair key = store.lease(block("blk", "certificates", 11, 13, 11));
    std::set<std::string> ids;
    for (std::int64_t expected = 11; expected <= 13; ++expected) {
        auto issued = store.blocks.issue("certificates", expected == 12, false, k_morning);
        REQUIRE_MESSAGE(issued.has_value(), (issued ? "" : issued.error().message));
        CHECK(issued->ticket.number == "A-0" + std::to_string(expected));
        CHECK(issued->ticket.offline);
        CHECK(issued->ticket.priority == (expected == 12));
        ids.insert(issued->ticket.id);
        CHECK(issued->ticket.qr_url.starts_with("https://status.example/t/" + issued->ticket.id + "?site=chuo&block=blk&n=" +
                                                std::to_string(expected) + "&s="));
        const std::string status_signature = issued->ticket.qr_url.substr(issued->ticket.qr_url.find("&s=") + 3);
        CHECK(verifies(key.public_key, offline_status_message("chuo", "blk", issued->ticket.id, expected),
                       status_signature));
    }
    CHECK(ids.size() == 3);
    const auto spent = store.blocks.issue("certificates", false, false, k_morning);
    REQUIRE_FALSE(spent);
    CHECK(spent.error().code == BlockError::no_block);
    CHECK(*store.outbox.pending() == 3);

    auto first = store.outbox.next_due(k_morning);
    REQUIRE(first);
    REQUIRE(*first);
    CHECK((*first)->path == "/api/v1/sites/chuo/blocks/blk/tickets");
    const json body = json::parse(std::string((*first)->body.begin(), (*first)->body.end()));
    CHECK(body["sequence"] == 11);
    CHECK(body["issued_at_ms"] == duration_cast<milliseconds>(k_morning.time_since_epoch()).count());
    CHECK(verifies(key.public_key,
                   offline_ticket_message("chuo", "blk", body["id"].get<std::string>(), 11, false,
                                          body["issued_at_ms"].get<std::int64_t>()),
                   body["signature"].get<std::string>()));
}

TEST_CASE("a number whose reconcile request cannot be stored is not taken") {
    Store store;
    store.lease(block("blk", "certificates", 1, 5, 1));
    exec(store.dir / "outbox.db",
         "CREATE TRIGGER full BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    const auto failed = store.blocks.issue("certificates", false, false, k_morning);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == BlockError::storage);
    exec(store.dir / "outbox.db", "DROP TRIGGER full");
    const auto issued = store.blocks.issue("certificates", false, false, k_morning);
    REQUIRE(issued);
    CHECK(issued->ticket.number == "A-001");
    CHECK(*store.outbox.pending() == 1);
}

TEST_CASE("a ticket never printed is reported as such in place of its reconcile request; its number is not reused") {
    Store store;
    store.lease(block("blk", "certificates", 1, 5, 1));
    const auto unprinted = store.blocks.issue("certificates", false, false, k_morning);
    REQUIRE(unprinted);
    REQUIRE(store.blocks.report_unprinted(*unprinted, k_morning));
    CHECK(*store.outbox.pending() == 1);
    auto queued = store.outbox.next_due(k_morning);
    REQUIRE(queued);
    REQUIRE(*queued);
    CHECK((*queued)->id != unprinted->outbox_row);
    CHECK((*queued)->path == unprinted->reconcile.path);
    const json body = json::parse(std::string((*queued)->body.begin(), (*queued)->body.end()));
    const json printed = json::parse(std::string(unprinted->reconcile.body.begin(), unprinted->reconcile.body.end()));
    CHECK(body["printed"] == false);
    CHECK(body["id"] == printed["id"]);
    CHECK(body["sequence"] == 1);
    CHECK(body["signature"] == printed["signature"]);
    const auto next = store.blocks.issue("certificates", false, false, k_morning);
    REQUIRE(next);
    CHECK(next->ticket.number == "A-002");
}

TEST_CASE("reporting an unprinted ticket whose reconcile request was sent already still queues the report") {
    Store store;
    store.lease(block("blk", "certificates", 1, 5, 1));
    const auto unprinted = store.blocks.issue("certificates", false, false, k_morning);
    REQUIRE(unprinted);
    REQUIRE(store.outbox.acknowledge(unprinted->outbox_row));
    REQUIRE(store.blocks.report_unprinted(*unprinted, k_morning));
    CHECK(*store.outbox.pending() == 1);
}

TEST_CASE("an unprinted report that cannot be stored leaves the reconcile request in place") {
    Store store;
    store.lease(block("blk", "certificates", 1, 5, 1));
    const auto unprinted = store.blocks.issue("certificates", false, false, k_morning);
    REQUIRE(unprinted);
    exec(store.dir / "outbox.db",
         "CREATE TRIGGER full BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    const auto failed = store.blocks.report_unprinted(*unprinted, k_morning);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == BlockError::storage);
    auto queued = store.outbox.next_due(k_morning);
    REQUIRE(queued);
    REQUIRE(*queued);
    CHECK((*queued)->id == unprinted->outbox_row);
}

TEST_CASE("a block of another day, or whose key was altered, issues nothing and is dropped") {
    Store store;
    store.lease(block("old", "certificates", 1, 5, 1, "2026-11-24"));
    const auto expired = store.blocks.issue("certificates", false, false, k_morning);
    REQUIRE_FALSE(expired);
    CHECK(expired.error().code == BlockError::no_block);
    CHECK(*store.outbox.pending() == 0);

    store.lease(block("altered", "certificates", 6, 10, 6));
    store.lease(block("good", "certificates", 11, 15, 11));
    exec(store.dir / "outbox.db",
         "UPDATE number_blocks SET sealed_key = zeroblob(60) WHERE id = 'altered'");
    // The altered block is skipped for the next good one, and never tried again.
    const auto issued = store.blocks.issue("certificates", false, false, k_morning);
    REQUIRE(issued);
    CHECK(issued->ticket.number == "A-011");
    // A range moved onto another row no longer opens its key either.
    exec(store.dir / "outbox.db", "UPDATE number_blocks SET last_sequence = 99 WHERE id = 'good'");
    const auto moved = store.blocks.issue("certificates", false, false, k_morning);
    REQUIRE_FALSE(moved);
    CHECK(moved.error().code == BlockError::no_block);
    CHECK(*store.outbox.pending() == 1);

    REQUIRE(store.blocks.drop_unusable(k_today));
    const auto left = store.blocks.list();
    REQUIRE(left);
    CHECK(left->empty());
}

TEST_CASE("blocks sealed under another terminal key are not usable") {
    Store store;
    store.lease(block("blk", "certificates", 1, 5, 1));
    auto other = NumberBlocks::open(store.outbox, test_key(8));
    REQUIRE(other);
    CHECK(other->list()->empty());
    const auto refused = other->issue("certificates", false, false, k_morning);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == BlockError::no_block);
    // After a change of terminal key the old blocks go, and new ones are leased.
    CHECK(other->drop_unusable(k_today));
    CHECK(store.blocks.list()->empty());
}

TEST_CASE("a block table that is not ours is a storage error, not a crash") {
    TempDir dir;
    exec(dir / "outbox.db", "CREATE TABLE number_blocks (something_else TEXT)");
    auto outbox = Outbox::open(dir / "outbox.db", test_key(7));
    REQUIRE(outbox);
    auto blocks = NumberBlocks::open(*outbox, test_key(7));
    REQUIRE(blocks);
    const auto issued = blocks->issue("certificates", false, false, k_morning);
    REQUIRE_FALSE(issued);
    CHECK(issued.error().code == BlockError::storage);
    CHECK_FALSE(blocks->list());
    CHECK(*outbox->pending() == 0);
}
