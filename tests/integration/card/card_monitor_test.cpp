// CardMonitor against pcscd + vpcd + mynacard-sim.
#include <doctest/doctest.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "card_rig.hpp"
#include "drivers/card/card_monitor.hpp"

using namespace madoguchi::card;
using namespace madoguchi::card::testing;

namespace {

class Recorder {
public:
    void add(CardEvent event) {
        const std::lock_guard lock(m_mutex);
        m_events.push_back(std::move(event));
        m_changed.notify_all();
    }

    bool wait_for(CardEvent::Kind kind, const std::string& reader, std::size_t count = 1) {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, std::chrono::seconds(10), [&] {
            std::size_t seen = 0;
            for (const CardEvent& event : m_events) {
                seen += event.kind == kind && event.reader == reader ? 1 : 0;
            }
            return seen >= count;
        });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<CardEvent> m_events;
};

}  // namespace

TEST_CASE("the monitor reports the readers, then the card arriving and leaving, twice") {
    PcscRig::instance();
    Recorder recorder;
    CardMonitor monitor([&](CardEvent event) { recorder.add(std::move(event)); });
    CHECK(recorder.wait_for(CardEvent::Kind::reader_added, "Virtual PCD 00 00"));
    CHECK(recorder.wait_for(CardEvent::Kind::reader_added, "Virtual PCD 00 01"));
    for (std::size_t round = 1; round <= 2; ++round) {
        SimCard sim("[card]\npin = \"1234\"\n");
        CHECK(recorder.wait_for(CardEvent::Kind::card_inserted, k_reader, round));
        sim.pull();
        CHECK(recorder.wait_for(CardEvent::Kind::card_removed, k_reader, round));
    }
}
