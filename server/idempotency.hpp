#pragma once
// Idempotency keys: a terminal that sends a write again after its answer was lost (a timeout, a
// dropped connection) gets the first answer again instead of a second ticket. The key is claimed
// in the same transaction as the write and its answer stored there too, so the three stand or
// fall together: a failed write leaves its key free for the retry, and no key is ever left
// claimed without an answer by a server that died.
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "server/database.hpp"
#include "server/sql_helpers.hpp"
#include "server/ticket.hpp"

namespace madoguchi::server {

struct StoredResponse {
    int status = 0;
    std::string body;
};

// An idempotency key, scoped to the terminal that sent it, and a hash of the request it came with.
struct KeyClaim {
    std::string key;
    std::string request_hash;
};

// What a write under an idempotency key came to: its own result, or the answer stored when the
// key was first used, to be sent again unchanged.
template <typename T>
using Keyed = std::variant<T, StoredResponse>;

// Claims the key in `statements`' transaction: nothing when it is new, the stored answer when the
// same request was answered before; mismatch when the key came with another request. A claim
// made by another server's open transaction is waited for, and then read as answered.
Stored<std::optional<StoredResponse>> claim_key(Statements& statements, const KeyClaim& claim, TimePoint now);

// Records the answer to a key claimed in the same transaction.
Stored<void> store_response(Statements& statements, const std::string& key, const StoredResponse& response);

// The claim of claim_key, sent with the statement after it (Statements::query_later): its rows
// hold the key when this transaction claimed it, and none when the key was used before.
Stored<LaterRows> claim_key_later(Statements& statements, const KeyClaim& claim, TimePoint now);

namespace detail {

// `work`'s result with its answer stored under the claimed key, or its error.
template <typename T, typename Respond>
Stored<Keyed<T>> with_stored_answer(Statements& statements, const KeyClaim& claim, Stored<T> done, Respond& respond) {
    if (!done) {
        return std::unexpected(done.error());
    }
    if (auto saved = store_response(statements, claim.key, respond(*done)); !saved) {
        return std::unexpected(saved.error());
    }
    return Keyed<T>(std::move(*done));
}

// claim_key, then `work` and its answer, each waiting for the one before.
template <typename T, typename Work, typename Respond>
Stored<Keyed<T>> claim_then_work(Statements& statements, const KeyClaim& claim, TimePoint now, Work& work,
                                 Respond& respond) {
    auto answered = claim_key(statements, claim, now);
    if (!answered) {
        return std::unexpected(answered.error());
    }
    if (*answered) {
        return Keyed<T>(std::move(**answered));
    }
    return with_stored_answer<T>(statements, claim, work(statements), respond);
}

}  // namespace detail

// Runs `work` (Statements& → Stored<T>) under `claim`'s key, in one transaction with the claim and
// with the answer `respond` (const T& → StoredResponse) builds: a key answered before gives that
// answer, and nothing of `work` stays.
//
// Nearly every key is new, so the claim is sent with `work`'s first statement rather than waited
// for on its own. When it turns out the key was used before, `work` is undone and the answer read
// in a transaction of its own.
template <typename T, typename Work, typename Respond>
Stored<Keyed<T>> keyed_transaction(Database& database, const KeyClaim& claim, TimePoint now, Work&& work,
                                   Respond&& respond) {
    bool used_before = false;
    auto optimistic = in_transaction<Keyed<T>>(database, [&](Statements& statements) -> Stored<Keyed<T>> {
        auto claimed = claim_key_later(statements, claim, now);
        if (!claimed) {
            return std::unexpected(claimed.error());
        }
        Stored<T> done = work(statements);
        if (!**claimed) {
            // `work` failed before it read anything, or read nothing: the claim's answer now.
            if (!done) {
                return std::unexpected(done.error());
            }
            if (auto read = statements.query("SELECT 1"); !read) {
                return std::unexpected(read.error());
            }
        }
        if ((**claimed)->empty()) {
            // Failing undoes `work`; the answer of the first use is read below.
            used_before = true;
            return fail(StorageError::busy, "the idempotency key was used before");
        }
        return detail::with_stored_answer<T>(statements, claim, std::move(done), respond);
    });
    if (!used_before) {
        return optimistic;
    }
    return in_transaction<Keyed<T>>(database, [&](Statements& statements) {
        return detail::claim_then_work<T>(statements, claim, now, work, respond);
    });
}

}  // namespace madoguchi::server
