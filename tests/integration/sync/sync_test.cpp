// The kiosk's outbox delivered to the real madoguchi-server over mTLS, many rows per request.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "kiosk/outbox.hpp"
#include "kiosk/server_client.hpp"
#include "tests/server/support.hpp"

using namespace madoguchi;
using madoguchi::server::test::Backend;
using madoguchi::server::test::ServerProcess;
using madoguchi::server::test::TempDir;

namespace {

std::span<const std::uint8_t> bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

TerminalKey key() {
    TerminalKey k{};
    k.fill(42);
    return k;
}

// A kiosk terminal of site chuo with its own certificate from the server's city CA.
ServerEndpoint kiosk_endpoint(ServerProcess& server, const std::string& name) {
    REQUIRE(server::test::run_server_binary("pki issue-terminal --dir " + server.pki_dir().string() +
                                            " --role kiosk --site chuo --name " + name) == 0);
    return ServerEndpoint{"https://127.0.0.1:" + std::to_string(server.port()), server.pki_dir() / "ca.crt",
                          server.pki_dir() / "terminals" / (name + ".crt"),
                          server.pki_dir() / "terminals" / (name + ".key")};
}

std::size_t waiting_tickets(ServerProcess& server) {
    auto display = server.client("display", "chuo", "display-1", false);
    const auto reply = display->Get("/api/v1/sites/chuo/queue");
    REQUIRE(reply);
    REQUIRE(reply->status == 200);
    return nlohmann::json::parse(reply->body)["waiting"].size();
}

const auto now = std::chrono::system_clock::now();
constexpr std::string_view k_ticket = R"({"service": "certificates"})";

}  // namespace

TEST_CASE("a ticket request in the outbox reaches the server once and leaves the outbox") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    auto outbox = Outbox::open(dir.path() / "outbox.db", key());
    REQUIRE(outbox.has_value());
    auto client = ServerClient::create(kiosk_endpoint(server, "kiosk-1"));
    REQUIRE(client.has_value());

    REQUIRE(outbox->enqueue("POST", "/api/v1/sites/chuo/tickets", bytes(k_ticket), now).has_value());
    const DeliveryReport report = deliver_due(*outbox, *client, now);
    CHECK(report.delivered == 1);
    CHECK(report.server_reachable);
    CHECK(*outbox->pending() == 0);
    CHECK(waiting_tickets(server) == 1);
}

TEST_CASE("sent twice because the acknowledgement was lost: still one ticket") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    auto outbox = Outbox::open(dir.path() / "outbox.db", key());
    auto client = ServerClient::create(kiosk_endpoint(server, "kiosk-1"));
    REQUIRE(outbox->enqueue("POST", "/api/v1/sites/chuo/tickets", bytes(k_ticket), now).has_value());
    {
        // The first send got through, then the kiosk lost power before it could acknowledge.
        const auto item = outbox->next_due(now);
        REQUIRE(client->send((*item)->method, (*item)->path, (*item)->body, (*item)->idempotency_key).has_value());
    }
    CHECK(deliver_due(*outbox, *client, now).delivered == 1);
    CHECK(waiting_tickets(server) == 1);
}

TEST_CASE("server away: nothing is lost, the item waits its backoff and goes when the server is back") {
    TempDir dir;
    auto outbox = Outbox::open(dir.path() / "outbox.db", key());
    REQUIRE(outbox->enqueue("POST", "/api/v1/sites/chuo/tickets", bytes(k_ticket), now).has_value());
    {
        std::optional<ServerProcess> gone;
        gone.emplace(Backend::sqlite);
        const ServerEndpoint issued = kiosk_endpoint(*gone, "kiosk-1");
        // The certificates outlive the server's directory, as they do on a real kiosk.
        const auto keep = [&](const std::filesystem::path& file) {
            std::filesystem::copy_file(file, dir.path() / file.filename());
            return dir.path() / file.filename();
        };
        const ServerEndpoint endpoint{issued.url, keep(issued.ca_certificate), keep(issued.certificate),
                                      keep(issued.key)};
        auto client = ServerClient::create(endpoint);
        REQUIRE(client.has_value());
        gone.reset();  // the server stops: nothing listens on its port any more
        const DeliveryReport report = deliver_due(*outbox, *client, now);
        CHECK_FALSE(report.server_reachable);
        CHECK(report.delivered == 0);
    }
    CHECK(*outbox->pending() == 1);
    const auto next = **outbox->next_attempt();
    CHECK(next > now);

    ServerProcess back(Backend::sqlite);
    auto client = ServerClient::create(kiosk_endpoint(back, "kiosk-1"));
    CHECK(deliver_due(*outbox, *client, now).delivered == 0);  // not due yet
    CHECK(deliver_due(*outbox, *client, next).delivered == 1);
    CHECK(waiting_tickets(back) == 1);
}

