#pragma once
// The kiosk's leased number blocks, kept in the outbox's database file (SQLite, WAL,
// synchronous=FULL) with each block's private key sealed by the terminal key as the outbox
// seals its rows. Issuing from a block takes the number and queues the ticket's reconcile
// request in ONE transaction, before anything is printed: a kill -9 or a power cut at any point
// neither loses a printed number nor hands the same number out twice.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/card/secure_bytes.hpp"
#include "error.hpp"
#include "number_block.hpp"
#include "outbox.hpp"
#include "ticket.hpp"

namespace madoguchi {

enum class BlockError {
    storage,   // the database cannot be read or written
    no_block,  // no usable block for the service: none leased, spent, of another day or broken
};

struct OfflineIssue {
    IssuedTicket ticket;
    std::int64_t outbox_row = 0;  // its reconcile request, replaced if the print fails
    OutboxRequest reconcile;
};

class NumberBlocks {
public:
    using TimePoint = std::chrono::system_clock::time_point;

    // `outbox` must outlive the store: the blocks live in its file and commit with its rows.
    static Result<NumberBlocks, BlockError> open(Outbox& outbox, const TerminalKey& key);
    NumberBlocks(NumberBlocks&&) noexcept;
    NumberBlocks& operator=(NumberBlocks&&) noexcept;
    ~NumberBlocks();

    Result<void, BlockError> add(const NumberBlock& block, const card::SecureBytes& private_key);
    // The blocks whose key still opens, oldest lease first.
    Result<std::vector<NumberBlock>, BlockError> list();
    // Forgets the blocks of other days and the ones whose key no longer opens (altered, or sealed
    // under another terminal key): none of their numbers can be issued any more. Their tickets
    // already issued wait in the outbox on their own.
    Result<void, BlockError> drop_unusable(std::string_view today);
    // Takes the service's next number, signs the ticket with its block's key and queues the
    // reconcile request, all in one transaction. A block whose key does not open is marked
    // broken and the next one is tried.
    // `assisted` travels in the reconcile request beside the signed text, which has no room for it.
    Result<OfflineIssue, BlockError> issue(std::string_view service, bool priority, bool assisted, TimePoint now);
    // The print failed: the number is used, so the server must hear of it, but as a ticket that
    // was never printed (cancelled there, never in the queue), or the block shows a gap. The
    // reconcile request is replaced by that one in one transaction; if it was sent already, the
    // second one cancels it on the server.
    Result<void, BlockError> report_unprinted(const OfflineIssue& issued, TimePoint now);

private:
    struct State;
    explicit NumberBlocks(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

}  // namespace madoguchi
