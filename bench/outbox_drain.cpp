// Issue 5's outbox figure, with its baselines from the same run:
//   outbox_drain [--items N] [--postgresql URL]
// Starts the real server (SQLite, or PostgreSQL at URL: an empty database, for its tickets are
// counted afterwards) with 3·N waiting tickets written into its database (unmeasured). Then, each on its own N
// tickets, one request per ticket (POST /api/v1/tickets/{id}/cancel, the withdrawal a kiosk
// queues when a print fails):
//   one connection (baseline)  N requests one after the other on one keep-alive connection
//   ServerClient (baseline)    the same through the kiosk's ServerClient, without the outbox
//   outbox drain               N rows queued in the kiosk's outbox (sealed, synchronous=FULL),
//                              then deliver_due() until it is empty, as the ticket worker does:
//                              64 rows per POST /api/v1/batch, one commit per batch on each side
// items/s for each (target: the drain ≥ 1 000 items/s after 10 000 queued). Nothing may be lost:
// the outbox must end empty with nothing set aside, and every ticket must be cancelled on the
// server; otherwise the exit status is 1, so a short run is a smoke test.
#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench_server.hpp"
#include "kiosk/log.hpp"
#include "kiosk/outbox.hpp"
#include "kiosk/server_client.hpp"
#include "server/database.hpp"
#include "server/ticket.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Today's waiting tickets written straight into the server's database (setup, not measured):
// issuing tens of thousands through the API would take longer than the measurement itself.
std::vector<std::string> add_waiting_tickets(const std::string& storage_url, int count) {
    auto database = madoguchi::server::open_database(storage_url);
    if (!database) {
        throw std::runtime_error(database.error().message);
    }
    const std::string day = madoguchi::server::tokyo_day(std::chrono::system_clock::now());
    const std::int64_t now_ms = madoguchi::server::to_millis(std::chrono::system_clock::now());
    auto added = (*database)->transaction([&](madoguchi::server::Statements& statements) -> madoguchi::server::Stored<void> {
        auto inserted = statements.query(
            "WITH RECURSIVE n(i) AS (SELECT CAST(? AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?) "
            "INSERT INTO tickets (id, site, service, day, sequence, number, priority, state, counter, issued_at, "
            "updated_at) SELECT 'drain-' || i, 'chuo', 'certificates', ?, 100000 + i, 'D-' || i, 0, 'waiting', NULL, "
            "?, ? FROM n",
            {std::int64_t{0}, std::int64_t{count}, day, now_ms, now_ms});
        if (!inserted) {
            return std::unexpected(inserted.error());
        }
        return {};
    });
    if (!added) {
        throw std::runtime_error(added.error().message);
    }
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
        ids.push_back("drain-" + std::to_string(i));
    }
    return ids;
}

std::string cancel_path(const std::string& id) { return "/api/v1/tickets/" + id + "/cancel"; }

std::span<const std::uint8_t> empty_object() {
    static constexpr std::uint8_t k_body[] = {'{', '}'};
    return k_body;
}

