// From a counter's call to the waiting-room displays, with its baseline from the same run:
//   display_latency [--displays N] [--calls C]
// Starts the real server (SQLite) and N displays, each the terminal's own QueueFeed (the event
// stream over mutual TLS, on its thread) delivering to a DisplayBoard on a UI thread of its own,
// as in `madoguchi --role display`. Then, one after the other, C calls: a counter sends
// call-next and the clock runs until each display's board shows the number at that counter.
// Figures, p50 and p99 in ms:
//   healthz (baseline)   GET /healthz round trip on the same TLS setup
//   call-next            the counter's request itself (the server's work)
//   call → display       call-next sent → the number on a display's board, over every display
// The exit status is 1 when a display missed a call (5 s), so a short run is a smoke test.
#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench_server.hpp"
#include "kiosk/display_board.hpp"
#include "kiosk/log.hpp"
#include "kiosk/queue_feed.hpp"

namespace {

namespace fs = std::filesystem;
using madoguchi::Clock;
using madoguchi::DisplayBoard;
using madoguchi::MainQueue;

struct Wanted {
    std::string number;
    std::string counter;
    Clock::time_point sent;
};

// One display: its feed, and a UI thread that drains the feed's results into the board and notes
// when the wanted call appears.
class Display {
public:
    Display(const madoguchi::ServerEndpoint& endpoint) {
        m_queue.set_waker([this] {
            const std::lock_guard lock(m_mutex);
            m_posted = true;
            m_changed.notify_all();
        });
        madoguchi::QueueFeedHandlers handlers;
        handlers.snapshot = [this](madoguchi::QueueSnapshot snapshot) {
            m_board.apply_snapshot(snapshot, Clock::now());
        };
        handlers.ticket = [this](madoguchi::QueueTicket ticket) { m_board.apply_ticket(ticket, Clock::now()); };
        handlers.connection = [this](bool connected) { m_board.set_connected(connected); };
        m_ui = std::jthread([this](std::stop_token stop) { run_ui(stop); });
        m_feed = std::make_unique<madoguchi::QueueFeed>(endpoint, "chuo", m_queue, std::move(handlers));
    }
    ~Display() {
        m_feed.reset();
        m_ui.request_stop();
        m_changed.notify_all();
    }

    bool connected() {
        const std::lock_guard lock(m_mutex);
        return m_connected;
    }
    void want(const Wanted& wanted) {
        const std::lock_guard lock(m_mutex);
        m_wanted = wanted;
        m_seen.reset();
    }
    // The latency of the wanted call, once the board shows it; waits at most `limit`.
    std::optional<double> seen_after(std::chrono::milliseconds limit) {
        std::unique_lock lock(m_mutex);
        if (!m_changed.wait_for(lock, limit, [this] { return m_seen.has_value(); })) {
            return std::nullopt;
        }
        return m_seen;
    }

private:
    void run_ui(std::stop_token stop) {
        while (!stop.stop_requested()) {
            {
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, stop, [this] { return m_posted; });
                m_posted = false;
            }
            m_queue.drain();
            const auto now = Clock::now();
            const std::lock_guard lock(m_mutex);
            m_connected = m_board.connected();
            if (m_wanted && !m_seen) {
                for (const madoguchi::DisplayCall& call : m_board.at_counters()) {
                    if (call.number == m_wanted->number && call.counter == m_wanted->counter) {
                        m_seen = std::chrono::duration<double, std::milli>(now - m_wanted->sent).count();
                        m_changed.notify_all();
                    }
                }
            }
        }
    }

    MainQueue m_queue;
    DisplayBoard m_board;  // touched by the UI thread only
    std::mutex m_mutex;
    std::condition_variable_any m_changed;
    bool m_posted = false;
    bool m_connected = false;
    std::optional<Wanted> m_wanted;
    std::optional<double> m_seen;
    std::jthread m_ui;
    std::unique_ptr<madoguchi::QueueFeed> m_feed;
};

struct Figures {
    std::vector<double> samples;
    double at(double quantile) {
        std::sort(samples.begin(), samples.end());
        if (samples.empty()) {
            return 0;
        }
        return samples[std::min(samples.size() - 1,
                                static_cast<std::size_t>(quantile * static_cast<double>(samples.size())))];
    }
};

double since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

