#include "devtools_pipe.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <stdexcept>
#include <thread>

namespace madoguchi::server::test {

using nlohmann::json;

HeadlessBrowser::HeadlessBrowser() {
    std::array<int, 2> commands{};
    std::array<int, 2> answers{};
    REQUIRE(pipe2(commands.data(), O_CLOEXEC) == 0);
    REQUIRE(pipe2(answers.data(), O_CLOEXEC) == 0);
    const std::string profile = "--user-data-dir=" + m_profile.path().string();
    m_pid = fork();
    REQUIRE(m_pid >= 0);
    if (m_pid == 0) {
        // Moved out of the way first: a pipe may already sit on fd 3 or 4. The copies dup2 makes
        // lose close-on-exec, so only fds 3 and 4 reach the browser.
        const int reading = fcntl(commands[0], F_DUPFD_CLOEXEC, 10);
        const int writing = fcntl(answers[1], F_DUPFD_CLOEXEC, 10);
        dup2(reading, 3);
        dup2(writing, 4);
        const int null = ::open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        // The city CA is not in Chromium's trust store: the page is checked here, not TLS.
        execlp("chromium", "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--ignore-certificate-errors",
               "--remote-debugging-pipe", profile.c_str(), "about:blank", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(commands[0]);
    close(answers[1]);
    m_to_browser = commands[1];
    m_from_browser = answers[0];
}

HeadlessBrowser::~HeadlessBrowser() {
    close(m_to_browser);
    close(m_from_browser);
    kill(m_pid, SIGTERM);
    waitpid(m_pid, nullptr, 0);
}

json HeadlessBrowser::command(const std::string& method, const json& params, const std::string& session) {
    const long id = m_next_id++;
    json message{{"id", id}, {"method", method}, {"params", params}};
    if (!session.empty()) {
        message["sessionId"] = session;
    }
    const std::string text = message.dump() + '\0';
    for (std::size_t sent = 0; sent < text.size();) {
        const ssize_t wrote = write(m_to_browser, text.data() + sent, text.size() - sent);
        REQUIRE_MESSAGE(wrote > 0, "the browser stopped reading; is the Debian package `chromium` installed?");
        sent += static_cast<std::size_t>(wrote);
    }
    // Events arrive between the answers; only the answer to this command is of interest.
    for (;;) {
        for (std::size_t end = m_pending.find('\0'); end != std::string::npos; end = m_pending.find('\0')) {
            const json answer = json::parse(m_pending.substr(0, end), nullptr, false);
            m_pending.erase(0, end + 1);
            if (answer.is_object() && answer.value("id", -1L) == id) {
                REQUIRE_MESSAGE(!answer.contains("error"), (method + ": " + answer["error"].dump()));
                return answer["result"];
            }
        }
        pollfd readable{m_from_browser, POLLIN, 0};
        REQUIRE_MESSAGE(poll(&readable, 1, 60'000) == 1, ("the browser did not answer " + method));
        std::array<char, 65536> buffer{};
        const ssize_t got = read(m_from_browser, buffer.data(), buffer.size());
        REQUIRE_MESSAGE(got > 0, ("the browser closed the pipe during " + method));
        m_pending.append(buffer.data(), static_cast<std::size_t>(got));
    }
}

void HeadlessBrowser::open(const std::string& url) {
    const json target = command("Target.createTarget", {{"url", url}});
    const json attached =
        command("Target.attachToTarget", {{"targetId", target["targetId"]}, {"flatten", true}});
    m_session = attached["sessionId"].get<std::string>();
}

json HeadlessBrowser::evaluate(const std::string& expression) {
    const json result =
        command("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}}, m_session);
    return result["result"].value("value", json());
}

bool HeadlessBrowser::wait_until(const std::string& expression, std::chrono::seconds patience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < deadline) {
        if (evaluate(expression) == json(true)) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

}  // namespace madoguchi::server::test
