#pragma once
// Headless Chromium driven through the DevTools protocol over --remote-debugging-pipe: commands
// go to the browser's fd 3 and answers come from its fd 4, each a JSON text ended by a NUL byte.
// No WebSocket, no port: the browser is this process's child and talks to no one else.
#include <sys/types.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "support.hpp"

namespace madoguchi::server::test {

class HeadlessBrowser {
public:
    HeadlessBrowser();
    ~HeadlessBrowser();
    HeadlessBrowser(const HeadlessBrowser&) = delete;
    HeadlessBrowser& operator=(const HeadlessBrowser&) = delete;

    // Opens `url` in a new tab and attaches to it; later calls evaluate in that tab.
    void open(const std::string& url);
    // The value of a JavaScript expression in the open tab (returned by value).
    nlohmann::json evaluate(const std::string& expression);
    // Evaluates `expression` until it is true or `patience` has passed; true when it became true.
    // The patience only bounds a broken page's wait: nothing here measures speed.
    bool wait_until(const std::string& expression, std::chrono::seconds patience = std::chrono::seconds(60));

private:
    nlohmann::json command(const std::string& method, const nlohmann::json& params, const std::string& session = {});

    TempDir m_profile;
    pid_t m_pid = -1;
    int m_to_browser = -1;
    int m_from_browser = -1;
    long m_next_id = 1;
    std::string m_pending;
    std::string m_session;
};

}  // namespace madoguchi::server::test
