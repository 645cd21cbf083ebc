// Tickets while the server is away (issue 5): the kiosk leases number blocks while it answers,
// issues and prints from them when it does not (the QR signed by the block key), and reconciles
// when it is back: every printed ticket reaches the queue once, with its own number, also when
// the kiosk process is killed between printing and sending. An assisted ticket keeps its mark
// through the reconcile request.
#include <doctest/doctest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "kiosk/config.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/receipt_printer.hpp"
#include "kiosk/ticket_issuer.hpp"
#include "kiosk/ticket_parts.hpp"
#include "kiosk/ticket_service.hpp"
#include "tests/integration/printer/fake_printer.hpp"
#include "tests/server/support.hpp"
#include "kiosk_config.hpp"
#include "ticket_tools.hpp"

using namespace madoguchi;
using madoguchi::printer::testing::FakeOptions;
using madoguchi::printer::testing::FakeTcpPrinter;
using madoguchi::server::test::Backend;
using madoguchi::server::test::ServerProcess;
using madoguchi::server::test::TempDir;
using namespace madoguchi::testing::tickets;
using nlohmann::json;

namespace {

constexpr std::size_t k_status_query_bytes = 4 * 3;  // DLE EOT 1..4 before the job

// The kiosk's configuration with offline blocks of `block_size` numbers.
std::filesystem::path offline_kiosk(ServerProcess& server, const TempDir& dir, int block_size) {
    const auto path = madoguchi::testing::kiosk_config(server, dir, "tcp://127.0.0.1:9");
    std::ofstream(path, std::ios::app) << "[tickets]\noffline_block_size = " << block_size << "\n";
    return path;
}

// The same kiosk printing on `printer`.
std::filesystem::path printing_on(const std::filesystem::path& config, const FakeTcpPrinter& printer) {
    std::ifstream in(config);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    const std::string from = "connection = \"tcp://127.0.0.1:9\"";
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), "connection = \"tcp://127.0.0.1:" + std::to_string(printer.port()) + "\"");
    const auto path = config.parent_path() / ("printer-" + std::to_string(printer.port()) + ".toml");
    std::ofstream(path) << text;
    return path;
}

std::string issue_command(const std::filesystem::path& config) {
    return std::string(MADOGUCHI_BINARY) + " ticket issue --service certificates --config " + config.string();
}

std::string sync_command(const std::filesystem::path& config) {
    return std::string(MADOGUCHI_BINARY) + " ticket sync --config " + config.string();
}

// The same kiosk as a staff tablet: every ticket it issues is an assisted one.
std::filesystem::path assisted(const std::filesystem::path& config) {
    std::ifstream in(config);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    const std::string section = "[terminal]\n";
    REQUIRE(text.starts_with(section));
    text.insert(section.size(), "assisted = true\n");
    const auto path = config.parent_path() / ("assisted-" + config.filename().string());
    std::ofstream(path) << text;
    return path;
}

// Issues one ticket on a fresh stand-in printer; returns the command's output and the QR as
// ZXing reads it from what the printer received.
struct Printed {
    Run run;
    std::string qr;
};

Printed issue_and_read(const std::filesystem::path& config, const TempDir& dir) {
    FakeTcpPrinter printer;
    Printed printed{run(issue_command(printing_on(config, printer)), dir), ""};
    INFO(printed.run.err);
    REQUIRE(printed.run.exit_code == 0);
    REQUIRE(printer.wait_finished());
    printed.qr = decode_qr(render(printer.received(), dir, "epson_tm_t88"));
    return printed;
}

json get_json(httplib::SSLClient& client, const std::string& path) {
    const auto reply = client.Get(path);
    REQUIRE(reply);
    REQUIRE(reply->status == 200);
    return json::parse(reply->body);
}

// The certificates tickets waiting at chuo: number → id.
std::map<std::string, std::string> waiting_certificates(ServerProcess& server) {
    auto display = server.client("display", "chuo", "display-1", false);
    std::map<std::string, std::string> waiting;
    const json queue_now = get_json(*display, "/api/v1/sites/chuo/queue");
    for (const json& ticket : queue_now["waiting"]) {
        if (ticket["service"].get<std::string>() == "certificates") {
            const std::string number = ticket["number"].get<std::string>();
            const bool fresh = waiting.emplace(number, ticket["id"].get<std::string>()).second;
            CHECK_MESSAGE(fresh, "the number " << number << " is in the queue twice");
        }
    }
    return waiting;
}

