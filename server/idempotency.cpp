#include "idempotency.hpp"

namespace madoguchi::server {

namespace {

// Returns the key when this transaction claimed it, no row when it was there before.
constexpr std::string_view k_claim =
    "INSERT INTO idempotency (key, request_hash, status, body, created_at) VALUES (?, ?, NULL, NULL, ?) "
    "ON CONFLICT (key) DO NOTHING RETURNING key";

}  // namespace

Stored<LaterRows> claim_key_later(Statements& statements, const KeyClaim& claim, TimePoint now) {
    return statements.query_later(k_claim, {claim.key, claim.request_hash, to_millis(now)});
}

Stored<std::optional<StoredResponse>> claim_key(Statements& statements, const KeyClaim& claim, TimePoint now) {
    auto inserted = statements.query(k_claim, {claim.key, claim.request_hash, to_millis(now)});
    if (!inserted) {
        return std::unexpected(inserted.error());
    }
    if (!inserted->empty()) {
        return std::nullopt;
    }
    // A key is only ever committed with its answer: the row found here was answered.
    auto rows = statements.query("SELECT request_hash, status, body FROM idempotency WHERE key = ?", {claim.key});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    if (rows->empty() || !rows->front().at(1)) {
        return fail(StorageError::failed, "an idempotency key is stored without its answer");
    }
    const SqlRow& row = rows->front();
    if (row.at(0).value_or("") != claim.request_hash) {
        return fail(StorageError::mismatch, "the idempotency key was used with another request");
    }
    return StoredResponse{static_cast<int>(as_int(row.at(1))), row.at(2).value_or("")};
}

Stored<void> store_response(Statements& statements, const std::string& key, const StoredResponse& response) {
    return statements.execute("UPDATE idempotency SET status = ?, body = ? WHERE key = ?",
                              {std::int64_t{response.status}, response.body, key});
}

}  // namespace madoguchi::server
