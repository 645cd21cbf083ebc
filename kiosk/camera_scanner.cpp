#include "camera_scanner.hpp"

#include <algorithm>
#include <random>

#include "backoff.hpp"
#include "drivers/camera/v4l2_camera.hpp"
#include "drivers/scanner/qr_decoder.hpp"
#include "log.hpp"

namespace madoguchi {

bool ScanDebounce::fresh(std::string_view text, TimePoint now) {
    const bool repeated = text == m_last && now - m_seen < m_window;
    m_last = text;
    m_seen = now;
    return !repeated;
}

CameraScanner::CameraScanner(std::filesystem::path device, MainQueue& results, CameraScannerHandlers handlers,
                             CameraScannerTiming timing)
    : m_device(std::move(device)),
      m_results(results),
      m_handlers(std::move(handlers)),
      m_timing(timing),
      m_thread([this](std::stop_token stop) { run(stop); }) {}

CameraScanner::~CameraScanner() {
    m_thread.request_stop();
    m_wake.notify_all();
}

void CameraScanner::report(CameraStatus status) {
    if (m_reported_once && status == m_reported) {
        return;
    }
    m_reported = status;
    m_reported_once = true;
    m_results.post([handlers = m_handlers, status] { handlers.status(status); });
}

void CameraScanner::run(std::stop_token stop) {
    Backoff backoff(m_timing.first_retry, m_timing.longest_retry, std::random_device{}());
    ScanDebounce debounce(m_timing.repeat_after);
    while (!stop.stop_requested()) {
        if (watch(stop, debounce)) {
            backoff.reset();
        }
        if (stop.stop_requested()) {
            return;
        }
        // Never sooner than the first retry: a camera that opens and fails at once must not spin.
        const auto delay = std::max(backoff.next(), m_timing.first_retry);
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, stop, delay, [] { return false; });
    }
}

bool CameraScanner::watch(std::stop_token stop, ScanDebounce& debounce) {
    auto camera = camera::V4l2Camera::open(m_device);
    if (!camera) {
        // Logged on change only: a camera left unplugged would otherwise fill the journal.
        if (!m_reported_once || m_reported != CameraStatus{CameraState::unavailable, camera.error().code}) {
            log::warn("camera_unavailable", {{"detail", camera.error().message}});
        }
        report({CameraState::unavailable, camera.error().code});
        return false;
    }
    log::info("camera_opened", {{"device", m_device.string()},
                               {"format", std::string(camera::pixel_format_name((*camera)->format()))},
                               {"size", std::to_string((*camera)->width()) + "x" + std::to_string((*camera)->height())}});
    // Short grabs, so that stopping never waits long for a camera that has gone quiet.
    constexpr std::chrono::milliseconds k_grab_slice{250};
    auto last_frame = std::chrono::steady_clock::now();
    auto next_decode = last_frame;
    bool delivered = false;
    bool bad_frame_logged = false;  // once per opening: a driver that sends them sends them all
    while (!stop.stop_requested()) {
        auto frame = (*camera)->grab(k_grab_slice);
        const auto now = std::chrono::steady_clock::now();
        if (!frame) {
            const bool may_still_come = frame.error().code == camera::CameraError::timeout &&
                                        now - last_frame < m_timing.stalled_after;
            if (may_still_come) {
                continue;
            }
            log::warn("camera_lost", {{"detail", frame.error().message}});
            report({CameraState::unavailable, frame.error().code});
            return delivered;
        }
        if (!delivered) {
            // Ready once frames come, not at opening: a camera that opens but sends nothing is not.
            delivered = true;
            report({CameraState::ready, {}});
        }
        last_frame = now;
        if (now < next_decode) {
            continue;
        }
        next_decode = now + m_timing.decode_every;
        auto text = scanner::decode_qr(*frame);
        if (!text) {
            if (!bad_frame_logged) {
                log::warn("camera_bad_frame", {{"detail", text.error().message}});
                bad_frame_logged = true;
            }
            continue;
        }
        if (*text && debounce.fresh(**text, now)) {
            m_results.post([handlers = m_handlers, scanned = std::move(**text)]() mutable {
                handlers.scanned(std::move(scanned));
            });
        }
    }
    return delivered;
}

}  // namespace madoguchi