std::string describe(const std::map<std::string, std::string>& waiting) {
    std::string text;
    for (const auto& [number, id] : waiting) {
        text += number + "=" + id + " ";
    }
    return text;
}

// The status page as a phone opens it from the QR: the server checks the block key's signature.
std::string status_number(ServerProcess& server, const std::string& qr) {
    const std::string origin = "https://status.madoguchi.test";
    REQUIRE(qr.starts_with(origin));
    const auto reply = server.anonymous_client(true)->Get(qr.substr(origin.size()), {{"Accept", "application/json"}});
    REQUIRE(reply);
    REQUIRE(reply->status == 200);
    return json::parse(reply->body)["number"].get<std::string>();
}

// Read beside the kiosk, as a second connection to its WAL database.
std::int64_t leased_blocks(const std::filesystem::path& database, const std::string& service) {
    sqlite3* db = nullptr;
    std::int64_t count = 0;
    if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* select = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM number_blocks WHERE service = ?", -1, &select, nullptr) ==
            SQLITE_OK) {
            sqlite3_bind_text(select, 1, service.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(select) == SQLITE_ROW) {
                count = sqlite3_column_int64(select, 0);
            }
        }
        sqlite3_finalize(select);
    }
    sqlite3_close(db);
    return count;
}

// What the server holds of the kiosk's block, read from its database beside it: each used
// number as "<sequence> <state> <event kinds>", in order.
std::vector<std::string> block_numbers(ServerProcess& server) {
    const std::string url = server.storage_url();
    REQUIRE(url.starts_with("sqlite:"));
    sqlite3* db = nullptr;
    std::vector<std::string> numbers;
    REQUIRE(sqlite3_open_v2(url.substr(7).c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* select = nullptr;
    const char* sql =
        "SELECT t.sequence, t.state, (SELECT group_concat(kind, ',') FROM (SELECT kind FROM events e "
        "WHERE e.ticket_id = t.id ORDER BY e.id)) FROM tickets t WHERE t.block_id IS NOT NULL ORDER BY t.sequence";
    if (sqlite3_prepare_v2(db, sql, -1, &select, nullptr) == SQLITE_OK) {
        while (sqlite3_step(select) == SQLITE_ROW) {
            numbers.push_back(std::to_string(sqlite3_column_int64(select, 0)) + " " +
                              reinterpret_cast<const char*>(sqlite3_column_text(select, 1)) + " " +
                              reinterpret_cast<const char*>(sqlite3_column_text(select, 2)));
        }
    }
    sqlite3_finalize(select);
    sqlite3_close(db);
    return numbers;
}

std::string id_in(const std::string& qr) {
    const auto start = qr.find("/t/") + 3;
    return qr.substr(start, qr.find('?') - start);
}

}  // namespace

TEST_CASE("with the server down, tickets come from the leased block and are reconciled once it is back") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    const auto config = offline_kiosk(server, dir, 5);
    const Run leased = run(sync_command(config), dir);
    INFO(leased.out << leased.err);
    REQUIRE(leased.exit_code == 0);
    CHECK(field(leased.out, "server") == "online");
    CHECK(leased.out.find("offline_numbers: certificates 5\n") != std::string::npos);
    // Online issuing goes on after the leased numbers.
    const Printed online = issue_and_read(config, dir);
    CHECK(field(online.run.out, "number") == "A-006");
    CHECK(field(online.run.out, "offline") == "no");

    server.stop();
    std::vector<Printed> offline;
    // The second from an assisted session: the mark travels in the reconcile request.
    for (int number = 1; number <= 3; ++number) {
        offline.push_back(issue_and_read(number == 2 ? assisted(config) : config, dir));
        const Run& issued = offline.back().run;
        CHECK(field(issued.out, "offline") == "yes");
        CHECK(field(issued.out, "number") == "A-00" + std::to_string(number));
        // The printed QR is the status page's URL for this ticket, signed by the block key.
        CHECK(offline.back().qr == field(issued.out, "qr_url"));
        CHECK(offline.back().qr.starts_with("https://status.madoguchi.test/t/" + field(issued.out, "id") +
                                            "?site=chuo&block="));
        CHECK(query_value(offline.back().qr, "n") == std::to_string(number));
    }
    const Run away = run(sync_command(config), dir);
    CHECK(away.exit_code == 4);
    CHECK(field(away.out, "server") == "offline");
    CHECK(field(away.out, "queued") == "3");

    server.restart();
    const Run back = run(sync_command(config), dir);
    INFO(back.out << back.err);
    REQUIRE(back.exit_code == 0);
    CHECK(field(back.out, "server") == "online");
    CHECK(field(back.out, "delivered") == "3");
    CHECK(field(back.out, "queued") == "0");
    const auto waiting = waiting_certificates(server);
    const std::map<std::string, std::string> expected{{"A-001", field(offline[0].run.out, "id")},
                                                      {"A-002", field(offline[1].run.out, "id")},
                                                      {"A-003", field(offline[2].run.out, "id")},
                                                      {"A-006", field(online.run.out, "id")}};
    CHECK_MESSAGE(waiting == expected, describe(waiting));
    for (const Printed& printed : offline) {
        CHECK(status_number(server, printed.qr) == field(printed.run.out, "number"));
    }
    auto display = server.client("display", "chuo", "display-1", false);
    const json queue_now = get_json(*display, "/api/v1/sites/chuo/queue");
    std::map<std::string, bool> marked;
    for (const json& ticket : queue_now["waiting"]) {
        marked[ticket["number"].get<std::string>()] = ticket["assisted"].get<bool>();
    }
    const std::map<std::string, bool> expected_marks{
        {"A-001", false}, {"A-002", true}, {"A-003", false}, {"A-006", false}};
    CHECK_MESSAGE(marked == expected_marks, queue_now.dump());
    // A second round sends nothing again and changes nothing.
    const Run again = run(sync_command(config), dir);
    CHECK(field(again.out, "delivered") == "0");
    CHECK_MESSAGE(waiting_certificates(server) == expected, describe(waiting_certificates(server)));
}