int measure(int items, const std::string& postgresql_url, const fs::path& dir) {
    const std::string storage_url =
        postgresql_url.empty() ? "sqlite:" + (dir / "server" / "server.db").string() : postgresql_url;
    const madoguchi::bench::Server server(dir / "server", storage_url, 32, {{"kiosk", "bench-kiosk"}});
    const std::vector<std::string> tickets = add_waiting_tickets(storage_url, 3 * items);
    const auto batch = [&tickets, items](int which) {
        return std::vector<std::string>(tickets.begin() + which * items, tickets.begin() + (which + 1) * items);
    };

    auto connection = server.client("bench-kiosk");
    auto start = Clock::now();
    for (const std::string& id : batch(0)) {
        const auto reply = connection->Post(cancel_path(id), "{}", "application/json");
        if (!reply || reply->status != 200) {
            throw std::runtime_error("a plain cancel failed");
        }
    }
    const double plain_seconds = seconds_since(start);

    const madoguchi::ServerEndpoint endpoint{"https://127.0.0.1:" + std::to_string(server.port()),
                                             server.ca_certificate(), server.certificate("bench-kiosk"),
                                             server.key("bench-kiosk")};
    auto client = madoguchi::ServerClient::create(endpoint);
    if (!client) {
        throw std::runtime_error(client.error().message);
    }
    start = Clock::now();
    for (const std::string& id : batch(1)) {
        if (!client->send("POST", cancel_path(id), empty_object(), "")) {
            throw std::runtime_error("a ServerClient cancel failed");
        }
    }
    const double client_seconds = seconds_since(start);

    const fs::path key_path = dir / "terminal.key";
    std::ofstream(key_path, std::ios::binary) << std::string(32, '\x5a');
    fs::permissions(key_path, fs::perms::owner_read | fs::perms::owner_write);
    auto key = madoguchi::load_terminal_key(key_path);
    auto outbox = key ? madoguchi::Outbox::open(dir / "outbox.db", *key)
                      : madoguchi::OutboxResult<madoguchi::Outbox>(std::unexpected(key.error()));
    if (!outbox) {
        throw std::runtime_error(outbox.error().message);
    }
    start = Clock::now();
    for (const std::string& id : batch(2)) {
        if (!outbox->enqueue("POST", cancel_path(id), empty_object(), std::chrono::system_clock::now())) {
            throw std::runtime_error("enqueue failed");
        }
    }
    const double enqueue_seconds = seconds_since(start);
    start = Clock::now();
    std::size_t delivered = 0;
    while (*outbox->pending() > 0) {
        const madoguchi::DeliveryReport report = madoguchi::deliver_due(*outbox, *client, std::chrono::system_clock::now());
        delivered += report.delivered;
        if (report.delivered == 0) {
            throw std::runtime_error("the drain stalled with rows left");
        }
    }
    const double drain_seconds = seconds_since(start);

    const auto queue = server.client("bench-kiosk")->Get("/api/v1/sites/chuo/queue");
    if (!queue || queue->status != 200) {
        throw std::runtime_error("cannot read the queue: " +
                                 (queue ? std::to_string(queue->status) + " " + queue->body : httplib::to_string(queue.error())));
    }
    const std::size_t not_cancelled = nlohmann::json::parse(queue->body)["waiting"].size();
    const std::size_t set_aside = outbox->set_aside_count().value_or(1);

    const double n = items;
    if (postgresql_url.empty()) {
        std::printf("%d items each, loopback mutual TLS, SQLite (synchronous=FULL on both sides)\n", items);
    } else {
        std::printf("%d items each, loopback mutual TLS, PostgreSQL on the server, the outbox synchronous=FULL\n",
                    items);
    }
    std::printf("%-30s %10s %12s\n", "measure", "seconds", "items/s");
    std::printf("%-30s %10.2f %12.0f\n", "one connection (baseline)", plain_seconds, n / plain_seconds);
    std::printf("%-30s %10.2f %12.0f\n", "ServerClient (baseline)", client_seconds, n / client_seconds);
    std::printf("%-30s %10.2f %12.0f\n", "outbox enqueue", enqueue_seconds, n / enqueue_seconds);
    std::printf("%-30s %10.2f %12.0f\n", "outbox drain", drain_seconds, n / drain_seconds);
    std::printf("delivered %zu, set aside %zu, tickets still waiting on the server %zu\n", delivered, set_aside,
                not_cancelled);
    return delivered == tickets.size() / 3 && set_aside == 0 && not_cancelled == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    int items = 10000;
    std::string postgresql_url;
    const auto usage = [] {
        std::fprintf(stderr, "usage: outbox_drain [--items N] [--postgresql URL]\n");
        return 2;
    };
    for (int i = 1; i < argc; i += 2) {
        const std::string flag = argv[i];
        if ((flag != "--items" && flag != "--postgresql") || i + 1 >= argc) {
            return usage();
        }
        if (flag == "--items") {
            items = std::max(1, std::atoi(argv[i + 1]));
        } else {
            postgresql_url = argv[i + 1];
        }
    }
    signal(SIGPIPE, SIG_IGN);
    madoguchi::log::set_min_level(madoguchi::log::Level::error);
    return madoguchi::bench::in_scratch_directory("outbox_drain", [items, &postgresql_url](const fs::path& dir) {
        return measure(items, postgresql_url, dir);
    });
}