TEST_CASE("rows made while the first one waits for its retry follow it, in order, across a restart") {
    TempDir dir;
    const auto t0 = std::chrono::system_clock::now();
    const std::string services[] = {"tax", "moving", "certificates"};
    const auto ticket_for = [](const std::string& service) { return R"({"service": ")" + service + "\"}"; };
    {
        auto outbox = Outbox::open(dir.path() / "outbox.db", key());
        REQUIRE(outbox->enqueue("POST", "/api/v1/sites/chuo/tickets", bytes(ticket_for(services[0])), t0).has_value());
        std::optional<ServerProcess> gone;
        gone.emplace(Backend::sqlite);
        const ServerEndpoint issued = kiosk_endpoint(*gone, "kiosk-1");
        const auto keep = [&](const std::filesystem::path& file) {
            std::filesystem::copy_file(file, dir.path() / file.filename());
            return dir.path() / file.filename();
        };
        const ServerEndpoint endpoint{issued.url, keep(issued.ca_certificate), keep(issued.certificate),
                                      keep(issued.key)};
        auto client = ServerClient::create(endpoint);
        REQUIRE(client.has_value());
        gone.reset();
        CHECK_FALSE(deliver_due(*outbox, *client, t0).server_reachable);
        // Made after the first failed, due at once by their own times.
        for (const std::string& service : {services[1], services[2]}) {
            REQUIRE(outbox->enqueue("POST", "/api/v1/sites/chuo/tickets", bytes(ticket_for(service)), t0).has_value());
        }
    }
    auto outbox = Outbox::open(dir.path() / "outbox.db", key());  // the kiosk restarted
    CHECK(*outbox->pending() == 3);
    const auto retry_at = **outbox->next_attempt();
    CHECK(retry_at > t0);

    ServerProcess back(Backend::sqlite);
    auto client = ServerClient::create(kiosk_endpoint(back, "kiosk-1"));
    const DeliveryReport early = deliver_due(*outbox, *client, t0);
    CHECK(early.delivered == 0);  // the newer rows do not overtake the one waiting
    CHECK(waiting_tickets(back) == 0);
    const DeliveryReport report = deliver_due(*outbox, *client, retry_at);
    CHECK(report.delivered == 3);
    CHECK(report.rejected == 0);
    CHECK(*outbox->pending() == 0);
    auto display = back.client("display", "chuo", "display-1", false);
    const auto queue = nlohmann::json::parse(display->Get("/api/v1/sites/chuo/queue")->body)["waiting"];
    REQUIRE(queue.size() == 3);
    std::map<std::string, std::int64_t> issued_at;
    for (const auto& ticket : queue) {
        issued_at[ticket["service"].get<std::string>()] = ticket["issued_at_ms"].get<std::int64_t>();
    }
    CHECK(issued_at.at(services[0]) <= issued_at.at(services[1]));
    CHECK(issued_at.at(services[1]) <= issued_at.at(services[2]));
}

TEST_CASE("a request the server refuses is set aside for staff and does not hold up the rest") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    auto outbox = Outbox::open(dir.path() / "outbox.db", key());
    auto client = ServerClient::create(kiosk_endpoint(server, "kiosk-1"));
    REQUIRE(outbox->enqueue("POST", "/api/v1/sites/chuo/tickets", bytes(R"({"service": "no-such-service"})"), now)
                .has_value());
    REQUIRE(outbox->enqueue("POST", "/api/v1/sites/chuo/tickets", bytes(k_ticket), now).has_value());
    const DeliveryReport report = deliver_due(*outbox, *client, now);
    CHECK(report.rejected == 1);
    CHECK(report.delivered == 1);
    CHECK(*outbox->pending() == 0);
    CHECK(*outbox->set_aside_count() == 1);
}

TEST_CASE("a server whose certificate is not from the city CA is not talked to") {
    ServerProcess server(Backend::sqlite);
    ServerProcess impostor(Backend::sqlite);
    TempDir dir;
    auto endpoint = kiosk_endpoint(server, "kiosk-1");
    endpoint.url = "https://127.0.0.1:" + std::to_string(impostor.port());
    auto outbox = Outbox::open(dir.path() / "outbox.db", key());
    auto client = ServerClient::create(endpoint);
    REQUIRE(outbox->enqueue("POST", "/api/v1/sites/chuo/tickets", bytes(k_ticket), now).has_value());
    CHECK_FALSE(deliver_due(*outbox, *client, now).server_reachable);
    CHECK(*outbox->pending() == 1);
    CHECK(waiting_tickets(impostor) == 0);
}

