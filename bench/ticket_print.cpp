// Issue 5's ticket figures, each with its baseline from the same run:
//   ticket_print_bench [--runs N]
// Starts the real server (SQLite) and the kiosk's own ticket worker (TicketService, as the window
// app runs it) with a file-transport printer. Then:
//   touch → bytes      the session's issue() on the UI thread → the worker issues on the server
//                      (a fresh mutual TLS connection, as for every ticket), lays the ticket out,
//                      writes the ESC/POS job to the printer file → Printed back on the UI thread.
//                      The bytes are in the file before Printed is posted.
//   healthz, new conn  baseline: a fresh ServerClient and GET /healthz (handshake + round trip)
//   job to file        baseline: opening the printer file and writing the same job's bytes
// p50 and p99 in ms over N tickets (target: touch → bytes p99 ≤ 50 ms).
// Then the job size in bytes of the same ticket with the QR native (GS ( k) and as raster, for
// every shipped printer profile, in Japanese only and with English.
// The exit status is 1 when a ticket failed, so a short run is a smoke test.
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bench_server.hpp"
#include "drivers/printer/fd_transport.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/log.hpp"
#include "kiosk/paths.hpp"
#include "kiosk/receipt_printer.hpp"
#include "kiosk/server_client.hpp"
#include "kiosk/ticket_layout.hpp"
#include "kiosk/ticket_parts.hpp"
#include "kiosk/ticket_service.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Figures {
    std::vector<double> samples;
    double at(double quantile) {
        if (samples.empty()) {
            return 0;
        }
        std::sort(samples.begin(), samples.end());
        const auto index = static_cast<std::size_t>(quantile * static_cast<double>(samples.size() - 1) + 0.5);
        return samples[std::min(index, samples.size() - 1)];
    }
};

double since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

madoguchi::TerminalConfig kiosk_config(const madoguchi::bench::Server& server, const fs::path& dir) {
    madoguchi::TerminalConfig config;
    config.site = "chuo";
    config.server_url = "https://127.0.0.1:" + std::to_string(server.port());
    config.server_ca = server.ca_certificate();
    config.terminal_certificate = server.certificate("bench-kiosk");
    config.terminal_certificate_key = server.key("bench-kiosk");
    config.outbox = dir / "outbox.db";
    config.terminal_key = dir / "terminal.key";
    std::ofstream(config.terminal_key, std::ios::binary) << std::string(32, '\x5a');
    fs::permissions(config.terminal_key, fs::perms::owner_read | fs::perms::owner_write);
    config.services_catalog = MADOGUCHI_SOURCE_DIR "/assets/services.toml";
    config.printer = madoguchi::PrinterConnection{madoguchi::PrinterConnection::Kind::file,
                                                  (dir / "printer.bin").string(), 0};
    return config;
}

// The kiosk's UI thread in miniature: waits for the worker's result and runs it.
class UiThread {
public:
    explicit UiThread(madoguchi::MainQueue& queue) : m_queue(queue) {
        queue.set_waker([this] {
            const std::lock_guard lock(m_mutex);
            m_posted = true;
            m_changed.notify_all();
        });
    }
    // Runs posted tasks until `done` holds; false after 10 s.
    template <typename Done>
    bool run_until(Done&& done) {
        const auto give_up = Clock::now() + std::chrono::seconds(10);
        while (!done()) {
            std::unique_lock lock(m_mutex);
            if (!m_changed.wait_until(lock, give_up, [this] { return m_posted; })) {
                return false;
            }
            m_posted = false;
            lock.unlock();
            m_queue.drain();
        }
        return true;
    }

private:
    madoguchi::MainQueue& m_queue;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_posted = false;
};

