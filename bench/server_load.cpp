// Load on madoguchi-server over loopback mutual TLS, with its baselines from the same run:
//   server_load [--terminals N] [--seconds S] [--requests R] [--baseline-seconds B]
//               [--history-rows H] [--pace-ms P] [--postgresql URL] [--only sqlite|postgresql]
// Defaults are the full run: 200 terminals, 60 s per phase, 10 s per baseline, 1 000 000 past
// tickets. For each back end (SQLite in a temporary directory; PostgreSQL too when a URL of an
// empty database is given, see README.md) it first measures what the storage manages
// without the server:
//   SQLite      one writer, INSERT+COMMIT per row, WAL and synchronous=FULL, same directory
//   PostgreSQL  pgbench with one INSERT per transaction, as many clients as the server's pool
// (measured again, with the server idle, just before each phase that writes), then starts the
// real server with its own PKI, adds 1 000 past days' tickets straight into its database and
// measures, one phase after the other, with N terminals each on its own keep-alive TLS
// connection:
//   healthz     GET /healthz — TLS, HTTP and routing without the database
//   issue       POST /api/v1/sites/chuo/tickets (kiosk certificate, Idempotency-Key), kiosk K
//               always asking for the K-th of the office's seven services
//   call-next/finish  POST …/counters/cK/call-next, then …/finish, and so on (counter
//               certificate, staff session); every request counted and timed
//   issue       again, after the past tickets have grown to H: the rate must stay flat
// Each phase stops after S seconds or R requests, whichever comes first; call-next also stops
// when the queue is empty. Each write is measured twice:
//   at most     every terminal sends its next request as soon as the last is answered: the most
//               the server does, against the baseline. Its latency is only the number of
//               terminals over that rate (Little's law), whatever the server does.
//   paced       each terminal sends one request every P ms, P chosen so that all of them offer
//               half the rate just measured: the latency of a server at half its capacity.
// --pace-ms P gives the paced phases that interval instead, and skips the others. --only runs
// one back end (postgresql needs --postgresql URL). Figures:
// requests, errors, requests per second, p50 and p99 latency, and the goals: issue and
// call-next (at most) at least half the baseline's rate, p99 at most 50 ms (paced).
// The exit status is 1 when a phase had errors or made no request, so a short run is a smoke test;
// a missed goal is printed, not failed: the figures depend on the machine.
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
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
#include "load_baselines.hpp"
#include "load_history.hpp"
#include "server/database.hpp"

namespace {

using namespace madoguchi::bench;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using madoguchi::bench::Server;

// Two days of one office's tickets, against which the large history is compared.
constexpr long k_small_history = 1000;
constexpr double k_goal_ratio = 0.5;
constexpr double k_goal_p99_ms = 50;
// The services of site "chuo" in assets/services.toml.
const std::vector<std::string> k_services{"certificates",      "moving",        "my_number", "family_register",
                                          "insurance_pension", "child_support", "tax"};

struct Options {
    int terminals = 200;
    int seconds = 60;
    long requests = LONG_MAX;
    int baseline_seconds = 10;
    long history_rows = 1'000'000;
    // Each terminal's interval between requests when only paced phases run; zero: both kinds.
    std::chrono::milliseconds pace{0};
    std::string postgresql_url;
    // Empty: every back end there is a database for.
    std::string only;
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
        } else if (flag == "--baseline-seconds") {
            options.baseline_seconds = std::max(1, std::atoi(value.c_str()));
        } else if (flag == "--history-rows") {
            options.history_rows = std::max(k_small_history, std::atol(value.c_str()));
        } else if (flag == "--pace-ms") {
            options.pace = std::chrono::milliseconds(std::max(0, std::atoi(value.c_str())));
        } else if (flag == "--postgresql") {
            options.postgresql_url = value;
        } else if (flag == "--only" && (value == "sqlite" || value == "postgresql")) {
            options.only = value;
        } else {
            return std::nullopt;
        }
    }
    if (argc % 2 == 0 || (options.only == "postgresql" && options.postgresql_url.empty())) {
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
    // The storage's own rate, measured just before this phase; 0 for a phase without writes.
    double baseline_rate = 0;
    // Each terminal's interval between requests; zero: as soon as the last was answered.
    std::chrono::milliseconds pace{0};
};

