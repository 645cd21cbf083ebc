#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "kiosk/outbox.hpp"

using namespace madoguchi;
using std::chrono::seconds;

namespace {

class TempDir {
public:
    TempDir() : m_path(std::filesystem::temp_directory_path() / ("madoguchi-outbox-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
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

std::span<const std::uint8_t> bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::string as_text(const card::SecureBytes& body) { return {body.begin(), body.end()}; }

std::string file_contents(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

const Outbox::TimePoint t0{std::chrono::hours(24 * 365 * 56)};
constexpr std::string_view k_application = R"({"form":"juminhyo","name":"見本　太郎"})";

}  // namespace

TEST_CASE("what goes in comes out in order, once acknowledged it is gone") {
    TempDir dir;
    auto outbox = Outbox::open(dir / "outbox.db", test_key(7));
    REQUIRE(outbox.has_value());
    const auto first = outbox->enqueue("POST", "/api/v1/applications", bytes(k_application), t0);
    const auto second = outbox->enqueue("POST", "/api/v1/sites/chuo/tickets", bytes(R"({"service":"tax"})"), t0);
    REQUIRE(first.has_value());
    REQUIRE(second.has_value());
    CHECK(*first != *second);
    CHECK(first->size() == 32);
    CHECK(*outbox->pending() == 2);

    auto item = outbox->next_due(t0);
    REQUIRE(item.has_value());
    REQUIRE(item->has_value());
    CHECK((*item)->idempotency_key == *first);
    CHECK((*item)->path == "/api/v1/applications");
    CHECK(as_text((*item)->body) == k_application);
    REQUIRE(outbox->acknowledge((*item)->id).has_value());
    CHECK(*outbox->pending() == 1);
    CHECK((*outbox->next_due(t0))->idempotency_key == *second);
}

TEST_CASE("personal data is never on disk in clear text") {
    TempDir dir;
    {
        auto outbox = Outbox::open(dir / "outbox.db", test_key(7));
        REQUIRE(outbox->enqueue("POST", "/api/v1/applications", bytes(k_application), t0).has_value());
    }
    std::string everything = file_contents(dir / "outbox.db");
    for (const char* suffix : {"outbox.db-wal", "outbox.db-shm"}) {
        if (std::filesystem::exists(dir / suffix)) {
            everything += file_contents(dir / suffix);
        }
    }
    CHECK(everything.find("見本") == std::string::npos);
    CHECK(everything.find("juminhyo") == std::string::npos);
}

TEST_CASE("items survive a restart and a wrong key opens nothing") {
    TempDir dir;
    {
        auto outbox = Outbox::open(dir / "outbox.db", test_key(7));
        REQUIRE(outbox->enqueue("POST", "/api/v1/applications", bytes(k_application), t0).has_value());
    }
    {
        auto stranger = Outbox::open(dir / "outbox.db", test_key(8));
        REQUIRE(stranger.has_value());
        CHECK_FALSE(stranger->next_due(t0)->has_value());
        // The row is set aside, not deleted: nothing is lost while someone investigates.
        CHECK(*stranger->set_aside_count() == 1);
    }
    auto reopened = Outbox::open(dir / "outbox.db", test_key(7));
    CHECK(*reopened->pending() == 0);
    CHECK(*reopened->set_aside_count() == 1);
}

TEST_CASE("a tampered row is set aside and the next one still goes") {
    TempDir dir;
    auto outbox = Outbox::open(dir / "outbox.db", test_key(7));
    REQUIRE(outbox->enqueue("POST", "/a", bytes("first"), t0).has_value());
    REQUIRE(outbox->enqueue("POST", "/b", bytes("second"), t0).has_value());
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir / "outbox.db").c_str(), &db) == SQLITE_OK);
    // Send the first row to another endpoint: its sealed identity no longer matches.
    REQUIRE(sqlite3_exec(db, "UPDATE outbox SET path = '/evil' WHERE path = '/a'", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    sqlite3_close(db);
    auto item = outbox->next_due(t0);
    REQUIRE(item->has_value());
    CHECK((*item)->path == "/b");
    CHECK(*outbox->set_aside_count() == 1);
}

TEST_CASE("failed sends back off exponentially, with jitter, up to five minutes") {
    TempDir dir;
    auto outbox = Outbox::open(dir / "outbox.db", test_key(7));
    REQUIRE(outbox->enqueue("POST", "/a", bytes("x"), t0).has_value());
    const std::int64_t id = (*outbox->next_due(t0))->id;
    auto now = t0;
    std::chrono::milliseconds previous{0};
    for (int attempt = 1; attempt <= 12; ++attempt) {
        REQUIRE(outbox->retry_later(id, now).has_value());
        const auto next = **outbox->next_attempt();
        const auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(next - now);
        const auto nominal = std::min<std::int64_t>(1000LL << (attempt - 1), 300'000);
        CAPTURE(attempt);
        CHECK(delay.count() >= nominal / 2);
        CHECK(delay.count() <= nominal * 3 / 2);
        CHECK_FALSE(outbox->next_due(next - std::chrono::milliseconds(1))->has_value());
        CHECK((*outbox->next_due(next))->attempts == attempt);
        previous = delay;
        now = next;
    }
    CHECK(previous <= std::chrono::milliseconds(450'000));
}

TEST_CASE("the terminal key file must be 32 bytes that only its owner reads") {
    TempDir dir;
    const auto path = dir / "terminal.key";
    {
        std::ofstream file(path, std::ios::binary);
        file << std::string(32, 'k');
    }
    std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    CHECK(load_terminal_key(path).has_value());

    std::filesystem::permissions(path, std::filesystem::perms::group_read, std::filesystem::perm_options::add);
    CHECK(load_terminal_key(path).error().code == OutboxError::key);
    std::filesystem::permissions(path, std::filesystem::perms::group_read, std::filesystem::perm_options::remove);

    {
        std::ofstream file(path, std::ios::binary | std::ios::app);
        file << "!";
    }
    CHECK(load_terminal_key(path).error().message.find("exactly 32 bytes") != std::string::npos);
    CHECK(load_terminal_key(dir / "absent.key").error().code == OutboxError::key);
}

TEST_CASE("an outbox where no file can be made is an error, not a crash") {
    const auto outbox = Outbox::open("/nonexistent/dir/outbox.db", test_key(1));
    REQUIRE_FALSE(outbox.has_value());
    CHECK(outbox.error().code == OutboxError::storage);
}

TEST_CASE("a batch of due rows comes oldest first, and one acknowledgement deletes them all") {
    TempDir dir;
    auto outbox = Outbox::open(dir / "outbox.db", test_key(7));
    REQUIRE(outbox.has_value());
    for (int i = 0; i < 5; ++i) {
        REQUIRE(outbox->enqueue("POST", "/item/" + std::to_string(i), bytes("{}"), t0).has_value());
    }
    REQUIRE(outbox->enqueue("POST", "/later", bytes("{}"), t0 + seconds(60)).has_value());
    auto batch = outbox->due(t0, 3);
    REQUIRE(batch.has_value());
    REQUIRE(batch->size() == 3);
    CHECK((*batch)[0].path == "/item/0");
    CHECK((*batch)[2].path == "/item/2");
    const std::vector<std::int64_t> ids{(*batch)[0].id, (*batch)[1].id, (*batch)[2].id};
    REQUIRE(outbox->acknowledge(ids).has_value());
    CHECK(*outbox->pending() == 3);
    auto rest = outbox->due(t0, 64);
    REQUIRE(rest->size() == 2);
    CHECK((*rest)[0].path == "/item/3");
    CHECK((*rest)[1].path == "/item/4");
}

TEST_CASE("a batch of nothing but tampered rows does not hide the rows behind it") {
    TempDir dir;
    auto outbox = Outbox::open(dir / "outbox.db", test_key(7));
    REQUIRE(outbox->enqueue("POST", "/a", bytes("first"), t0).has_value());
    REQUIRE(outbox->enqueue("POST", "/a", bytes("second"), t0).has_value());
    REQUIRE(outbox->enqueue("POST", "/b", bytes("third"), t0).has_value());
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir / "outbox.db").c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "UPDATE outbox SET path = '/evil' WHERE path = '/a'", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    sqlite3_close(db);
    auto batch = outbox->due(t0, 2);
    REQUIRE(batch.has_value());
    REQUIRE(batch->size() == 1);
    CHECK((*batch)[0].path == "/b");
    CHECK(as_text((*batch)[0].body) == "third");
    CHECK(*outbox->set_aside_count() == 2);
}

TEST_CASE("a row waiting for its backoff holds back the newer ones, which then follow in order") {
    TempDir dir;
    std::int64_t first = 0;
    Outbox::TimePoint retry_at;
    {
        auto outbox = Outbox::open(dir / "outbox.db", test_key(7));
        REQUIRE(outbox->enqueue("POST", "/ticket", bytes("1"), t0).has_value());
        first = (*outbox->next_due(t0))->id;
        REQUIRE(outbox->retry_later(first, t0).has_value());
        // Made after the first one failed, due at once by their own times: still not sent.
        REQUIRE(outbox->enqueue("POST", "/ticket/reconcile", bytes("2"), t0).has_value());
        REQUIRE(outbox->enqueue("POST", "/application", bytes("3"), t0).has_value());
        CHECK(outbox->due(t0, 64)->empty());
        retry_at = **outbox->next_attempt();
        CHECK(retry_at > t0);
        CHECK(outbox->due(retry_at - std::chrono::milliseconds(1), 64)->empty());
    }
    // Across a restart nothing is lost and the order holds.
    auto outbox = Outbox::open(dir / "outbox.db", test_key(7));
    CHECK(*outbox->pending() == 3);
    CHECK(**outbox->next_attempt() == retry_at);
    auto due = outbox->due(retry_at, 64);
    REQUIRE(due->size() == 3);
    CHECK((*due)[0].id == first);
    CHECK(as_text((*due)[0].body) == "1");
    CHECK(as_text((*due)[1].body) == "2");
    CHECK(as_text((*due)[2].body) == "3");

    // A second failure part way holds back only what comes after it.
    REQUIRE(outbox->acknowledge((*due)[0].id).has_value());
    REQUIRE(outbox->retry_later((*due)[1].id, retry_at).has_value());
    CHECK(outbox->due(retry_at, 64)->empty());
    // A row set aside for staff holds nothing back.
    REQUIRE(outbox->set_aside((*due)[1].id).has_value());
    auto rest = outbox->due(retry_at, 64);
    REQUIRE(rest->size() == 1);
    CHECK(as_text((*rest)[0].body) == "3");
}
