// Load on madoguchi-server over loopback mutual TLS, with its baseline from the same run:
//   server_load [--terminals N] [--seconds S] [--requests R] [--postgresql URL]
// For each back end (SQLite in a temporary directory; PostgreSQL too when a URL of an empty
// database is given) it starts the real server with its own PKI and measures, one phase after
// the other, with N terminals each on its own keep-alive TLS connection:
//   healthz    GET /healthz — TLS, HTTP and routing without the database: the baseline
//   issue      POST /api/v1/sites/chuo/tickets (kiosk certificate, Idempotency-Key)
//   call-next  POST …/counters/cK/call-next (counter certificate, staff session), each call
//              followed by an unmeasured finish so that the counter is free again
// Each phase stops after S seconds or R requests, whichever comes first; call-next also stops
// when the queue is empty. Figures: requests, errors, requests per second, p50 and p99 latency.
// The exit status is 1 when a phase had errors or made no request, so a short run is a smoke test.
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_server.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using madoguchi::bench::Server;

struct Options {
    int terminals = 16;
    int seconds = 10;
    long requests = 20000;
    std::string postgresql_url;
};

std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--terminals") {
            options.terminals = std::max(1, std::atoi(value.c_str()));
        } else if (flag == "--seconds") {
            options.seconds = std::max(1, std::atoi(value.c_str()));
        } else if (flag == "--requests") {
            options.requests = std::max(1L, std::atol(value.c_str()));
        } else if (flag == "--postgresql") {
            options.postgresql_url = value;
        } else {
            return std::nullopt;
        }
    }
    if (argc % 2 == 0) {
        return std::nullopt;
    }
    return options;
}

struct PhaseResult {
    std::string name;
    long requests = 0;
    long errors = 0;
    double seconds = 0;
    double p50_ms = 0;
    double p99_ms = 0;
};

// One measured request of terminal `index`: true when it succeeded, nothing when the phase has
// run out of work (call-next on an empty queue).
using Step = std::function<std::optional<bool>(httplib::SSLClient& client, int index, long sequence)>;