// One write measured both ways (or only paced, with --pace-ms).
struct WriteResult {
    std::optional<PhaseResult> most;
    PhaseResult paced;
};

// One measured request of terminal `index`: true when it succeeded, nothing when the phase has
// run out of work (call-next on an empty queue).
using Step = std::function<std::optional<bool>(httplib::SSLClient& client, int index, long sequence)>;

PhaseResult measure(const std::string& name, const Options& options, std::chrono::milliseconds pace,
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
            const bool paced = pace.count() > 0;
            // Paced terminals start apart, so that their requests do not arrive in waves.
            auto due = start + pace * index / static_cast<int>(clients.size());
            while (!out_of_work && Clock::now() < deadline && due < deadline) {
                const long sequence = issued++;
                if (sequence >= options.requests) {
                    break;
                }
                // Timed from when the request was due, not from when it could be sent: a server
                // that falls behind a paced terminal pays for the whole delay.
                if (paced) {
                    std::this_thread::sleep_until(due);
                }
                const auto before = paced ? due : Clock::now();
                due += pace;
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
                       0,      0,
                       0,      pace};
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

// The storage's own rate, measured while the server idles just before each phase that writes:
// a shared disk's flush time drifts by an order of magnitude within minutes, so a baseline from
// the start of the run says little about the last phase.
struct Baseline {
    std::string name;
    std::function<double()> measure;
};

// Every phase in the order it ran, for the table, and the three writes, for the goals.
struct BackendResults {
    std::vector<PhaseResult> phases;
    std::vector<WriteResult> writes;  // issue (small history), call-next/finish, issue (large history)
};

double rate(const PhaseResult& result) {
    return result.seconds > 0 ? static_cast<double>(result.requests) / result.seconds : 0.0;
}

// The interval at which all terminals together offer half of `most`'s rate.
std::chrono::milliseconds half_load_pace(const PhaseResult& most, int terminals) {
    const double offered = rate(most) / 2;
    if (offered <= 0) {
        return std::chrono::milliseconds(1000);
    }
    return std::chrono::milliseconds(std::max(1L, std::lround(1000.0 * terminals / offered)));
}

BackendResults run_backend(const Options& options, const fs::path& dir, const std::string& storage_url,
                           const Baseline& baseline) {
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
    // Keys differ per phase: a key of an earlier phase would replay its stored answer.
    const auto issue = [](const std::string& phase) -> Step {
        return [phase](httplib::SSLClient& client, int index, long sequence) {
            // Each kiosk's citizens ask for one of the office's services, as at a real entrance.
            const std::string service = k_services[static_cast<std::size_t>(index) % k_services.size()];
            const auto response = client.Post("/api/v1/sites/chuo/tickets",
                                              {{"Idempotency-Key", phase + "-" + std::to_string(sequence)}},
                                              R"({"service": ")" + service + R"("})", "application/json");
            return std::optional<bool>(response && response->status == 201);
        };
    };
    // Each counter alternates call-next and finish, so that it is free again for the next call;
    // both are counted and timed, as both are a counter's writes.
    std::vector<char> holding(counters.size(), 0);
    const Step call_and_finish = [&holding](httplib::SSLClient& client, int index, long) {
        const std::string counter = "/api/v1/sites/chuo/counters/c" + std::to_string(index) + "/";
        char& held = holding[static_cast<std::size_t>(index)];
        if (held != 0) {
            const auto finished = client.Post((counter + "finish").c_str(), "", "application/json");
            held = 0;
            return std::optional<bool>(finished && finished->status == 200);
        }
        const auto called = client.Post((counter + "call-next").c_str(), "", "application/json");
        if (called && called->status == 200 &&
            nlohmann::json::parse(called->body, nullptr, false)["ticket"].is_null()) {
            return std::optional<bool>();
        }
        // 409: a call whose answer timed out went through after all. It counts as an error, and
        // the counter finishes that ticket next instead of failing every call after it.
        held = called && (called->status == 200 || called->status == 409) ? 1 : 0;
        return std::optional<bool>(called && called->status == 200);
    };
    add_past_tickets(storage_url, 0, k_small_history);
    BackendResults results;
    results.phases.push_back(measure("healthz", options, {}, kiosks, [](httplib::SSLClient& client, int, long) {
        const auto response = client.Get("/healthz");
        return std::optional<bool>(response && response->status == 200);
    }));
    const bool only_paced = options.pace.count() > 0;
    const auto at_most = [&](const std::string& name, const std::vector<std::unique_ptr<httplib::SSLClient>>& clients,
                             const Step& step) -> std::optional<PhaseResult> {
        if (only_paced) {
            return std::nullopt;
        }
        const double baseline_rate = baseline.measure();
        PhaseResult result = measure(name, options, {}, clients, step);
        result.baseline_rate = baseline_rate;
        results.phases.push_back(result);
        return result;
    };
    const auto paced = [&](const std::string& name, const std::vector<std::unique_ptr<httplib::SSLClient>>& clients,
                           const Step& step, const std::optional<PhaseResult>& most) {
        const auto pace = most ? half_load_pace(*most, options.terminals) : options.pace;
        PhaseResult result = measure(name + ", paced", options, pace, clients, step);
        results.phases.push_back(result);
        return result;
    };
    // The paced issue comes after the call-next at most, which empties the queue: the paced
    // call-next then serves the tickets the paced issue left.
    const std::string small = "issue, past " + std::to_string(k_small_history);
    auto issue_small = at_most(small, kiosks, issue("small"));
    auto calls = at_most("call-next/finish", counters, call_and_finish);
    const PhaseResult issue_small_paced = paced(small, kiosks, issue("small-paced"), issue_small);
    const PhaseResult calls_paced = paced("call-next/finish", counters, call_and_finish, calls);
    const auto loading = Clock::now();
    add_past_tickets(storage_url, k_small_history, options.history_rows);
    std::printf("(%ld past tickets added in %.0f s)\n", options.history_rows - k_small_history,
                std::chrono::duration<double>(Clock::now() - loading).count());
    const std::string large = "issue, past " + std::to_string(options.history_rows);
    auto issue_large = at_most(large, kiosks, issue("large"));
    const PhaseResult issue_large_paced = paced(large, kiosks, issue("large-paced"), issue_large);
    results.writes = {{issue_small, issue_small_paced}, {calls, calls_paced}, {issue_large, issue_large_paced}};
    return results;
}

const char* verdict(bool met) {
    return met ? "met" : "MISSED";
}

// Prints the figures and the goals; false when a phase did nothing or had errors, so that a
// smoke run fails.
bool print(const std::string& backend, const Baseline& baseline, long history_rows, const BackendResults& results) {
    bool clean = true;
    for (const PhaseResult& result : results.phases) {
        clean = clean && result.requests > 0 && result.errors == 0;
        if (result.baseline_rate > 0) {
            std::printf("%-11s %-28s %8s %7s %8s %9.0f\n", backend.c_str(), baseline.name.c_str(), "", "", "",
                        result.baseline_rate);
        }
        std::printf("%-11s %-28s %8ld %7ld %8.1f %9.0f %8.2f %8.2f\n", backend.c_str(), result.name.c_str(),
                    result.requests, result.errors, result.seconds, rate(result), result.p50_ms, result.p99_ms);
    }
    for (const WriteResult& write : results.writes) {
        const PhaseResult& paced = write.paced;
        std::string name = paced.name.substr(0, paced.name.size() - std::string(", paced").size());
        if (write.most) {
            const double ratio = write.most->baseline_rate > 0 ? rate(*write.most) / write.most->baseline_rate : 0.0;
            std::printf("%-11s   %-22s at most %.2f x baseline (goal >= %.1f: %s)\n", backend.c_str(), name.c_str(),
                        ratio, k_goal_ratio, verdict(ratio >= k_goal_ratio));
        }
        std::printf("%-11s   %-22s paced, each terminal every %lld ms: p99 %.1f ms (goal <= %.0f: %s)\n",
                    backend.c_str(), name.c_str(), static_cast<long long>(paced.pace.count()), paced.p99_ms,
                    k_goal_p99_ms, verdict(paced.p99_ms <= k_goal_p99_ms));
    }
    const auto& small = results.writes.front();
    const auto& large = results.writes.back();
    if (small.most && large.most && rate(*small.most) > 0) {
        std::printf("%-11s   issue rate at most with %ld past tickets / with %ld: %.2f (flat is 1)\n", backend.c_str(),
                    history_rows, k_small_history, rate(*large.most) / rate(*small.most));
    }
    return clean;
}

}  // namespace

