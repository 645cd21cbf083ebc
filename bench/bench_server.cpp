#include "bench_server.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace madoguchi::bench {
namespace {

namespace fs = std::filesystem;

bool run(const std::string& command) {
    return std::system(("bash -c \"" + command + "\" >/dev/null").c_str()) == 0;
}

std::string read_text(const fs::path& path) {
    std::ifstream file(path);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace

Server::Server(const fs::path& dir, const std::string& storage_url, int workers, const std::vector<Terminal>& terminals)
    : m_dir(dir) {
    const std::string binary = MADOGUCHI_SERVER_BINARY;
    const std::string pki = (dir / "pki").string();
    if (!run(binary + " pki init --dir " + pki)) {
        throw std::runtime_error("pki init failed");
    }
    for (const Terminal& terminal : terminals) {
        if (!run(binary + " pki issue-terminal --dir " + pki + " --role " + terminal.role + " --site chuo --name " +
                 terminal.name)) {
            throw std::runtime_error("pki issue-terminal failed for " + terminal.name);
        }
    }
    std::ofstream(dir / "server.toml")
        << "[listen]\naddress = \"127.0.0.1\"\nport = 0\n"
        << "[tls]\ncertificate = \"pki/server.crt\"\nkey = \"pki/server.key\"\nclient_ca = \"pki/ca.crt\"\n"
        << "[storage]\nurl = \"" << storage_url << "\"\n"
        << "[catalog]\nservices = \"" MADOGUCHI_SOURCE_DIR "/assets/services.toml\"\n"
        << "[signing]\nkey_dir = \"keys\"\n"
        << "[status]\nbase_url = \"https://status.madoguchi.test/t/\"\nlisten_port = 0\n"
        << "[limits]\nworker_threads = " << workers << "\n";
    if (!run(binary + " staff set-password --config " + (dir / "server.toml").string() +
             " --id load-staff --site chuo <<<'load-password'")) {
        throw std::runtime_error("staff set-password failed");
    }
    start(binary);
}

Server::~Server() {
    kill(m_pid, SIGTERM);
    waitpid(m_pid, nullptr, 0);
}

fs::path Server::certificate(const std::string& terminal) const {
    return m_dir / "pki" / "terminals" / (terminal + ".crt");
}

fs::path Server::key(const std::string& terminal) const {
    return m_dir / "pki" / "terminals" / (terminal + ".key");
}

std::unique_ptr<httplib::SSLClient> Server::client(const std::string& terminal) const {
    auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", m_port, certificate(terminal).string(),
                                                       key(terminal).string());
    client->set_ca_cert_path(ca_certificate().c_str());
    client->enable_server_certificate_verification(true);
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);
    client->set_read_timeout(10);
    return client;
}

void Server::start(const std::string& binary) {
    const std::string log = (m_dir / "server.log").string();
    const std::string config = (m_dir / "server.toml").string();
    m_pid = fork();
    if (m_pid == 0) {
        const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, STDERR_FILENO);
        execl(binary.c_str(), binary.c_str(), "--config", config.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    const std::regex listening(R"(event=listening address=\S+ port=(\d+))");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        std::smatch match;
        const std::string text = read_text(log);
        if (std::regex_search(text, match, listening)) {
            m_port = std::stoi(match[1].str());
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(m_pid, SIGKILL);
    waitpid(m_pid, nullptr, 0);
    throw std::runtime_error("the server did not start:\n" + read_text(log));
}

int in_scratch_directory(const char* program, const std::function<int(const fs::path&)>& measure) {
    std::string pattern = (fs::temp_directory_path() / (std::string(program) + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    fs::create_directories(fs::path(pattern) / "server");
    int status = 1;
    try {
        status = measure(pattern);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s: %s\n", program, error.what());
    }
    std::error_code ignored;
    fs::remove_all(pattern, ignored);
    return status;
}

}  // namespace madoguchi::bench