int measure(int runs, const fs::path& dir) {
    const madoguchi::bench::Server server(dir / "server", "sqlite:" + (dir / "server" / "server.db").string(), 16,
                                          {{"kiosk", "bench-kiosk"}});
    const madoguchi::TerminalConfig config = kiosk_config(server, dir);
    auto parts = madoguchi::load_ticket_parts(config);
    if (!parts) {
        throw std::runtime_error(parts.error());
    }
    const std::array<std::string, 2> languages{"ja", "en"};
    auto translator = madoguchi::Translator::load(madoguchi::catalog_dir(), languages);
    if (!translator) {
        throw std::runtime_error("no translation catalogs: " + translator.error().message);
    }
    // The worker owns its parts; the size table lays tickets out with a second set.
    auto layout_parts = madoguchi::load_ticket_parts(config);
    if (!layout_parts) {
        throw std::runtime_error(layout_parts.error());
    }

    madoguchi::MainQueue queue;
    UiThread ui(queue);
    std::optional<madoguchi::TicketUpdate> update;
    madoguchi::TicketService service(queue, config, std::move(*parts), *translator,
                                     [&update](madoguchi::TicketUpdate result) { update = std::move(result); });
    Figures touch;
    std::optional<madoguchi::IssuedTicket> last;
    long failed = 0;
    // One ticket first, unmeasured: the worker's start-up (first outbox round, first health report).
    for (int i = -1; i < runs; ++i) {
        update.reset();
        const auto start = Clock::now();
        service.issue(madoguchi::TicketRequest{"certificates", false, "en"});
        if (!ui.run_until([&update] { return update.has_value(); })) {
            throw std::runtime_error("no answer from the ticket worker in 10 s");
        }
        const double elapsed = since(start);
        if (const auto* printed = std::get_if<madoguchi::ticket_update::Printed>(&*update)) {
            last = printed->ticket;
            if (i >= 0) {
                touch.samples.push_back(elapsed);
            }
        } else {
            ++failed;
        }
    }
    if (!last) {
        throw std::runtime_error("no ticket was printed");
    }
    const auto printed_size = fs::file_size(config.printer.path_or_host);

    Figures healthz;
    const madoguchi::ServerEndpoint endpoint{config.server_url, config.server_ca, config.terminal_certificate,
                                             config.terminal_certificate_key};
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        auto client = madoguchi::ServerClient::create(endpoint);
        if (!client || !client->send("GET", "/healthz", {}, "")) {
            throw std::runtime_error("healthz failed");
        }
        healthz.samples.push_back(since(start));
    }
    std::vector<std::uint8_t> job(printed_size);
    std::ifstream(config.printer.path_or_host, std::ios::binary)
        .read(reinterpret_cast<char*>(job.data()), static_cast<std::streamsize>(job.size()));
    Figures to_file;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        auto file = madoguchi::printer::FdTransport::open_file(dir / "baseline.bin");
        if (!file || !file->write(job)) {
            throw std::runtime_error("cannot write the baseline file");
        }
        to_file.samples.push_back(since(start));
    }

    std::printf("%d tickets, loopback mutual TLS, SQLite, file printer (epson_tm_t88, English + Japanese)\n", runs);
    std::printf("%-28s %8s %8s %8s\n", "measure", "samples", "p50 ms", "p99 ms");
    std::printf("%-28s %8zu %8.2f %8.2f\n", "healthz, new conn (baseline)", healthz.samples.size(), healthz.at(0.5),
                healthz.at(0.99));
    std::printf("%-28s %8zu %8.3f %8.3f\n", "job to file (baseline)", to_file.samples.size(), to_file.at(0.5),
                to_file.at(0.99));
    std::printf("%-28s %8zu %8.2f %8.2f\n", "touch → bytes at printer", touch.samples.size(), touch.at(0.5),
                touch.at(0.99));
    std::printf("job: %ju bytes; failed tickets: %ld\n\n", static_cast<std::uintmax_t>(printed_size), failed);

    std::printf("%-44s %-4s %12s %12s %8s\n", "profile", "lang", "native QR B", "raster QR B", "raster/native");
    std::vector<fs::path> profiles;
    for (const auto& entry : fs::directory_iterator(madoguchi::printer_profiles_dir(madoguchi::data_dir()))) {
        if (entry.path().extension() == ".toml") {
            profiles.push_back(entry.path());
        }
    }
    std::sort(profiles.begin(), profiles.end());
    for (const fs::path& path : profiles) {
        auto profile = madoguchi::printer::load_profile(path);
        if (!profile) {
            throw std::runtime_error(profile.error().describe());
        }
        for (const std::string language : {"ja", "en"}) {
            const auto content = madoguchi::ticket_content(*last, layout_parts->catalog, *translator, language);
            std::array<std::size_t, 2> sizes{};
            for (const bool native : {true, false}) {
                profile->native_qr = native;
                auto bytes = madoguchi::ticket_job(content, *profile, layout_parts->rasterizer);
                if (!bytes) {
                    throw std::runtime_error("ticket_job failed: " + bytes.error().message);
                }
                sizes[native ? 0 : 1] = bytes->size();
            }
            std::printf("%-44s %-4s %12zu %12zu %8.2f\n", profile->name.c_str(), language.c_str(), sizes[0], sizes[1],
                        static_cast<double>(sizes[1]) / static_cast<double>(sizes[0]));
        }
    }
    return failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 200;
    const auto usage = [] {
        std::fprintf(stderr, "usage: ticket_print_bench [--runs N]\n");
        return 2;
    };
    for (int i = 1; i < argc; i += 2) {
        if (std::string(argv[i]) != "--runs" || i + 1 >= argc) {
            return usage();
        }
        runs = std::max(1, std::atoi(argv[i + 1]));
    }
    signal(SIGPIPE, SIG_IGN);
    madoguchi::log::set_min_level(madoguchi::log::Level::warn);
    return madoguchi::bench::in_scratch_directory("ticket_print_bench", [runs](const fs::path& dir) { return measure(runs, dir); });
}
