// The citizen's status page in a real browser: headless Chromium (Debian `chromium`, listed in
// installer/packages.txt) loads the page from the QR URL on the status listener, once per look
// with --dump-dom, and once for good through the DevTools protocol to watch it change live.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <memory>

#include "devtools_pipe.hpp"
#include "support.hpp"

using namespace madoguchi::server::test;
using nlohmann::json;

namespace {

// The DOM after the page has loaded. The city CA is not in Chromium's trust store, hence
// --ignore-certificate-errors; the page's content is what is checked here, not TLS.
std::string chromium_dom(const std::string& url) {
    const TempDir profile;
    const std::string command =
        "timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking "
        "--disable-component-update --disable-sync --no-first-run --ignore-certificate-errors --user-data-dir=" +
        profile.path().string() + " --dump-dom '" + url + "' 2>/dev/null";
    const std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(command.c_str(), "r"), pclose);
    REQUIRE(pipe != nullptr);
    std::string dom;
    std::array<char, 4096> buffer{};
    while (const std::size_t read = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) {
        dom.append(buffer.data(), read);
    }
    REQUIRE_MESSAGE(!dom.empty(), "chromium printed nothing; is the Debian package `chromium` installed?");
    return dom;
}

// The QR names the public status host; here the page is on the status listener on loopback.
std::string loopback_url(const ServerProcess& server, const json& ticket) {
    std::string url = ticket["qr_url"].get<std::string>();
    url.replace(0, url.find("/t/"), "https://127.0.0.1:" + std::to_string(server.status_port()));
    return url;
}

std::string page_contains(const std::string& text) {
    return "document.body !== null && document.body.innerText.includes(" + json(text).dump() + ")";
}

}  // namespace

TEST_CASE("one open status page changes when a counter calls, without being loaded again") {
    ServerProcess server(Backend::sqlite);
    auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
    auto counter = server.client("counter", "chuo", "chuo-c1");
    body_of(issue(*kiosk, "live-1", R"({"service": "tax"})"));
    const json ticket = body_of(issue(*kiosk, "live-2", R"({"service": "tax"})"));

    HeadlessBrowser browser;
    browser.open(loopback_url(server, ticket));
    REQUIRE(browser.wait_until(page_contains("お待ちの方 1 人")));
    // The page's event stream is open (EventSource.OPEN): from here on no call can slip past it.
    REQUIRE(browser.wait_until("typeof events !== 'undefined' && events.readyState === 1"));
    // A reload or a new navigation would lose this.
    browser.evaluate("window.loadedOnce = 'still the first load'");

    CHECK(body_of(counter_post(*counter, "c1", "call-next"))["ticket"]["number"] == "G-001");
    CHECK(browser.wait_until(page_contains("お待ちの方 0 人")));
    CHECK(browser.wait_until(page_contains("0 people ahead")));
    CHECK(body_of(counter_post(*counter, "c1", "finish"))["ticket"]["state"] == "done");
    CHECK(body_of(counter_post(*counter, "c1", "call-next"))["ticket"]["number"] == "G-002");
    CHECK(browser.wait_until(page_contains("c1 番窓口へお越しください")));
    CHECK(browser.wait_until(page_contains("Please go to counter c1")));
    CHECK(browser.evaluate("window.loadedOnce") == "still the first load");
}

TEST_CASE("headless Chromium shows the position, then the counter once the ticket is called") {
    ServerProcess server(Backend::sqlite);
    auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
    auto counter = server.client("counter", "chuo", "chuo-c1");
    body_of(issue(*kiosk, "b-1", R"({"service": "tax"})"));
    const json ticket = body_of(issue(*kiosk, "b-2", R"({"service": "tax"})"));
    const std::string url = loopback_url(server, ticket);

    const std::string waiting = chromium_dom(url);
    CHECK(waiting.find("G-002") != std::string::npos);
    CHECK(waiting.find("お待ちの方 1 人") != std::string::npos);
    CHECK(waiting.find("1 person ahead") != std::string::npos);
    CHECK(waiting.find("EventSource") != std::string::npos);

    CHECK(body_of(counter_post(*counter, "c1", "call-next"))["ticket"]["number"] == "G-001");
    CHECK(chromium_dom(url).find("お待ちの方 0 人") != std::string::npos);
    CHECK(body_of(counter_post(*counter, "c1", "finish"))["ticket"]["state"] == "done");
    CHECK(body_of(counter_post(*counter, "c1", "call-next"))["ticket"]["number"] == "G-002");
    const std::string called = chromium_dom(url);
    CHECK(called.find("c1 番窓口へお越しください") != std::string::npos);
    CHECK(called.find("Please go to counter c1") != std::string::npos);
    // A URL whose signature does not verify shows nothing of the ticket.
    const std::string forged = chromium_dom(url.substr(0, url.size() - 4) + "AAAA");
    CHECK(forged.find("G-002") == std::string::npos);
    CHECK(forged.find("見つかりません") != std::string::npos);
}
