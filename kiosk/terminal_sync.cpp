#include "terminal_sync.hpp"

#include <openssl/rand.h>

#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "application_payload.hpp"
#include "block_key.hpp"
#include "log.hpp"
#include "number_blocks.hpp"
#include "outbox.hpp"

namespace madoguchi {
namespace {

std::span<const std::uint8_t> bytes_of(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::string fresh_idempotency_key() {
    std::array<std::uint8_t, 16> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
        throw std::runtime_error("the system's random generator failed");
    }
    return base64url_encode(random);
}

// One lease. A lease whose answer is lost leaves its numbers unused on the server: a gap in the
// day's numbering, never a number given twice.
Result<void, SyncError> lease_one(NumberBlocks& blocks, ServerClient& client, const BlockPlan& plan,
                                  const std::string& service) {
    auto key = make_block_key();
    if (!key) {
        throw std::runtime_error("OpenSSL could not make an Ed25519 key");
    }
    const std::string public_key = base64url_encode(bytes_of(key->public_key));
    const std::string body =
        nlohmann::json{{"service", service}, {"size", plan.block_size}, {"public_key", public_key}}.dump();
    auto reply = client.send("POST", "/api/v1/sites/" + plan.site + "/blocks", bytes_of(body), fresh_idempotency_key());
    if (!reply) {
        log::warn("number_block_lease_failed", {{"service", service}, {"detail", reply.error().message}});
        return std::unexpected(reply.error());
    }
    auto block = parse_lease(reply->body, plan.site, service, public_key);
    if (!block) {
        log::error("number_block_lease_unusable", {{"service", service}, {"detail", block.error().message}});
        return fail(SyncError::rejected, block.error().message);
    }
    if (auto added = blocks.add(*block, key->private_key); !added) {
        log::error("number_block_unsaved", {{"service", service}, {"detail", added.error().message}});
        return fail(SyncError::rejected, added.error().message);
    }
    log::info("number_block_leased", {{"service", service},
                                      {"block", block->id},
                                      {"first", std::to_string(block->first)},
                                      {"last", std::to_string(block->last)}});
    return {};
}

}  // namespace

SyncState SyncStatus::get() const {
    const std::lock_guard lock(m_mutex);
    return m_state;
}

void SyncStatus::set_online(bool online) {
    const std::lock_guard lock(m_mutex);
    m_state.online = online;
}

void SyncStatus::set_queued(std::size_t queued) {
    const std::lock_guard lock(m_mutex);
    m_state.queued = queued;
}

Result<std::size_t, SyncError> lease_blocks(NumberBlocks& blocks, ServerClient& client, const BlockPlan& plan,
                                            std::chrono::system_clock::time_point now) {
    if (plan.block_size <= 0) {
        return 0;
    }
    const std::string today = tokyo_day(now);
    if (auto dropped = blocks.drop_unusable(today); !dropped) {
        log::error("number_blocks_unreadable", {{"detail", dropped.error().message}});
        return 0;
    }
    auto held = blocks.list();
    if (!held) {
        log::error("number_blocks_unreadable", {{"detail", held.error().message}});
        return 0;
    }
    std::size_t leased = 0;
    for (const std::string& service : plan.services) {
        if (!needs_lease(*held, service, today, plan.block_size)) {
            continue;
        }
        auto done = lease_one(blocks, client, plan, service);
        if (!done) {
            // A refusal concerns this service alone; no answer concerns them all.
            if (done.error().code == SyncError::unreachable || done.error().code == SyncError::busy) {
                return std::unexpected(done.error());
            }
            continue;
        }
        ++leased;
    }
    return leased;
}

SyncRound sync_round(Outbox& outbox, NumberBlocks* blocks, ServerClient& client, const BlockPlan& plan,
                     std::chrono::system_clock::time_point now, Backlog backlog) {
    SyncRound round;
    if (backlog == Backlog::now) {
        if (auto due = outbox.make_due_now(now); !due) {
            log::error("outbox_unreadable", {{"detail", due.error().message}});
        }
    }
    const bool had_due = [&] {
        const auto next = outbox.next_attempt();
        return next && *next && **next <= now;
    }();
    const DeliveryReport report = deliver_due(outbox, client, now);
    round.delivered = report.delivered;
    round.set_aside = report.rejected;
    if (had_due) {
        round.server_reachable = report.server_reachable;
    }
    if (blocks != nullptr && round.server_reachable.value_or(true)) {
        auto leased = lease_blocks(*blocks, client, plan, now);
        if (leased) {
            round.leased = *leased;
            if (*leased > 0) {
                round.server_reachable = true;
            }
        } else {
            round.server_reachable = leased.error().code != SyncError::unreachable;
        }
    }
    if (auto queued = outbox.pending()) {
        round.queued = *queued;
    }
    return round;
}

}  // namespace madoguchi