PhaseResult measure(const std::string& name, const Options& options,
                    const std::vector<std::unique_ptr<httplib::SSLClient>>& clients, const Step& step) {
    // Handshakes happen here, outside the measurement. The server closes a connection idle for
    // 5 s (the previous phases), and the first request on it then fails: that one is retried.
    for (const auto& client : clients) {
        if (!client->Get("/healthz") && !client->Get("/healthz")) {
            throw std::runtime_error("the server does not answer");
        }
    }
    std::atomic<long> issued{0};
    std::atomic<long> errors{0};
    std::atomic<bool> out_of_work{false};
    std::mutex mutex;
    std::vector<double> latencies;
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::seconds(options.seconds);
    std::vector<std::thread> threads;
    for (int index = 0; index < static_cast<int>(clients.size()); ++index) {
        threads.emplace_back([&, index] {
            std::vector<double> mine;
            while (!out_of_work && Clock::now() < deadline) {
                const long sequence = issued++;
                if (sequence >= options.requests) {
                    break;
                }
                const auto before = Clock::now();
                const std::optional<bool> done = step(*clients[static_cast<std::size_t>(index)], index, sequence);
                if (!done) {
                    out_of_work = true;
                    break;
                }
                mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - before).count());
                if (!*done) {
                    ++errors;
                }
            }
            const std::lock_guard lock(mutex);
            latencies.insert(latencies.end(), mine.begin(), mine.end());
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    PhaseResult result{name,   static_cast<long>(latencies.size()),
                       errors, std::chrono::duration<double>(Clock::now() - start).count(),
                       0,      0};
    std::sort(latencies.begin(), latencies.end());
    if (!latencies.empty()) {
        const auto at = [&](double quantile) {
            return latencies[std::min(latencies.size() - 1,
                                      static_cast<std::size_t>(quantile * static_cast<double>(latencies.size())))];
        };
        result.p50_ms = at(0.50);
        result.p99_ms = at(0.99);
    }
    return result;
}

std::vector<PhaseResult> run_backend(const Options& options, const fs::path& dir, const std::string& storage_url) {
    const Server server(dir, storage_url, options.terminals * 2 + 8,
                        {{"kiosk", "load-kiosk"}, {"counter", "load-counter"}});
    std::vector<std::unique_ptr<httplib::SSLClient>> kiosks;
    std::vector<std::unique_ptr<httplib::SSLClient>> counters;
    std::string token;
    for (int index = 0; index < options.terminals; ++index) {
        kiosks.push_back(server.client("load-kiosk"));
        counters.push_back(server.client("load-counter"));
        if (token.empty()) {
            const auto login =
                counters.back()->Post("/api/v1/staff/login",
                                      R"({"staff_id": "load-staff", "password": "load-password"})", "application/json");
            if (!login || login->status != 200) {
                throw std::runtime_error("staff login failed");
            }
            token = nlohmann::json::parse(login->body)["token"].get<std::string>();
        }
        counters.back()->set_bearer_token_auth(token);
    }
    std::vector<PhaseResult> results;
    results.push_back(measure("healthz (baseline)", options, kiosks, [](httplib::SSLClient& client, int, long) {
        const auto response = client.Get("/healthz");
        return std::optional<bool>(response && response->status == 200);
    }));
    results.push_back(measure("issue", options, kiosks, [](httplib::SSLClient& client, int, long sequence) {
        const auto response =
            client.Post("/api/v1/sites/chuo/tickets", {{"Idempotency-Key", "load-" + std::to_string(sequence)}},
                        R"({"service": "tax"})", "application/json");
        return std::optional<bool>(response && response->status == 201);
    }));
    results.push_back(measure("call-next", options, counters, [](httplib::SSLClient& client, int index, long) {
        const std::string counter = "/api/v1/sites/chuo/counters/c" + std::to_string(index) + "/";
        const auto called = client.Post((counter + "call-next").c_str(), "", "application/json");
        if (called && called->status == 200 &&
            nlohmann::json::parse(called->body, nullptr, false)["ticket"].is_null()) {
            return std::optional<bool>();
        }
        const bool ok = called && called->status == 200;
        if (ok) {
            client.Post((counter + "finish").c_str(), "", "application/json");
        }
        return std::optional<bool>(ok);
    }));
    return results;
}

// Prints the figures; false when a phase did nothing or had errors, so that a smoke run fails.
bool print(const std::string& backend, const std::vector<PhaseResult>& results) {
    bool clean = true;
    for (const PhaseResult& result : results) {
        clean = clean && result.requests > 0 && result.errors == 0;
        std::printf("%-11s %-19s %8ld %7ld %8.1f %9.0f %8.2f %8.2f\n", backend.c_str(), result.name.c_str(),
                    result.requests, result.errors, result.seconds,
                    result.seconds > 0 ? static_cast<double>(result.requests) / result.seconds : 0.0, result.p50_ms,
                    result.p99_ms);
    }
    return clean;
}

}  // namespace

int main(int argc, char** argv) {
    const std::optional<Options> options = parse_options(argc, argv);
    if (!options) {
        std::fprintf(stderr, "usage: server_load [--terminals N] [--seconds S] [--requests R] [--postgresql URL]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    std::string pattern = (fs::temp_directory_path() / "madoguchi-load-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    const fs::path dir = pattern;
    int status = 0;
    try {
        std::printf("%d terminals, at most %d s and %ld requests per phase, loopback mutual TLS\n", options->terminals,
                    options->seconds, options->requests);
        std::printf("%-11s %-19s %8s %7s %8s %9s %8s %8s\n", "backend", "operation", "requests", "errors", "seconds",
                    "req/s", "p50 ms", "p99 ms");
        fs::create_directories(dir / "sqlite");
        bool clean =
            print("sqlite", run_backend(*options, dir / "sqlite", "sqlite:" + (dir / "sqlite" / "server.db").string()));
        if (!options->postgresql_url.empty()) {
            fs::create_directories(dir / "postgresql");
            clean = print("postgresql", run_backend(*options, dir / "postgresql", options->postgresql_url)) && clean;
        }
        if (!clean) {
            std::fprintf(stderr, "server_load: a phase had errors or made no request\n");
            status = 1;
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "server_load: %s\n", error.what());
        status = 1;
    }
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    return status;
}
