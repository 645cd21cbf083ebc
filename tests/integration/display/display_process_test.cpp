// Three kinds of process on one server: the server, the real `madoguchi --role display` under
// Xvfb, and this test as kiosk and counter. The display's log line for each call it put on its
// board (and announced) is what the test reads.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "tests/server/support.hpp"

using madoguchi::server::test::Backend;
using madoguchi::server::test::ServerProcess;
using madoguchi::server::test::TempDir;
using namespace std::chrono_literals;

namespace {

class DisplayProcess {
public:
    DisplayProcess(const std::filesystem::path& config, const std::filesystem::path& log) : m_log(log) {
        const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        REQUIRE(log_fd >= 0);
        const std::string command = "exec xvfb-run -a -s '-screen 0 1280x720x24' " MADOGUCHI_APP " --config " +
                                    config.string() + " --windowed 1280x720";
        const pid_t parent = getpid();
        m_pid = fork();
        if (m_pid == 0) {
            setpgid(0, 0);  // its own group: xvfb-run, Xvfb and the app are stopped together
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (getppid() != parent) {
                _exit(127);
            }
            dup2(log_fd, STDERR_FILENO);
            const int null_fd = open("/dev/null", O_WRONLY);
            dup2(null_fd, STDOUT_FILENO);
            execl("/bin/sh", "sh", "-c", command.c_str(), nullptr);
            _exit(127);
        }
        close(log_fd);
        REQUIRE(m_pid > 0);
    }
    ~DisplayProcess() {
        kill(-m_pid, SIGTERM);
        waitpid(m_pid, nullptr, 0);
    }
    DisplayProcess(const DisplayProcess&) = delete;
    DisplayProcess& operator=(const DisplayProcess&) = delete;

    std::string log() const {
        std::ifstream in(m_log);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
    bool wait_for(const std::string& text, std::chrono::seconds limit) const {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            if (log().find(text) != std::string::npos) {
                return true;
            }
            std::this_thread::sleep_for(20ms);
        }
        return false;
    }

private:
    std::filesystem::path m_log;
    pid_t m_pid = -1;
};

}  // namespace

TEST_CASE("madoguchi --role display shows a counter's call, its own process against the server's") {
    ServerProcess server(Backend::sqlite);
    auto kiosk = server.client("kiosk", "chuo", "kiosk-1");
    auto counter = server.client("counter", "chuo", "counter-1");
    REQUIRE(madoguchi::server::test::run_server_binary("pki issue-terminal --dir " + server.pki_dir().string() +
                                                       " --role display --site chuo --name display-1") == 0);
    TempDir dir;
    const auto terminals = server.pki_dir() / "terminals";
    std::ofstream(dir.path() / "terminal.toml")
        << "[terminal]\nsite = \"chuo\"\nrole = \"display\"\n"
        << "[server]\nurl = \"https://127.0.0.1:" << server.port() << "\"\n"
        << "ca_certificate = \"" << (server.pki_dir() / "ca.crt").string() << "\"\n"
        << "certificate = \"" << (terminals / "display-1.crt").string() << "\"\n"
        << "key = \"" << (terminals / "display-1.key").string() << "\"\n";
    DisplayProcess display(dir.path() / "terminal.toml", dir.path() / "display.log");
    REQUIRE_MESSAGE(display.wait_for("event=queue_feed_connected", 60s), display.log());

    const auto issued = madoguchi::server::test::issue(*kiosk, "k1", R"({"service": "certificates"})");
    REQUIRE(issued);
    const std::string number = nlohmann::json::parse(issued->body)["number"].get<std::string>();
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(madoguchi::server::test::counter_post(*counter, "3", "call-next")->status == 200);
    CHECK_MESSAGE(display.wait_for("event=display_call number=" + number + " counter=3", 30s), display.log());
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    MESSAGE("call-next sent → the display process logged the call after " << ms << " ms (log polled every 20 ms)");
}
