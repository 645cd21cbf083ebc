#pragma once
// A counter terminal's process in a test: its desk, queue feed and main queue against the real
// server, and the server's own account of the queue to check what the counter did.
#include <doctest/doctest.h>
#include <httplib.h>

#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/support/ui_pump.hpp"
#include "kiosk/counter_desk.hpp"
#include "kiosk/counter_terminal.hpp"
#include "kiosk/queue_feed.hpp"
#include "tests/server/support.hpp"
#include "tests/ui/headless_ui.hpp"

namespace madoguchi::testing {

using server::test::ServerProcess;
using namespace std::chrono_literals;


// A terminal certificate of `role` named `name`, and the endpoint that presents it.
inline ServerEndpoint terminal_endpoint(ServerProcess& server, const std::string& role, const std::string& name) {
    REQUIRE(server::test::run_server_binary("pki issue-terminal --dir " + server.pki_dir().string() + " --role " +
                                            role + " --site chuo --name " + name) == 0);
    return ServerEndpoint{"https://127.0.0.1:" + std::to_string(server.port()), server.pki_dir() / "ca.crt",
                          server.pki_dir() / "terminals" / (name + ".crt"),
                          server.pki_dir() / "terminals" / (name + ".key")};
}

inline void make_staff(ServerProcess& server, const std::string& id, const std::string& password) {
    REQUIRE(server::test::run_server_binary("staff set-password --config " + server.config_path().string() +
                                            " --id " + id + " --site chuo <<<'" + password + "'") == 0);
}

// The counter process's UI side: the desk, its queue feed, and the main queue they deliver to.
struct Counter : madoguchi::testing::UiPump {
    CounterDesk desk;
    std::unique_ptr<QueueFeed> feed;

    Counter(const ServerEndpoint& endpoint, CounterSettings settings) : desk(endpoint, settings, queue) {
        QueueFeedHandlers handlers;
        handlers.snapshot = [this](QueueSnapshot snapshot) { desk.apply_snapshot(snapshot, Clock::now()); };
        handlers.ticket = [this](QueueTicket ticket) { desk.apply_ticket(ticket, Clock::now()); };
        handlers.connection = [this](bool connected) { desk.set_connected(connected); };
        feed = std::make_unique<QueueFeed>(endpoint, settings.site, queue, std::move(handlers));
    }
    ~Counter() { feed.reset(); }

    bool settle() {
        return pump_until([this] { return !desk.waiting_for_server(); });
    }

    void type(const std::string& staff, const std::string& password) {
        for (char c : staff) {
            desk.type_staff_id(c);
        }
        for (char c : password) {
            desk.type_password(c);
        }
    }
    void log_in(const std::string& staff, const std::string& password) {
        type(staff, password);
        desk.log_in();
        REQUIRE(settle());
    }
    std::string held() const { return desk.ticket() ? desk.ticket()->number : ""; }
};

inline CounterSettings at_counter(const std::string& counter, std::chrono::minutes no_show_after = 3min) {
    return CounterSettings{"chuo", counter, {}, no_show_after};
}

inline std::string issue_ticket(httplib::SSLClient& kiosk, const std::string& key,
                         const std::string& service = "certificates") {
    const auto reply = server::test::issue(kiosk, key, R"({"service": ")" + service + "\"}");
    REQUIRE(reply);
    REQUIRE_MESSAGE(reply->status == 201, reply->body);
    return nlohmann::json::parse(reply->body)["number"].get<std::string>();
}

// The server's own account of where `number` is: its state, and its counter if any.
inline std::pair<std::string, std::string> on_server(httplib::SSLClient& kiosk, const std::string& number) {
    const auto queue = server::test::body_of(kiosk.Get("/api/v1/sites/chuo/queue"));
    for (const char* list : {"waiting", "at_counters"}) {
        for (const auto& ticket : queue[list]) {
            if (ticket["number"] == number) {
                const bool has_counter = ticket.contains("counter") && ticket["counter"].is_string();
                return {ticket["state"].get<std::string>(), has_counter ? ticket["counter"].get<std::string>() : ""};
            }
        }
    }
    return {"gone", ""};
}


