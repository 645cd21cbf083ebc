#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "server/event_hub.hpp"

using namespace madoguchi::server;
using namespace std::chrono_literals;

TEST_CASE("a subscriber gets only its site's messages after its cursor") {
    EventHub hub;
    hub.publish("chuo", "a");
    hub.publish("kita", "b");
    hub.publish("chuo", "c");
    const auto all = hub.wait("chuo", 0, 0ms);
    REQUIRE(all.size() == 2);
    CHECK(all[0].data == "a");
    CHECK(all[1].data == "c");
    CHECK(hub.wait("chuo", all[1].id, 0ms).empty());
    CHECK(hub.last_id() == 3);
}

TEST_CASE("a waiting subscriber wakes on publish and on close") {
    EventHub hub;
    std::thread publisher([&] {
        std::this_thread::sleep_for(20ms);
        hub.publish("chuo", "x");
    });
    const auto woken = hub.wait("chuo", 0, 5000ms);
    publisher.join();
    REQUIRE(woken.size() == 1);
    CHECK(woken[0].data == "x");

    std::thread closer([&] {
        std::this_thread::sleep_for(20ms);
        hub.close();
    });
    const auto started = std::chrono::steady_clock::now();
    CHECK(hub.wait("chuo", woken[0].id, 5000ms).empty());
    closer.join();
    CHECK(std::chrono::steady_clock::now() - started < 4000ms);
    CHECK(hub.closed());
}

TEST_CASE("the backlog is bounded") {
    EventHub hub(2);
    hub.publish("chuo", "1");
    hub.publish("chuo", "2");
    hub.publish("chuo", "3");
    const auto kept = hub.wait("chuo", 0, 0ms);
    REQUIRE(kept.size() == 2);
    CHECK(kept[0].data == "2");
}

TEST_CASE("local changes are forwarded to other instances, theirs are only delivered") {
    EventHub hub;
    std::vector<std::string> forwarded;
    hub.forward_to([&](const std::string& site, const std::string& data, std::string_view event) {
        forwarded.push_back(site + ":" + data + ":" + std::string(event));
    });
    hub.publish("chuo", "mine");
    hub.publish("chuo", "kiosk", k_terminal_event);
    hub.deliver("chuo", "theirs");
    CHECK(forwarded == std::vector<std::string>{"chuo:mine:ticket", "chuo:kiosk:terminal"});
    const auto all = hub.wait("chuo", 0, 0ms);
    REQUIRE(all.size() == 3);
    CHECK(all[2].data == "theirs");
}

TEST_CASE("a subscriber may take only some events, and each message keeps its event name") {
    EventHub hub;
    hub.publish("chuo", "t1");
    hub.publish("chuo", "k1", k_terminal_event);
    hub.publish("chuo", "t2", k_ticket_event);
    const auto tickets = hub.wait("chuo", 0, 0ms, {k_ticket_event});
    REQUIRE(tickets.size() == 2);
    CHECK(tickets[0].data == "t1");
    CHECK(tickets[1].data == "t2");
    const auto all = hub.wait("chuo", 0, 0ms);
    REQUIRE(all.size() == 3);
    CHECK(all[1].event == "terminal");
    CHECK(all[2].event == "ticket");
    // A terminal event does not wake a subscriber that takes tickets only.
    CHECK(hub.wait("chuo", tickets[1].id, 0ms, {k_ticket_event}).empty());
}
