#include "support.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <httplib.h>
#include <libpq-fe.h>
#include <openssl/rand.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "kiosk/log.hpp"

namespace madoguchi::server::test {
namespace {

std::string random_hex(std::size_t bytes) {
    std::string raw(bytes, '\0');
    REQUIRE(RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) == 1);
    static constexpr std::string_view k_hex = "0123456789abcdef";
    std::string text;
    for (unsigned char byte : raw) {
        text += k_hex[byte >> 4];
        text += k_hex[byte & 0xf];
    }
    return text;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "madoguchi-server-test-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    m_path = pattern;
}

TempDir::~TempDir() {
    std::error_code error;
    std::filesystem::remove_all(m_path, error);
}

const char* backend_name(Backend backend) {
    return backend == Backend::sqlite ? "sqlite" : "postgresql";
}

std::string fresh_storage_url(Backend backend, const TempDir& dir) {
    if (backend == Backend::sqlite) {
        return "sqlite:" + (dir.path() / "server.db").string();
    }
    const std::string admin = "host=" MADOGUCHI_TEST_PG_DIR " dbname=postgres user=postgres";
    PGconn* connection = PQconnectdb(admin.c_str());
    const std::unique_ptr<PGconn, decltype(&PQfinish)> owner(connection, PQfinish);
    if (PQstatus(connection) != CONNECTION_OK) {
        FAIL(
            "the test PostgreSQL cluster is not running (ctest starts it with the server_postgresql fixture, "
            "or run tests/server/pg_cluster.sh start " MADOGUCHI_TEST_PG_DIR "): "
            << PQerrorMessage(connection));
    }
    const std::string name = "t_" + random_hex(8);
    PGresult* result = PQexec(connection, ("CREATE DATABASE " + name).c_str());
    const bool created = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    REQUIRE_MESSAGE(created, PQerrorMessage(connection));
    return "postgresql:///" + name + "?host=" MADOGUCHI_TEST_PG_DIR "&user=postgres";
}

std::unique_ptr<Repository> fresh_repository(Backend backend, const TempDir& dir) {
    log::set_min_level(log::Level::warn);
    auto database = open_database(fresh_storage_url(backend, dir));
    REQUIRE_MESSAGE(database.has_value(), (database ? "" : database.error().message));
    auto repository = std::make_unique<Repository>(std::move(*database));
    auto migrated = repository->migrate();
    REQUIRE_MESSAGE(migrated.has_value(), (migrated ? "" : migrated.error().message));
    REQUIRE(repository->ensure_sites({"chuo", "kita"}).has_value());
    return repository;
}

int run_server_binary(const std::string& arguments) {
    // bash for the here-strings that feed passwords to `staff set-password`.
    const std::string command = "bash -c \"" + std::string(MADOGUCHI_SERVER_BINARY) + " " + arguments + " >/dev/null\"";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ServerProcess::ServerProcess(Backend backend, const std::string& storage_url)
    : m_pki(m_dir.path() / "pki"),
      m_storage_url(storage_url.empty() ? fresh_storage_url(backend, m_dir) : storage_url) {
    // A server that drops a connection (a client without a certificate) must not kill the test.
    signal(SIGPIPE, SIG_IGN);
    REQUIRE(run_server_binary("pki init --dir " + m_pki.string()) == 0);
    start(0, 0);
}

void ServerProcess::start(int port, int status_port) {
    const std::filesystem::path config = m_dir.path() / "server.toml";
    std::ofstream(config) << "[listen]\naddress = \"127.0.0.1\"\nport = " << port << "\n"
                          << "[tls]\ncertificate = \"pki/server.crt\"\nkey = \"pki/server.key\"\n"
                          << "client_ca = \"pki/ca.crt\"\n"
                          << "[storage]\nurl = \"" << m_storage_url << "\"\n"
                          << "[catalog]\nservices = \"" MADOGUCHI_SOURCE_DIR "/assets/services.toml\"\n"
                          << "[signing]\nkey_dir = \"keys\"\n"
                          << "[status]\nbase_url = \"https://status.madoguchi.test/t/\"\n"
                          << "listen_port = " << status_port << "\n"
                          << "[queue]\npolicy = \"strict\"\n"
                          << "[limits]\nmax_body_bytes = 4096\n"
                          << "[staff]\nlogin_attempts = 3\n";
    const std::string log_path = (m_dir.path() / "server.log").string();
    const int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    REQUIRE(log_fd >= 0);
    REQUIRE(null_fd >= 0);
    std::string binary = MADOGUCHI_SERVER_BINARY;
    std::string flag = "--config";
    std::string config_path = config.string();
    std::array<char*, 4> argv{binary.data(), flag.data(), config_path.data(), nullptr};
    const pid_t parent = getpid();
    m_pid = fork();
    if (m_pid == 0) {
        // A test that crashes must not leave its server behind: the server dies with it.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) {
            _exit(127);
        }
        // stdout is not the test's: ctest waits for every holder of its pipe to exit.
        dup2(null_fd, STDOUT_FILENO);
        dup2(log_fd, STDERR_FILENO);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    close(log_fd);
    close(null_fd);
    REQUIRE(m_pid > 0);

    // The status listener is announced first, so both ports are known once "listening" shows.
    const std::regex status_listening(R"(event=status_listening address=\S+ port=(\d+))");
    const std::regex listening(R"(event=listening address=\S+ port=(\d+))");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        std::smatch match;
        std::smatch status_match;
        const std::string text = log();
        if (std::regex_search(text, match, listening) && std::regex_search(text, status_match, status_listening)) {
            m_status_port = std::stoi(status_match[1].str());
            m_port = std::stoi(match[1].str());
            return;
        }
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            FAIL("madoguchi-server exited during start-up:\n" << text);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // A failing constructor runs no destructor: stop the process here.
    kill(m_pid, SIGKILL);
    waitpid(m_pid, nullptr, 0);
    m_pid = -1;
    FAIL("madoguchi-server did not start listening:\n" << log());
}

void ServerProcess::restart() {
    stop();
    start(m_port, m_status_port);
}

void ServerProcess::stop() {
    if (m_pid > 0) {
        kill(m_pid, SIGKILL);
        waitpid(m_pid, nullptr, 0);
        m_pid = -1;
    }
}

ServerProcess::~ServerProcess() {
    if (m_pid > 0) {
        kill(m_pid, SIGTERM);
        int status = 0;
        waitpid(m_pid, &status, 0);
    }
}

std::string ServerProcess::log() const {
    return read_file(m_dir.path() / "server.log");
}

std::unique_ptr<httplib::SSLClient> ServerProcess::client(const std::string& role, const std::string& site,
                                                          const std::string& name, bool log_in) {
    REQUIRE(run_server_binary("pki issue-terminal --dir " + m_pki.string() + " --role " + role + " --site " + site +
                              " --name " + name) == 0);
    auto client =
        std::make_unique<httplib::SSLClient>("127.0.0.1", m_port, (m_pki / "terminals" / (name + ".crt")).string(),
                                             (m_pki / "terminals" / (name + ".key")).string());
    client->set_ca_cert_path((m_pki / "ca.crt").c_str());
    client->enable_server_certificate_verification(true);
    client->set_connection_timeout(5);
    client->set_read_timeout(10);
    if (log_in && (role == "counter" || role == "floor")) {
        const std::string staff = "staff-" + name;
        const std::string password = "password-" + name;
        REQUIRE(run_server_binary("staff set-password --config " + config_path().string() + " --id " + staff +
                                  " --site " + site + " <<<'" + password + "'") == 0);
        const auto login =
            client->Post("/api/v1/staff/login", R"({"staff_id": ")" + staff + R"(", "password": ")" + password + "\"}",
                         "application/json");
        REQUIRE(login);
        REQUIRE_MESSAGE(login->status == 200, login->body);
        const auto body = nlohmann::json::parse(login->body, nullptr, false);
        REQUIRE(body.contains("token"));
        client->set_bearer_token_auth(body["token"].get<std::string>());
    }
    return client;
}

std::unique_ptr<httplib::SSLClient> ServerProcess::anonymous_client(bool status_page) const {
    auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", status_page ? m_status_port : m_port);
    client->set_ca_cert_path((m_pki / "ca.crt").c_str());
    client->enable_server_certificate_verification(true);
    client->set_connection_timeout(5);
    client->set_read_timeout(5);
    return client;
}

httplib::Result issue(httplib::SSLClient& client, const std::string& key, const std::string& body,
                      const std::string& site) {
    httplib::Headers headers;
    if (!key.empty()) {
        headers.emplace("Idempotency-Key", key);
    }
    return client.Post(("/api/v1/sites/" + site + "/tickets").c_str(), headers, body, "application/json");
}

httplib::Result counter_post(httplib::SSLClient& client, const std::string& counter, const std::string& action,
                             const std::string& body) {
    return client.Post(("/api/v1/sites/chuo/counters/" + counter + "/" + action).c_str(), body, "application/json");
}

nlohmann::json body_of(const httplib::Result& result) {
    REQUIRE(result);
    const nlohmann::json parsed = nlohmann::json::parse(result->body, nullptr, false);
    REQUIRE_MESSAGE(!parsed.is_discarded(), result->body);
    return parsed;
}

EventCollector::EventCollector(httplib::SSLClient& client, const std::string& path, const httplib::Headers& headers)
    : m_client(client), m_thread([this, path, headers] {
          m_client.Get(path.c_str(), headers, [this](const char* data, std::size_t size) {
              const std::lock_guard lock(m_mutex);
              m_received.append(data, size);
              m_changed.notify_all();
              return !m_stopping;
          });
      }) {}

EventCollector::~EventCollector() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    // Shutting the socket down ends the Get that would otherwise wait for the next keep-alive.
    m_client.stop();
    m_thread.join();
}

bool EventCollector::wait_for(const std::string& text, std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [&] { return m_received.find(text) != std::string::npos; });
}

std::string EventCollector::received() const {
    const std::lock_guard lock(m_mutex);
    return m_received;
}

}  // namespace madoguchi::server::test