// A kiosk of site chuo that issues with `madoguchi ticket issue --out` and files forms with
// `madoguchi forms fill --submit`: its certificate, outbox, terminal key and the site's
// application key (`application_key`, made when empty).
inline std::filesystem::path kiosk_terminal_config(ServerProcess& server, const server::test::TempDir& dir,
                                                   std::filesystem::path application_key = {}) {
    REQUIRE(server::test::run_server_binary("pki issue-terminal --dir " + server.pki_dir().string() +
                                            " --role kiosk --site chuo --name kiosk-1") == 0);
    const auto write_key = [](const std::filesystem::path& path, char fill) {
        std::ofstream(path, std::ios::binary) << std::string(32, fill);
        std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    };
    write_key(dir.path() / "terminal.key", 'k');
    if (application_key.empty()) {
        application_key = dir.path() / "application.key";
        write_key(application_key, 's');
    }
    const auto path = dir.path() / "kiosk.toml";
    const auto pki = server.pki_dir();
    std::ofstream(path) << "[terminal]\nsite = \"chuo\"\n[server]\nurl = \"https://127.0.0.1:" << server.port()
                        << "\"\nca_certificate = \"" << (pki / "ca.crt").string() << "\"\ncertificate = \""
                        << (pki / "terminals" / "kiosk-1.crt").string() << "\"\nkey = \""
                        << (pki / "terminals" / "kiosk-1.key").string() << "\"\n[storage]\noutbox = \""
                        << (dir.path() / "outbox.db").string() << "\"\nterminal_key = \""
                        << (dir.path() / "terminal.key").string() << "\"\napplication_key = \"" << application_key.string()
                        << "\"\n[printer]\nconnection = \"/dev/null-printer-is-not-used\"\n";
    return path;
}

// Runs the real `madoguchi` with `arguments`; fails the test unless it exits 0. Returns its output.
inline std::string run_madoguchi(const std::string& arguments) {
    FILE* pipe = ::popen((std::string(MADOGUCHI_APP) + " " + arguments + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
        output += buffer;
    }
    REQUIRE_MESSAGE(::pclose(pipe) == 0, output);
    return output;
}

inline std::string output_field(const std::string& output, const std::string& name) {
    std::smatch match;
    REQUIRE(std::regex_search(output, match, std::regex(name + R"(: (\S+))")));
    return match[1].str();
}

struct KioskTicket {
    std::string number;
    std::string id;
    std::string qr_url;
};

// The kiosk's own command issues it; the print job goes to a file beside the configuration.
inline KioskTicket issue_at_kiosk(const std::filesystem::path& kiosk_config) {
    const std::string output = run_madoguchi("ticket issue --service certificates --config " + kiosk_config.string() +
                                             " --out " + (kiosk_config.parent_path() / "ticket.bin").string());
    return KioskTicket{output_field(output, "number"), output_field(output, "id"), output_field(output, "qr_url")};
}

// The counter terminal's window without a window: its screens drawn headless, pressed by label.
struct Staff {
    HeadlessUi ui;
    Counter& counter;
    CounterTerminal terminal;

    explicit Staff(Counter& at, CounterForms* forms = nullptr)
        : counter(at), terminal(at.desk, {}, "en", forms, [this] { ui.free_text.wipe(); }) {}

    View view() { return terminal.view(ui.translator(), Clock::now()); }
    void press(std::string_view label) {
        const auto now = Clock::now();
        for (const Intent& intent : ui.press(view(), label)) {
            terminal.apply(intent, now);
        }
        REQUIRE(counter.settle());
        terminal.tick(Clock::now());
    }
    // What a USB barcode scanner sends: the characters as text input, then Enter.
    void scan(const std::string& text) {
        ImGuiIO& io = ImGui::GetIO();
        constexpr int k_enter = 40;
        io.KeyMap[ImGuiKey_Enter] = k_enter;
        io.AddInputCharactersUTF8(text.c_str());
        const auto now = Clock::now();
        for (const Intent& intent : ui.frame(view())) {
            terminal.apply(intent, now);
        }
        io.KeysDown[k_enter] = true;
        for (const Intent& intent : ui.frame(view())) {
            terminal.apply(intent, now);
        }
        io.KeysDown[k_enter] = false;
        ui.frame(view());
    }
    bool sees(std::string_view label) {
        counter.queue.drain();
        terminal.tick(Clock::now());
        return ui.shows(view(), label);
    }
};

}  // namespace madoguchi::testing