TEST_CASE("a kiosk killed after printing an offline ticket loses nothing and repeats no number") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    const auto config = offline_kiosk(server, dir, 5);
    REQUIRE(run(sync_command(config), dir).exit_code == 0);
    server.stop();

    // The printer takes the whole job but never confirms it: the kiosk is killed while it waits.
    FakeOptions options;
    options.silent_after = 2 * k_status_query_bytes;  // asked before issuing, and again by the print
    FakeTcpPrinter printer(options);
    const auto printer_config = printing_on(config, printer);
    const pid_t kiosk = ::fork();
    REQUIRE(kiosk >= 0);
    if (kiosk == 0) {
        const int null_fd = ::open("/dev/null", O_WRONLY);
        ::dup2(null_fd, STDOUT_FILENO);
        ::dup2(null_fd, STDERR_FILENO);
        ::execl(MADOGUCHI_BINARY, MADOGUCHI_BINARY, "ticket", "issue", "--service", "certificates", "--config",
                printer_config.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    const std::array<std::uint8_t, 3> confirmation{0x10, 0x04, 0x01};
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    bool job_done = false;
    while (!job_done && std::chrono::steady_clock::now() < give_up) {
        const auto received = printer.received();
        job_done = received.size() > 2 * k_status_query_bytes + confirmation.size() &&
                   std::equal(confirmation.begin(), confirmation.end(), received.end() - 3);
        if (!job_done) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    ::kill(kiosk, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(kiosk, &status, 0) == kiosk);
    REQUIRE(job_done);
    REQUIRE(WIFSIGNALED(status));
    const std::string killed_qr = decode_qr(render(printer.received(), dir, "epson_tm_t88"));
    CHECK(query_value(killed_qr, "n") == "1");

    // The next process takes the next number, not the same one again.
    const Printed next = issue_and_read(config, dir);
    CHECK(field(next.run.out, "number") == "A-002");

    server.restart();
    const Run back = run(sync_command(config), dir);
    INFO(back.out << back.err);
    REQUIRE(back.exit_code == 0);
    CHECK(field(back.out, "delivered") == "2");
    const std::map<std::string, std::string> expected{{"A-001", id_in(killed_qr)},
                                                      {"A-002", field(next.run.out, "id")}};
    CHECK_MESSAGE(waiting_certificates(server) == expected, describe(waiting_certificates(server)));
    CHECK(status_number(server, killed_qr) == "A-001");
}

TEST_CASE("an offline ticket whose print fails reaches the server cancelled: the block has no gap") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    const auto config = offline_kiosk(server, dir, 5);
    REQUIRE(run(sync_command(config), dir).exit_code == 0);
    server.stop();

    const Printed first = issue_and_read(config, dir);
    // The paper runs out in the middle of the job: the printer says so when asked after it.
    FakeOptions options;
    options.paper_out_after = 2 * k_status_query_bytes + 64;
    FakeTcpPrinter paper_out(options);
    const Run failed = run(issue_command(printing_on(config, paper_out)), dir);
    INFO(failed.err);
    CHECK(failed.exit_code != 0);
    CHECK(paper_out.received().size() > *options.paper_out_after);
    const Printed third = issue_and_read(config, dir);
    CHECK(field(third.run.out, "number") == "A-003");
    const Run away = run(sync_command(config), dir);
    CHECK(field(away.out, "queued") == "3");

    server.restart();
    const Run back = run(sync_command(config), dir);
    INFO(back.out << back.err);
    REQUIRE(back.exit_code == 0);
    CHECK(field(back.out, "delivered") == "3");
    CHECK(field(back.out, "set_aside") == "0");
    const std::map<std::string, std::string> expected{{"A-001", field(first.run.out, "id")},
                                                      {"A-003", field(third.run.out, "id")}};
    CHECK_MESSAGE(waiting_certificates(server) == expected, describe(waiting_certificates(server)));
    const std::vector<std::string> numbers = block_numbers(server);
    CHECK(numbers == std::vector<std::string>{"1 waiting issued", "2 cancelled not_printed", "3 waiting issued"});
    const json stats = get_json(*server.client("display", "chuo", "display-1", false), "/api/v1/sites/chuo/stats");
    CHECK(stats["services"]["certificates"]["events"]["issued"] == 2);
    CHECK(stats["services"]["certificates"]["events"]["not_printed"] == 1);
}

TEST_CASE("a kiosk killed after an offline print failed still reports the number as not printed") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    const auto config_path = offline_kiosk(server, dir, 5);
    REQUIRE(run(sync_command(config_path), dir).exit_code == 0);
    server.stop();

    FakeOptions options;
    options.hang_up_after = 200;
    FakeTcpPrinter broken(options);
    auto config = load_config(printing_on(config_path, broken));
    REQUIRE(config);
    auto parts = load_ticket_parts(*config);
    REQUIRE(parts);
    const std::array<std::string, 2> languages{"ja", "en"};
    auto translator = Translator::load(MADOGUCHI_BINARY_DIR "/share/madoguchi/locale", languages);
    REQUIRE(translator);
    auto profile = load_configured_profile(*config, printer_profiles_dir(MADOGUCHI_BINARY_DIR "/share/madoguchi"));
    REQUIRE(profile);
    // The kiosk process dies by SIGKILL right after the failed print: no destructor runs and the
    // outbox is never closed, so what it holds is only what reached the disk.
    const pid_t kiosk = ::fork();
    REQUIRE(kiosk >= 0);
    if (kiosk == 0) {
        auto receipt_printer =
            open_receipt_printer(config->printer, *profile, printer_profiles_dir(MADOGUCHI_BINARY_DIR "/share/madoguchi"));
        const bool print_failed =
            receipt_printer && !issue_ticket(*config, *parts, *translator, *receipt_printer, {"certificates", false, "ja"});
        if (print_failed) {
            ::raise(SIGKILL);
        }
        ::_exit(1);
    }
    int status = 0;
    REQUIRE(::waitpid(kiosk, &status, 0) == kiosk);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    const Printed next = issue_and_read(config_path, dir);
    CHECK(field(next.run.out, "number") == "A-002");

    server.restart();
    const Run back = run(sync_command(config_path), dir);
    INFO(back.out << back.err);
    REQUIRE(back.exit_code == 0);
    CHECK(field(back.out, "delivered") == "2");
    const std::map<std::string, std::string> expected{{"A-002", field(next.run.out, "id")}};
    CHECK_MESSAGE(waiting_certificates(server) == expected, describe(waiting_certificates(server)));
    CHECK(block_numbers(server) == std::vector<std::string>{"1 cancelled not_printed", "2 waiting issued"});
}

