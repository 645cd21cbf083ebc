#pragma once
// The counter's camera as a second ticket scanner, beside the USB barcode scanner: a thread of
// its own grabs frames, decodes a few a second (QR codes only), and posts each new text to the
// main queue, where it goes through CounterForms::open_scanned like a typed scan. A ticket held
// up for a while is delivered once: the same text again within `repeat_after` of its last
// sighting is not new. An unplugged or failing camera is reopened with backoff; each change of
// state is posted too, so the screen can say whether the camera is reading.
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "camera_status.hpp"
#include "main_queue.hpp"

namespace madoguchi {

// Whether a decoded text is new: not when the same text was last seen less than `window` ago.
class ScanDebounce {
public:
    using TimePoint = std::chrono::steady_clock::time_point;
    explicit ScanDebounce(std::chrono::milliseconds window) : m_window(window) {}

    // Counts a sighting of `text` at `now`; true when it should be delivered.
    bool fresh(std::string_view text, TimePoint now);

private:
    std::chrono::milliseconds m_window;
    std::string m_last;
    TimePoint m_seen{};
};

struct CameraScannerHandlers {
    std::function<void(CameraStatus)> status;  // on every change
    std::function<void(std::string)> scanned;  // a QR text, new by the debounce
};

struct CameraScannerTiming {
    std::chrono::milliseconds decode_every{250};    // a few decodes a second; frames between are dropped
    std::chrono::milliseconds stalled_after{3000};  // no frame this long: the camera is reopened
    std::chrono::milliseconds repeat_after{3000};
    std::chrono::milliseconds first_retry{1000};
    std::chrono::milliseconds longest_retry{10'000};  // a camera plugged back in is read within this
};

class CameraScanner {
public:
    CameraScanner(std::filesystem::path device, MainQueue& results, CameraScannerHandlers handlers,
                  CameraScannerTiming timing = {});
    ~CameraScanner();
    CameraScanner(const CameraScanner&) = delete;
    CameraScanner& operator=(const CameraScanner&) = delete;

private:
    void run(std::stop_token stop);
    // From opening the camera until it fails or the scanner stops. True when frames came.
    bool watch(std::stop_token stop, ScanDebounce& debounce);
    void report(CameraStatus status);

    std::filesystem::path m_device;
    MainQueue& m_results;
    CameraScannerHandlers m_handlers;
    CameraScannerTiming m_timing;
    CameraStatus m_reported;  // the scanner thread's own
    bool m_reported_once = false;
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::jthread m_thread;
};

}  // namespace madoguchi
