#include "server_app.hpp"

#include <httplib.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <mutex>
#include <thread>

#include "kiosk/log.hpp"
#include "server/api.hpp"
#include "server/audit_log.hpp"
#include "server/day_close.hpp"
#include "server/event_relay.hpp"
#include "server/status_page.hpp"

namespace madoguchi::server {
namespace {

struct Prepared {
    std::unique_ptr<Repository> repository;
    SiteKeys keys;
};

std::optional<Prepared> prepare(const ServerConfig& config, const ServiceCatalog& catalog) {
    std::vector<std::string> site_ids;
    for (const Site& site : catalog.sites()) {
        site_ids.push_back(site.id);
    }
    auto keys = SiteKeys::load(config.signing_key_dir, site_ids);
    if (!keys) {
        log::error("signing_keys_failed", {{"reason", keys.error().message}});
        return std::nullopt;
    }
    auto database = config.storage_connections > 0
                        ? open_database(config.storage_url, static_cast<std::size_t>(config.storage_connections))
                        : open_database(config.storage_url);
    if (!database) {
        log::error("storage_open_failed", {{"reason", database.error().message}});
        return std::nullopt;
    }
    auto repository = std::make_unique<Repository>(std::move(*database));
    if (auto migrated = repository->migrate(); !migrated) {
        log::error("storage_migrate_failed", {{"reason", migrated.error().message}});
        return std::nullopt;
    }
    if (auto ensured = repository->ensure_sites(site_ids); !ensured) {
        log::error("storage_sites_failed", {{"reason", ensured.error().message}});
        return std::nullopt;
    }
    return Prepared{std::move(repository), std::move(*keys)};
}

// Deletes what the retention settings no longer allow to keep and closes the tickets of past
// days: at start, then every hour.
class RetentionSweeper {
public:
    RetentionSweeper(const ServerConfig& config, Repository& repository, ApplicationStore& applications,
                     StaffStore& staff)
        : m_config(config), m_repository(repository), m_applications(applications), m_staff(staff), m_thread([this] {
              run();
          }) {}
    ~RetentionSweeper() {
        {
            const std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }
    RetentionSweeper(const RetentionSweeper&) = delete;
    RetentionSweeper& operator=(const RetentionSweeper&) = delete;

private:
    void sweep() {
        const auto now = std::chrono::system_clock::now();
        auto applications = m_applications.purge(now - m_config.application_retention);
        auto keys = m_repository.purge_idempotency(now - m_config.idempotency_retention);
        auto sessions = m_staff.purge_expired(now);
        auto closed = close_past_days(m_repository.database(), now);
        for (const auto* purged : {&applications, &keys, &sessions, &closed}) {
            if (!*purged) {
                log::warn("retention_failed", {{"reason", purged->error().message}});
                return;
            }
        }
        log::info("retention_swept", {{"applications", std::to_string(*applications)},
                                      {"idempotency_keys", std::to_string(*keys)},
                                      {"staff_sessions", std::to_string(*sessions)},
                                      {"closed_past_days", std::to_string(*closed)}});
    }

    void run() {
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            lock.unlock();
            sweep();
            lock.lock();
            m_wake.wait_for(lock, std::chrono::hours(1), [this] { return m_stopping; });
        }
    }

