// The counter's camera worker: a ticket held in front of the camera is delivered once, and again
// only after it has been out of sight a while; a camera that cannot be opened is reported with
// its reason on the main queue (once, however often the worker retries), and the worker stops
// promptly when the counter closes.
#include <doctest/doctest.h>

#include "kiosk/camera_scanner.hpp"
#include "tests/support/ui_pump.hpp"

using namespace madoguchi;
using namespace std::chrono_literals;
using camera::CameraError;

TEST_CASE("the same text within the window is not new; after it, or another text, is") {
    ScanDebounce debounce(3s);
    const ScanDebounce::TimePoint start{};
    CHECK(debounce.fresh("ticket A", start + 1s));
    // Held in front of the camera: each sighting within the window keeps it old.
    CHECK_FALSE(debounce.fresh("ticket A", start + 2s));
    CHECK_FALSE(debounce.fresh("ticket A", start + 4s));
    CHECK_FALSE(debounce.fresh("ticket A", start + 6900ms));
    // Out of sight for longer than the window, then shown again.
    CHECK(debounce.fresh("ticket A", start + 10s));
    CHECK(debounce.fresh("ticket B", start + 10100ms));
    CHECK(debounce.fresh("ticket A", start + 10200ms));
}

namespace {

struct Reports {
    std::vector<CameraStatus> statuses;
    std::vector<std::string> scans;
};

CameraScannerHandlers recording(Reports& reports) {
    CameraScannerHandlers handlers;
    handlers.status = [&reports](CameraStatus status) { reports.statuses.push_back(status); };
    handlers.scanned = [&reports](std::string text) { reports.scans.push_back(std::move(text)); };
    return handlers;
}

}  // namespace

TEST_CASE("a camera that cannot be opened is reported unavailable with its reason, once") {
    struct Case {
        const char* device;
        CameraError reason;
    };
    for (const Case& c : {Case{"/dev/video-madoguchi-test-none", CameraError::not_found},
                          Case{"/dev/null", CameraError::not_v4l2}}) {
        CAPTURE(c.device);
        testing::UiPump ui;
        Reports reports;
        {
            // Quick retries, so that several attempts happen while the test waits.
            CameraScannerTiming timing;
            timing.first_retry = 10ms;
            timing.longest_retry = 20ms;
            CameraScanner scanner(c.device, ui.queue, recording(reports), timing);
            REQUIRE(ui.pump_until([&] { return !reports.statuses.empty(); }));
            // Retried meanwhile (every 10–20 ms), without a second report of the same state.
            ui.pump_until([] { return false; }, 200ms);
        }
        ui.queue.drain();
        REQUIRE(reports.statuses.size() == 1);
        CHECK(reports.statuses.front() == CameraStatus{CameraState::unavailable, c.reason});
        CHECK(reports.scans.empty());
    }
}