int measure(int display_count, int calls, const fs::path& dir) {
    const madoguchi::bench::Server server(
        dir, "sqlite:" + (dir / "server.db").string(), display_count * 2 + 16,
        {{"kiosk", "load-kiosk"}, {"counter", "load-counter"}, {"display", "load-display"}});
    auto kiosk = server.client("load-kiosk");
    auto counter = server.client("load-counter");
    const auto login = counter->Post("/api/v1/staff/login",
                                     R"({"staff_id": "load-staff", "password": "load-password"})", "application/json");
    if (!login || login->status != 200) {
        throw std::runtime_error("staff login failed");
    }
    counter->set_bearer_token_auth(nlohmann::json::parse(login->body)["token"].get<std::string>());
    for (int i = 0; i < calls; ++i) {
        const auto issued =
            kiosk->Post("/api/v1/sites/chuo/tickets", {{"Idempotency-Key", "bench-" + std::to_string(i)}},
                        R"({"service": "tax"})", "application/json");
        if (!issued || issued->status != 201) {
            throw std::runtime_error("issue failed");
        }
    }

    const madoguchi::ServerEndpoint endpoint{"https://127.0.0.1:" + std::to_string(server.port()),
                                             server.ca_certificate(), server.certificate("load-display"),
                                             server.key("load-display")};
    std::vector<std::unique_ptr<Display>> displays;
    for (int i = 0; i < display_count; ++i) {
        displays.push_back(std::make_unique<Display>(endpoint));
    }
    const auto connect_deadline = Clock::now() + std::chrono::seconds(30);
    while (!std::all_of(displays.begin(), displays.end(), [](const auto& d) { return d->connected(); })) {
        if (Clock::now() > connect_deadline) {
            throw std::runtime_error("not every display connected");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    Figures healthz;
    for (int i = 0; i < calls; ++i) {
        const auto start = Clock::now();
        if (!kiosk->Get("/healthz")) {
            throw std::runtime_error("healthz failed");
        }
        healthz.samples.push_back(since(start));
    }
    Figures call_next;
    Figures to_display;
    long missed = 0;
    for (int i = 0; i < calls; ++i) {
        const std::string counter_id = "c" + std::to_string(i % 4);
        const std::string path = "/api/v1/sites/chuo/counters/" + counter_id + "/";
        // The number is not known before the call: peek at the queue head, unmeasured.
        const auto queue = kiosk->Get("/api/v1/sites/chuo/queue");
        const std::string number = nlohmann::json::parse(queue->body)["waiting"][0]["number"].get<std::string>();
        const Wanted wanted{number, counter_id, Clock::now()};
        for (const auto& display : displays) {
            display->want(wanted);
        }
        const auto called = counter->Post((path + "call-next").c_str(), "", "application/json");
        call_next.samples.push_back(since(wanted.sent));
        if (!called || called->status != 200) {
            throw std::runtime_error("call-next failed");
        }
        for (const auto& display : displays) {
            if (const auto ms = display->seen_after(std::chrono::seconds(5))) {
                to_display.samples.push_back(*ms);
            } else {
                ++missed;
            }
        }
        counter->Post((path + "finish").c_str(), "", "application/json");
    }
    std::printf("%d displays, %d calls, loopback mutual TLS, SQLite\n", display_count, calls);
    std::printf("%-22s %8s %8s %8s\n", "measure", "samples", "p50 ms", "p99 ms");
    std::printf("%-22s %8zu %8.2f %8.2f\n", "healthz (baseline)", healthz.samples.size(), healthz.at(0.5),
                healthz.at(0.99));
    std::printf("%-22s %8zu %8.2f %8.2f\n", "call-next", call_next.samples.size(), call_next.at(0.5),
                call_next.at(0.99));
    std::printf("%-22s %8zu %8.2f %8.2f\n", "call → display", to_display.samples.size(), to_display.at(0.5),
                to_display.at(0.99));
    std::printf("missed (not on a board within 5 s): %ld\n", missed);
    return missed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    int displays = 50;
    int calls = 100;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--displays") {
            displays = std::max(1, std::atoi(argv[i + 1]));
        } else if (flag == "--calls") {
            calls = std::max(1, std::atoi(argv[i + 1]));
        } else {
            std::fprintf(stderr, "usage: display_latency [--displays N] [--calls C]\n");
            return 2;
        }
    }
    if (argc % 2 == 0) {
        std::fprintf(stderr, "usage: display_latency [--displays N] [--calls C]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    madoguchi::log::set_min_level(madoguchi::log::Level::warn);
    std::string pattern = (fs::temp_directory_path() / "madoguchi-display-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    int status = 1;
    try {
        status = measure(displays, calls, pattern);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "display_latency: %s\n", error.what());
    }
    std::error_code ignored;
    fs::remove_all(pattern, ignored);
    return status;
}