TEST_CASE("no usable block, or a block store that cannot be opened: a clear error and nothing issued") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    const auto config = offline_kiosk(server, dir, 5);
    REQUIRE(run(sync_command(config), dir).exit_code == 0);
    server.stop();

    // Leased for another day: its numbers are not today's.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir.path() / "outbox.db").c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "UPDATE number_blocks SET day = '2000-01-01'", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    FakeTcpPrinter unused;
    const Run expired = run(issue_command(printing_on(config, unused)), dir);
    CHECK(expired.exit_code == 4);
    CHECK(expired.err.find("the server cannot be reached") != std::string::npos);
    CHECK(field(run(sync_command(config), dir).out, "queued") == "0");

    // The outbox file is not a database at all.
    std::filesystem::remove(dir.path() / "outbox.db-wal");
    std::filesystem::remove(dir.path() / "outbox.db-shm");
    std::ofstream(dir.path() / "outbox.db", std::ios::trunc) << std::string(4096, 'x');
    FakeTcpPrinter unused_too;
    const Run broken = run(issue_command(printing_on(config, unused_too)), dir);
    CHECK(broken.exit_code == 2);
    CHECK(broken.err.find("outbox or certificates are unusable") != std::string::npos);
    const Run sync = run(sync_command(config), dir);
    CHECK(sync.exit_code == 2);
    CHECK(sync.err.find("cannot be used") != std::string::npos);
}

