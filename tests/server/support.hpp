#pragma once
// Shared by the server tests: temporary directories, fresh databases on both back ends, and the
// real madoguchi-server process on loopback.
#include <doctest/doctest.h>
#include <httplib.h>
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "server/repository.hpp"

namespace madoguchi::server::test {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

enum class Backend { sqlite, postgresql };

const char* backend_name(Backend backend);

// A storage URL for an empty database: a new SQLite file in `dir`, or a new database in the
// test cluster (the ctest fixture server_postgresql starts it).
std::string fresh_storage_url(Backend backend, const TempDir& dir);

// A migrated repository on a fresh database, with the sites "chuo" and "kita".
std::unique_ptr<Repository> fresh_repository(Backend backend, const TempDir& dir);

// Runs the real binary with `arguments`; returns its exit status.
int run_server_binary(const std::string& arguments);

// madoguchi-server with its own PKI, config and database, serving on 127.0.0.1 with a port the
// system chose; stopped with SIGTERM on destruction. With `storage_url`, it shares that database
// with another instance instead.
class ServerProcess {
public:
    explicit ServerProcess(Backend backend, const std::string& storage_url = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return m_port; }
    int status_port() const { return m_status_port; }
    const std::filesystem::path& pki_dir() const { return m_pki; }
    std::filesystem::path config_path() const { return m_dir.path() / "server.toml"; }
    const std::string& storage_url() const { return m_storage_url; }

    // Issues a certificate for the terminal (via `pki issue-terminal`) and returns a client
    // that presents it and verifies the server against the city CA. On counter and floor
    // terminals a staff member "staff-<name>" is created (`staff set-password`) and logged in,
    // unless `log_in` is false.
    std::unique_ptr<httplib::SSLClient> client(const std::string& role, const std::string& site,
                                               const std::string& name, bool log_in = true);
    // A client that presents no certificate, for the API port or for the status page's port.
    std::unique_ptr<httplib::SSLClient> anonymous_client(bool status_page = false) const;

    std::string log() const;

    // Kills the process (SIGKILL: no orderly shutdown, as in a crash or a power cut) and starts
    // it again on the same ports with the same PKI and database.
    void restart();
    // Kills it the same way and leaves it down until restart().
    void stop();

private:
    void start(int port, int status_port);

    TempDir m_dir;
    std::filesystem::path m_pki;
    std::string m_storage_url;
    pid_t m_pid = -1;
    int m_port = 0;
    int m_status_port = 0;
};

// Runs `body` with a server process on SQLite and, as another doctest subcase, on one on PostgreSQL.
template <typename Body>
void on_each_server(Body&& body) {
    SUBCASE("sqlite") {
        ServerProcess server(Backend::sqlite);
        body(server);
    }
    SUBCASE("postgresql") {
        ServerProcess server(Backend::postgresql);
        body(server);
    }
}

// POST /api/v1/sites/{site}/tickets with an Idempotency-Key (none when `key` is empty).
httplib::Result issue(httplib::SSLClient& client, const std::string& key, const std::string& body,
                      const std::string& site = "chuo");
// POST /api/v1/sites/chuo/counters/{counter}/{action}.
httplib::Result counter_post(httplib::SSLClient& client, const std::string& counter, const std::string& action,
                             const std::string& body = "");
// The response body as JSON; fails the test when there is no response or no JSON.
nlohmann::json body_of(const httplib::Result& result);

// Reads a server-sent event stream on a thread of its own until destroyed.
class EventCollector {
public:
    EventCollector(httplib::SSLClient& client, const std::string& path, const httplib::Headers& headers);
    ~EventCollector();
    EventCollector(const EventCollector&) = delete;
    EventCollector& operator=(const EventCollector&) = delete;

    // Waits until the stream so far contains `text`; false after `timeout`.
    bool wait_for(const std::string& text, std::chrono::milliseconds timeout);
    std::string received() const;

private:
    httplib::SSLClient& m_client;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::string m_received;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace madoguchi::server::test