    const ServerConfig& m_config;
    Repository& m_repository;
    ApplicationStore& m_applications;
    StaffStore& m_staff;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

constexpr std::size_t k_keep_alive_requests = 100'000;

// How much less of the processor a connection's worker asks for than the database writer.
constexpr int k_worker_niceness = 10;

// httplib's pool of connection workers, run below the priority of the rest of the server. Every
// write waits for the one writer thread (group_commit.hpp); when hundreds of workers are busy
// with TLS at once, an equal share of the processor each leaves the writer a sliver of it, and
// every request waits longer for it than at full load, when the workers idle in its queue.
class WorkerPool final : public httplib::TaskQueue {
public:
    explicit WorkerPool(std::size_t threads) : m_pool(threads) {}
    void enqueue(std::function<void()> work) override {
        m_pool.enqueue([work = std::move(work)] {
            // nice() adds to the calling thread's own niceness (Linux keeps it per thread); a
            // thread may always lower its own priority.
            thread_local bool lowered = false;
            if (!lowered) {
                lowered = true;
                errno = 0;
                if (nice(k_worker_niceness) == -1 && errno != 0) {
                    log::warn("worker_priority_unchanged", {{"reason", std::strerror(errno)}});
                }
            }
            work();
        });
    }
    void shutdown() override { m_pool.shutdown(); }

private:
    httplib::ThreadPool m_pool;
};

// Binds to `port`, or to a port the system chooses when it is 0; returns the port or -1.
int bind(httplib::SSLServer& server, const std::string& address, std::int64_t port) {
    if (port == 0) {
        return server.bind_to_any_port(address);
    }
    return server.bind_to_port(address, static_cast<int>(port)) ? static_cast<int>(port) : -1;
}

}  // namespace

int verify_audit_log(const ServerConfig& config) {
    auto database = open_database(config.storage_url);
    if (!database) {
        std::fprintf(stderr, "audit verify: %s\n", database.error().message.c_str());
        return 1;
    }
    Repository repository(std::move(*database));
    if (auto migrated = repository.migrate(); !migrated) {
        std::fprintf(stderr, "audit verify: %s\n", migrated.error().message.c_str());
        return 1;
    }
    auto report = verify_audit(repository.database());
    if (!report) {
        std::fprintf(stderr, "audit verify: %s\n", report.error().message.c_str());
        return 1;
    }
    if (!report->intact) {
        std::printf("audit log BROKEN after %lld intact entries: %s\n", static_cast<long long>(report->entries),
                    report->problem.c_str());
        return 1;
    }
    std::printf("audit log intact: %lld entries\n", static_cast<long long>(report->entries));
    return 0;
}

int set_staff_password(const ServerConfig& config, const std::string& staff_id, const std::string& site) {
    std::string password;
    if (!std::getline(std::cin, password) || password.size() < 8) {
        std::fprintf(stderr, "staff set-password: give a password of at least 8 characters on standard input\n");
        return 2;
    }
    auto database = open_database(config.storage_url);
    if (!database) {
        std::fprintf(stderr, "staff set-password: %s\n", database.error().message.c_str());
        return 1;
    }
    Repository repository(std::move(*database));
    StaffStore staff(repository.database());
    auto migrated = repository.migrate();
    auto stored =
        migrated ? staff.set_password(staff_id, site, password) : Stored<void>(std::unexpected(migrated.error()));
    OPENSSL_cleanse(password.data(), password.size());
    if (!stored) {
        std::fprintf(stderr, "staff set-password: %s\n", stored.error().message.c_str());
        return 1;
    }
    return 0;
}

int run_server(const ServerConfig& config) {
    // A terminal that goes away mid-response must cost one connection, not the process.
    signal(SIGPIPE, SIG_IGN);
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    auto catalog = load_service_catalog(config.services);
    if (!catalog) {
        log::error("catalog_invalid", {{"reason", catalog.error().describe()}});
        return 1;
    }
    auto prepared = prepare(config, *catalog);
    if (!prepared) {
        return 1;
    }
    httplib::SSLServer server(config.certificate.c_str(), config.private_key.c_str(), config.client_ca.c_str());
    // Phones have no client certificate: the status page gets a listener of its own.
    httplib::SSLServer status_server(config.certificate.c_str(), config.private_key.c_str());
    if (!server.is_valid() || !status_server.is_valid()) {
        log::error("tls_setup_failed", {{"certificate", config.certificate.string()},
                                        {"key", config.private_key.string()},
                                        {"client_ca", config.client_ca.string()}});
        return 1;
    }
    for (httplib::SSLServer* each : {&server, &status_server}) {
        SSL_CTX_set_min_proto_version(each->ssl_context(), TLS1_2_VERSION);
        // httplib writes a response's header and body separately; with Nagle's algorithm the body
        // then waits for the client's delayed ACK, about 40 ms on every keep-alive request.
        each->set_tcp_nodelay(true);
        // httplib serves a connection on one worker for as long as it stays open, so every
        // keep-alive terminal and every live event stream holds a worker: worker_threads must
        // exceed the terminals a site runs, or the surplus waits until others fall idle.
        const auto workers = static_cast<std::size_t>(config.worker_threads);
        each->new_task_queue = [workers] { return new WorkerPool(workers); };
        // httplib closes a keep-alive connection after 5 requests by default; each terminal
        // then pays a new mutual TLS handshake every fifth request.
        each->set_keep_alive_max_count(k_keep_alive_requests);
    }
    server.set_payload_max_length(static_cast<std::size_t>(std::max(config.max_body_bytes, config.max_photo_bytes)));
    status_server.set_payload_max_length(0);
    Metrics metrics;
    ApplicationStore applications(prepared->repository->database());
    EventHub events;
    // Declared after the hub, so that it stops forwarding before the hub goes.
    std::unique_ptr<PgEventRelay> relay;
    if (prepared->repository->dialect() == Dialect::postgresql) {
        auto started = PgEventRelay::start(config.storage_url, events);
        if (!started) {
            log::error("event_relay_failed", {{"reason", started.error().message}});
            return 1;
        }
        relay = std::move(*started);
    }
    BlockStore blocks(prepared->repository->database());
    StaffStore staff(prepared->repository->database(), LoginThrottle{config.login_attempts, config.login_cool_down});
    WaitEstimator waits(*prepared->repository);
    TerminalHealthStore terminals(prepared->repository->database());
    ApiContext context{config, *catalog, *prepared->repository, applications, blocks, staff, prepared->keys,
                       metrics, events, waits,   terminals};
    register_routes(server, context);
    StatusContext status_context{*catalog, *prepared->repository, prepared->keys, blocks, events, waits};
    register_status_routes(status_server, status_context);

    const int port = bind(server, config.listen_address, config.listen_port);
    const int status_port = bind(status_server, config.listen_address, config.status_port);
    if (port <= 0 || status_port <= 0) {
        log::error("listen_failed", {{"address", config.listen_address},
                                     {"port", std::to_string(config.listen_port)},
                                     {"status_port", std::to_string(config.status_port)}});
        return 1;
    }
    const RetentionSweeper sweeper(config, *prepared->repository, applications, staff);
    std::thread stopper([&server, &status_server, &events, stop_signals] {
        int received = 0;
        sigwait(&stop_signals, &received);
        // Event streams hold worker threads; they must end before the pools can.
        events.close();
        server.stop();
        status_server.stop();
    });
    std::thread status_thread([&status_server] { status_server.listen_after_bind(); });
    log::info("status_listening", {{"address", config.listen_address}, {"port", std::to_string(status_port)}});
    log::info("listening", {{"address", config.listen_address},
                            {"port", std::to_string(port)},
                            {"storage", prepared->repository->dialect() == Dialect::sqlite ? "sqlite" : "postgresql"}});
    server.listen_after_bind();
    // listen_after_bind also returns on a socket failure; wake the stopper so it can be joined.
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
    status_thread.join();
    log::info("stopped");
    return 0;
}

}  // namespace madoguchi::server
