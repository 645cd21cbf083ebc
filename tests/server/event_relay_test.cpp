// The relay between instances that share a PostgreSQL database, in process: two relays, each
// with its own hub, on one test database.
#include <doctest/doctest.h>
#include <libpq-fe.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server/event_hub.hpp"
#include "server/event_relay.hpp"
#include "support.hpp"

using namespace madoguchi::server;
using namespace madoguchi::server::test;
using namespace std::chrono_literals;

namespace {

// Waits until `hub` holds `count` messages for `site`, or 10 s have passed.
std::vector<HubMessage> collect(EventHub& hub, const std::string& site, std::size_t count) {
    std::vector<HubMessage> messages;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (messages.size() < count && std::chrono::steady_clock::now() < deadline) {
        const std::uint64_t after = messages.empty() ? 0 : messages.back().id;
        for (HubMessage& message : hub.wait(site, after, 100ms)) {
            messages.push_back(std::move(message));
        }
    }
    return messages;
}

std::unique_ptr<PgEventRelay> started_relay(const std::string& url, EventHub& hub) {
    auto relay = PgEventRelay::start(url, hub);
    REQUIRE_MESSAGE(relay.has_value(), (relay ? "" : relay.error().message));
    return std::move(*relay);
}

// Two instances on one new database: "here" publishes, "there" receives.
struct TwoInstances {
    TempDir dir;
    std::string url = fresh_storage_url(Backend::postgresql, dir);
    EventHub here;
    EventHub there;
    std::unique_ptr<PgEventRelay> relay_there = started_relay(url, there);
    std::unique_ptr<PgEventRelay> relay_here = started_relay(url, here);
};

// What an instance from before batched notifications, or something else on the channel, sends.
void notify_raw(const std::string& url, const std::string& payload) {
    const std::unique_ptr<PGconn, decltype(&PQfinish)> connection(PQconnectdb(url.c_str()), PQfinish);
    REQUIRE(PQstatus(connection.get()) == CONNECTION_OK);
    const char* values[] = {"madoguchi_events", payload.c_str()};
    PGresult* result =
        PQexecParams(connection.get(), "SELECT pg_notify($1, $2)", 2, nullptr, values, nullptr, nullptr, 0);
    const bool sent = PQresultStatus(result) == PGRES_TUPLES_OK;
    PQclear(result);
    REQUIRE_MESSAGE(sent, PQerrorMessage(connection.get()));
}

}  // namespace

TEST_CASE("a burst of changes reaches the other instance whole and in order, and never comes back") {
    TwoInstances instances;
    EventHub& here = instances.here;
    EventHub& there = instances.there;
    // Enough, and large enough, for several notifications.
    constexpr int k_changes = 600;
    const std::string padding(100, 'x');
    for (int index = 0; index < k_changes; ++index) {
        const std::string data = R"({"n":)" + std::to_string(index) + R"(,"pad":")" + padding + R"("})";
        here.publish("chuo", data, index % 10 == 0 ? k_terminal_event : k_ticket_event);
    }
    const auto received = collect(there, "chuo", k_changes);
    REQUIRE(received.size() == k_changes);
    for (int index = 0; index < k_changes; ++index) {
        const HubMessage& message = received[static_cast<std::size_t>(index)];
        CHECK(message.data.starts_with(R"({"n":)" + std::to_string(index) + ","));
        CHECK(message.event == (index % 10 == 0 ? k_terminal_event : k_ticket_event));
    }
    // A change made there comes here, and neither instance hears its own a second time.
    there.publish("kita", "from-there");
    const auto back = collect(here, "kita", 1);
    REQUIRE(back.size() == 1);
    CHECK(back[0].data == "from-there");
    std::this_thread::sleep_for(300ms);
    CHECK(here.wait("chuo", 0, 0ms).size() == k_changes);
    CHECK(there.wait("kita", 0, 0ms).size() == 1);
}

TEST_CASE("changes made just before an instance stops are still sent") {
    TwoInstances instances;
    for (int index = 0; index < 200; ++index) {
        instances.here.publish("chuo", std::to_string(index));
    }
    instances.relay_here.reset();
    const auto received = collect(instances.there, "chuo", 200);
    REQUIRE(received.size() == 200);
    CHECK(received.back().data == "199");
}

TEST_CASE("a change too large to notify, and messages that are not the relay's, hold up nothing") {
    TwoInstances instances;
    EventHub& here = instances.here;
    EventHub& there = instances.there;
    const std::string& url = instances.url;
    here.publish("chuo", "before");
    here.publish("chuo", std::string(9000, 'x'));
    here.publish("chuo", "after");
    const auto received = collect(there, "chuo", 2);
    REQUIRE(received.size() == 2);
    CHECK(received[0].data == "before");
    CHECK(received[1].data == "after");

    notify_raw(url, "not json");
    notify_raw(url, R"({"origin":"other","changes":5})");
    notify_raw(url, R"({"origin":"other","changes":[{"site":"chuo"},{"site":"chuo","data":"kept","event":"ticket"}]})");
    notify_raw(url, R"({"site":"chuo","data":"no origin"})");
    // The single change an instance from before batching sends; its event name may be missing.
    notify_raw(url, R"({"origin":"older","site":"chuo","data":"older"})");
    const auto rest = collect(there, "chuo", 4);
    REQUIRE(rest.size() == 4);
    CHECK(rest[2].data == "kept");
    CHECK(rest[3].data == "older");
    CHECK(rest[3].event == k_ticket_event);
}

TEST_CASE("the relay's outbox keeps the newest changes past its bound, in order") {
    RelayOutbox outbox(3);
    for (int index = 0; index < 5; ++index) {
        outbox.push({"chuo", std::to_string(index), "ticket"});
    }
    const auto taken = outbox.take();
    REQUIRE(taken.size() == 3);
    CHECK(taken[0].data == "2");
    CHECK(taken[2].data == "4");
    // Taking empties it: what is pushed next is all there is.
    outbox.push({"kita", "5", "terminal"});
    const auto next = outbox.take();
    REQUIRE(next.size() == 1);
    CHECK(next[0].site == "kita");
    CHECK(next[0].event == "terminal");
}

TEST_CASE("the relay's outbox waits for a change, and once stopped hands out what it holds, then nothing") {
    RelayOutbox outbox(10);
    std::thread pusher([&outbox] {
        std::this_thread::sleep_for(50ms);
        outbox.push({"chuo", "late", "ticket"});
    });
    const auto waited = outbox.take();
    pusher.join();
    REQUIRE(waited.size() == 1);
    CHECK(waited[0].data == "late");

    outbox.push({"chuo", "a", "ticket"});
    outbox.push({"chuo", "b", "ticket"});
    outbox.stop();
    CHECK(outbox.take().size() == 2);
    CHECK(outbox.take().empty());
}