TEST_CASE("the ticket worker leases blocks, issues offline while the server is away and says so") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    // The worker also asks the printer's status for its health reports, on connections of its own.
    FakeOptions answering_again;
    answering_again.many_connections = true;
    FakeTcpPrinter printer(answering_again);
    auto config = load_config(printing_on(offline_kiosk(server, dir, 5), printer));
    REQUIRE(config);
    auto parts = load_ticket_parts(*config);
    REQUIRE(parts);
    const std::array<std::string, 2> languages{"ja", "en"};
    auto translator = Translator::load(MADOGUCHI_BINARY_DIR "/share/madoguchi/locale", languages);
    REQUIRE(translator);

    MainQueue queue;
    std::optional<TicketUpdate> update;
    TicketService service(queue, *config, std::move(*parts), *translator,
                          [&update](TicketUpdate result) { update = std::move(result); });
    const auto wait_until = [&](const std::function<bool()>& done) {
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!done() && std::chrono::steady_clock::now() < give_up) {
            queue.drain();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return done();
    };
    // The first idle round leases the blocks.
    REQUIRE(wait_until([&] { return leased_blocks(dir.path() / "outbox.db", "certificates") == 1; }));
    CHECK(service.sync_state().online);
    server.stop();
    service.issue({"certificates", false, "ja"});
    REQUIRE(wait_until([&] { return update.has_value(); }));
    REQUIRE(std::holds_alternative<ticket_update::Printed>(*update));
    const IssuedTicket ticket = std::get<ticket_update::Printed>(*update).ticket;
    CHECK(ticket.offline);
    CHECK(ticket.number == "A-001");
    CHECK(decode_qr(render(printer.received(), dir, "epson_tm_t88")) == ticket.qr_url);
    const SyncState away = service.sync_state();
    CHECK_FALSE(away.online);
    CHECK(away.queued == 1);

    server.restart();
    REQUIRE(wait_until([&] { return service.sync_state().online && service.sync_state().queued == 0; }));
    const std::map<std::string, std::string> expected{{"A-001", ticket.id}};
    CHECK_MESSAGE(waiting_certificates(server) == expected, describe(waiting_certificates(server)));
}
