#pragma once
// What a kiosk does with the server between tickets: send what the outbox holds (withdrawals,
// applications, tickets issued offline), then lease number blocks for the services running low,
// so that it can go on issuing if the server goes away. The ticket worker runs a round when it
// is idle; `madoguchi ticket sync` runs one by hand.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "error.hpp"
#include "server_client.hpp"

namespace madoguchi {

class NumberBlocks;
class Outbox;

// What staff see of the kiosk's link to the server: online, or offline with so many requests
// (offline tickets among them) waiting to reach it.
struct SyncState {
    bool online = true;
    std::size_t queued = 0;
};

// The state shared between the ticket worker, which updates it, and whoever reports it.
class SyncStatus {
public:
    SyncState get() const;
    void set_online(bool online);
    void set_queued(std::size_t queued);

private:
    mutable std::mutex m_mutex;
    SyncState m_state;
};

struct BlockPlan {
    std::string site;
    std::vector<std::string> services;  // the site's, each gets its own blocks
    std::int64_t block_size = 0;        // 0: no offline issuing, nothing is leased
};

struct SyncRound {
    std::optional<bool> server_reachable;  // none when the server was not asked anything
    std::size_t delivered = 0;
    std::size_t set_aside = 0;
    std::size_t leased = 0;
    std::optional<std::size_t> queued;  // none when the outbox could not be counted
};

// Leases a block for each service that needs one (number_block's needs_lease) after dropping
// the unusable ones. Stops at the first request the server does not answer.
Result<std::size_t, SyncError> lease_blocks(NumberBlocks& blocks, ServerClient& client, const BlockPlan& plan,
                                            std::chrono::system_clock::time_point now);

enum class Backlog {
    when_due,  // each row after its own backoff
    now,       // every row now: the server just came back, or staff asked
};

// Delivers the outbox, then leases blocks when the server answered (`blocks` may be null).
SyncRound sync_round(Outbox& outbox, NumberBlocks* blocks, ServerClient& client, const BlockPlan& plan,
                     std::chrono::system_clock::time_point now, Backlog backlog = Backlog::when_due);

}  // namespace madoguchi
