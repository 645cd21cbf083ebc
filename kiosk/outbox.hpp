#pragma once
// What must reach the server survives here until the server has it: a SQLite file (WAL,
// synchronous=FULL, so a power cut loses nothing acknowledged to the caller) whose request
// bodies are sealed with AES-256-GCM under the terminal's key. Each row carries the
// Idempotency-Key the server uses to accept it at most once, however often it is sent.
#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/card/secure_bytes.hpp"
#include "error.hpp"
#include "sealed_box.hpp"

struct sqlite3;

namespace madoguchi {

enum class OutboxError {
    storage,  // the database cannot be opened or written
    key,      // the terminal key file is missing, unreadable or the wrong size
};

template <typename T>
using OutboxResult = Result<T, OutboxError>;

using TerminalKey = SecretKey;

// The terminal's 32-byte key: a file of exactly 32 bytes that only its owner may read.
OutboxResult<TerminalKey> load_terminal_key(const std::filesystem::path& path);

struct OutboxItem {
    std::int64_t id = 0;
    std::string idempotency_key;
    std::string method;
    std::string path;
    card::SecureBytes body;
    int attempts = 0;
};

// A request to store, built inside the transaction of Outbox::enqueue_with.
struct OutboxRequest {
    std::string method;
    std::string path;
    std::vector<std::uint8_t> body;
};

struct QueuedRequest {
    std::int64_t id = 0;
    std::string idempotency_key;
};

class Outbox {
public:
    using TimePoint = std::chrono::system_clock::time_point;

    static OutboxResult<Outbox> open(const std::filesystem::path& database, const TerminalKey& key);
    Outbox(Outbox&&) noexcept;
    Outbox& operator=(Outbox&&) noexcept;
    ~Outbox();

    // Stores a request; returns its Idempotency-Key. Durable when this returns.
    OutboxResult<std::string> enqueue(std::string_view method, std::string_view path,
                                      std::span<const std::uint8_t> body, TimePoint now);
    // The kiosk's own tables (number blocks) live in this database file so that a change to them
    // and the request that reports it to the server commit together: both durable, or neither.
    // `change` runs inside one transaction on database(); the request it returns is stored in
    // the same transaction. An error from `change` rolls everything back and is returned.
    OutboxResult<QueuedRequest> enqueue_with(const std::function<OutboxResult<OutboxRequest>()>& change,
                                             TimePoint now);
    // Takes back a row that must no longer be sent; false when it is not waiting any more
    // (already delivered, or set aside).
    OutboxResult<bool> take_back(std::int64_t id);
    // The connection, for the tables that share the file; used on the owner's thread only.
    sqlite3* database() const;
    // The oldest items due at `now`, at most `limit`, decrypted, oldest first, and none from
    // behind a row still waiting for its backoff: rows reach the server in the order they were
    // made (a ticket before its reconcile or withdrawal), so one that failed holds back the
    // newer ones until it goes. A row that fails to decrypt is set aside (tampered) and the next
    // one is taken, so one bad row never blocks the rest; a row set aside holds nothing back.
    OutboxResult<std::vector<OutboxItem>> due(TimePoint now, std::size_t limit);
    // The oldest item due at `now`: due(now, 1).
    OutboxResult<std::optional<OutboxItem>> next_due(TimePoint now);
    // The server has it: the row is deleted.
    OutboxResult<void> acknowledge(std::int64_t id);
    // The server has them all: the rows are deleted in one transaction, so a batch waits for the
    // disk once, not once per row.
    OutboxResult<void> acknowledge(std::span<const std::int64_t> ids);
    // The server refused the row for good (a 4xx): it is set aside for staff, never sent again.
    OutboxResult<void> set_aside(std::int64_t id);
    // Sending failed: try again after an exponential backoff with jitter (1 s doubling, at most
    // five minutes), so that kiosks coming back online do not all call at once.
    OutboxResult<void> retry_later(std::int64_t id, TimePoint now);
    // Every waiting row falls due at `now`, whatever its backoff: the server is known to be back
    // (or staff asked to send now), so what it missed is sent at once.
    OutboxResult<void> make_due_now(TimePoint now);
    // Rows waiting to be sent, and rows set aside (refused by the server, or not authentic).
    OutboxResult<std::size_t> pending();
    OutboxResult<std::size_t> set_aside_count();
    // When the oldest waiting item falls due, if any: the outbox moves no sooner.
    OutboxResult<std::optional<TimePoint>> next_attempt();

private:
    struct State;
    explicit Outbox(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

}  // namespace madoguchi