TEST_CASE("an unusable endpoint is a clear configuration error") {
    CHECK(ServerClient::create({"http://127.0.0.1:1", "/a", "/b", "/c"}).error().code == SyncError::bad_endpoint);
    CHECK(ServerClient::create({"https://127.0.0.1:99999", "/a", "/b", "/c"}).error().code == SyncError::bad_endpoint);
    CHECK(ServerClient::create({"https://127.0.0.1:8443", "/nonexistent/ca.crt", "/b", "/c"}).error().message.find(
              "/nonexistent/ca.crt") != std::string::npos);
}

TEST_CASE("more rows than one batch all go, and a batch sent but not acknowledged is not done twice") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    auto outbox = Outbox::open(dir.path() / "outbox.db", key());
    auto client = ServerClient::create(kiosk_endpoint(server, "kiosk-1"));
    REQUIRE(client.has_value());
    constexpr int k_rows = 150;
    for (int i = 0; i < k_rows; ++i) {
        REQUIRE(outbox->enqueue("POST", "/api/v1/sites/chuo/tickets", bytes(k_ticket), now).has_value());
    }
    {
        // The kiosk sent a whole batch, then lost power before the batch's rows were deleted.
        auto sent = outbox->due(now, 64);
        REQUIRE(sent.has_value());
        REQUIRE(sent->size() == 64);
        std::vector<BatchRequest> requests;
        for (const OutboxItem& item : *sent) {
            requests.push_back(BatchRequest{item.method, item.path, item.body, item.idempotency_key});
        }
        const auto replies = client->send_batch(requests);
        REQUIRE(replies.has_value());
        REQUIRE(replies->size() == 64);
        CHECK(std::ranges::all_of(*replies, [](const auto& reply) { return reply.has_value(); }));
    }
    const DeliveryReport report = deliver_due(*outbox, *client, now);
    CHECK(report.delivered == k_rows);
    CHECK(*outbox->pending() == 0);
    CHECK(*outbox->set_aside_count() == 0);
    CHECK(waiting_tickets(server) == k_rows);
}

TEST_CASE("a kiosk killed again and again while it drains: every row reaches the server exactly once") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    const ServerEndpoint endpoint = kiosk_endpoint(server, "kiosk-1");
    constexpr int k_rows = 1500;
    {
        auto outbox = Outbox::open(dir.path() / "outbox.db", key());
        REQUIRE(outbox.has_value());
        for (int i = 0; i < k_rows; ++i) {
            REQUIRE(outbox->enqueue("POST", "/api/v1/sites/chuo/tickets", bytes(k_ticket), now).has_value());
        }
    }
    // Each round a fresh kiosk process drains and is killed (SIGKILL: no destructor, no close)
    // a little later than the last, until one finishes: kills land before, during and after a
    // batch's commit on the server and before its rows are deleted here.
    int kills = 0;
    for (int round = 0; round < 200; ++round) {
        const pid_t kiosk = ::fork();
        REQUIRE(kiosk >= 0);
        if (kiosk == 0) {
            auto outbox = Outbox::open(dir.path() / "outbox.db", key());
            auto client = ServerClient::create(endpoint);
            const bool drained = outbox && client && deliver_due(*outbox, *client, now).server_reachable &&
                                 outbox->pending().value_or(1) == 0;
            ::_exit(drained ? 0 : 1);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20 + 7 * round));
        ::kill(kiosk, SIGKILL);
        int status = 0;
        REQUIRE(::waitpid(kiosk, &status, 0) == kiosk);
        if (WIFEXITED(status)) {
            REQUIRE(WEXITSTATUS(status) == 0);
            break;
        }
        ++kills;
    }
    INFO("kills: " << kills);
    CHECK(kills > 0);
    auto outbox = Outbox::open(dir.path() / "outbox.db", key());
    REQUIRE(outbox.has_value());
    CHECK(*outbox->pending() == 0);
    CHECK(*outbox->set_aside_count() == 0);
    CHECK(waiting_tickets(server) == k_rows);
}

TEST_CASE("a batch the server will not take (too large for its limits) goes one row at a time") {
    ServerProcess server(Backend::sqlite);  // its test configuration: max_body_bytes = 4096
    TempDir dir;
    auto outbox = Outbox::open(dir.path() / "outbox.db", key());
    auto client = ServerClient::create(kiosk_endpoint(server, "kiosk-1"));
    REQUIRE(client.has_value());
    // Each row within the limit, 64 of them beyond the batch's 16 × 4096 bytes.
    const std::string large = R"({"service": "certificates", "padding": ")" + std::string(1500, 'x') + "\"}";
    constexpr int k_rows = 100;
    for (int i = 0; i < k_rows; ++i) {
        REQUIRE(outbox->enqueue("POST", "/api/v1/sites/chuo/tickets", bytes(large), now).has_value());
    }
    const DeliveryReport report = deliver_due(*outbox, *client, now);
    CHECK(report.delivered == k_rows);
    CHECK(report.rejected == 0);
    CHECK(*outbox->pending() == 0);
    CHECK(waiting_tickets(server) == k_rows);
}