int main(int argc, char** argv) {
    const std::optional<Options> options = parse_options(argc, argv);
    if (!options) {
        std::fprintf(stderr,
                     "usage: server_load [--terminals N] [--seconds S] [--requests R] [--baseline-seconds B] "
                     "[--history-rows H] [--pace-ms P] [--postgresql URL] [--only sqlite|postgresql]\n");
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
        const std::string pace = options->pace.count() > 0
                                     ? "one request every " + std::to_string(options->pace.count()) + " ms"
                                     : "at most, then paced at half that rate";
        std::printf("%d terminals, %s, at most %d s per phase%s, loopback mutual TLS; baselines %d s\n",
                    options->terminals, pace.c_str(), options->seconds,
                    options->requests == LONG_MAX ? ""
                                                  : (" and " + std::to_string(options->requests) + " requests").c_str(),
                    options->baseline_seconds);
        if (options->pace.count() > 0) {
            std::printf("paced only: the rates are the offered load, so only the latency goal applies\n");
        }
        std::printf("%-11s %-28s %8s %7s %8s %9s %8s %8s\n", "backend", "operation", "requests", "errors", "seconds",
                    "per s", "p50 ms", "p99 ms");
        std::fflush(stdout);
        fs::create_directories(dir / "sqlite");
        int files = 0;
        const Baseline sqlite{"INSERT+COMMIT, 1 writer", [&] {
                                  const fs::path file = dir / "sqlite" / ("baseline-" + std::to_string(files++) + ".db");
                                  return sqlite_insert_rate(file, options->baseline_seconds);
                              }};
        bool clean = true;
        if (options->only != "postgresql") {
            clean = print(
                "sqlite", sqlite, options->history_rows,
                run_backend(*options, dir / "sqlite", "sqlite:" + (dir / "sqlite" / "server.db").string(), sqlite));
            std::fflush(stdout);
        }
        if (!options->postgresql_url.empty() && options->only != "sqlite") {
            fs::create_directories(dir / "postgresql");
            const Baseline pgbench{
                "pgbench INSERT, " + std::to_string(madoguchi::server::k_postgresql_connections) + " clients", [&] {
                    const auto measured =
                        pgbench_insert_rate(options->postgresql_url, dir / "postgresql", options->baseline_seconds);
                    if (!measured) {
                        throw std::runtime_error("the pgbench baseline failed");
                    }
                    return *measured;
                }};
            clean = print("postgresql", pgbench, options->history_rows,
                          run_backend(*options, dir / "postgresql", options->postgresql_url, pgbench)) &&
                    clean;
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
