#include "server_client.hpp"

#include <httplib.h>
#include <openssl/crypto.h>

#include <charconv>
#include <chrono>
#include <nlohmann/json.hpp>

#include "drivers/card/my_number_data.hpp"
#include "log.hpp"
#include "outbox.hpp"

namespace madoguchi {

namespace {

// Rows sent in one request, whose acknowledgements are then written together (one wait for
// the disk on each side). The server takes up to 100 requests and 16 × its body limit (64 KiB
// by default) per batch; a row larger than the byte budget goes alone.
constexpr std::size_t k_delivery_batch = 64;
constexpr std::size_t k_batch_body_bytes = 256 * 1024;
// The server closes a keep-alive connection after 5 s of silence (httplib's default), and a TLS
// connection it closed can still look open here; one idle this long is closed first, so that
// keep-alive serves bursts (an outbox drain) and never sends into a connection being closed.
constexpr auto k_longest_reuse_gap = std::chrono::seconds(4);

}  // namespace

struct ServerClient::Connection {
    httplib::SSLClient client;
    std::chrono::steady_clock::time_point last_request{};

    Connection(const std::string& host, int port, const ServerEndpoint& endpoint)
        : client(host, port, endpoint.certificate.string(), endpoint.key.string()) {}
};

ServerClient::ServerClient(std::unique_ptr<Connection> connection) : m_connection(std::move(connection)) {}
ServerClient::ServerClient(ServerClient&&) noexcept = default;
ServerClient& ServerClient::operator=(ServerClient&&) noexcept = default;
ServerClient::~ServerClient() = default;

Result<ServerClient, SyncError> ServerClient::create(const ServerEndpoint& endpoint) {
    constexpr std::string_view k_scheme = "https://";
    std::string_view rest(endpoint.url);
    if (!rest.starts_with(k_scheme)) {
        return fail(SyncError::bad_endpoint, "server URL must start with https://: " + endpoint.url);
    }
    rest.remove_prefix(k_scheme.size());
    rest = rest.substr(0, rest.find('/'));
    const std::size_t colon = rest.rfind(':');
    int port = 443;
    std::string host(rest.substr(0, colon));
    if (colon != std::string_view::npos) {
        const std::string_view digits = rest.substr(colon + 1);
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (error != std::errc{} || end != digits.data() + digits.size() || port <= 0 || port > 65535) {
            return fail(SyncError::bad_endpoint, "server URL has a bad port: " + endpoint.url);
        }
    }
    if (host.empty()) {
        return fail(SyncError::bad_endpoint, "server URL has no host: " + endpoint.url);
    }
    for (const auto& file : {endpoint.ca_certificate, endpoint.certificate, endpoint.key}) {
        if (!std::filesystem::is_regular_file(file)) {
            return fail(SyncError::bad_endpoint, "missing certificate file " + file.string());
        }
    }
    auto connection = std::make_unique<Connection>(host, port, endpoint);
    if (!connection->client.is_valid()) {
        return fail(SyncError::bad_endpoint, "the terminal certificate or key cannot be loaded");
    }
    connection->client.set_ca_cert_path(endpoint.ca_certificate.c_str());
    connection->client.enable_server_certificate_verification(true);
    connection->client.set_connection_timeout(5);
    connection->client.set_read_timeout(15);
    connection->client.set_write_timeout(15);
    // One connection for many requests (an outbox drain): a mutual TLS handshake costs more than
    // a request. httplib checks that a kept connection is still open before it reuses it.
    connection->client.set_keep_alive(true);
    connection->client.set_tcp_nodelay(true);
    return ServerClient(std::move(connection));
}

void ServerClient::set_bearer_token(std::string token) {
    m_connection->client.set_bearer_token_auth(token);
    card::wipe_string(token);
}

Result<ServerReply, SyncError> ServerClient::ask(std::string_view method, std::string_view path,
                                                 std::span<const std::uint8_t> json_body,
                                                 std::string_view idempotency_key) {
    httplib::Request request;
    request.method = std::string(method);
    request.path = std::string(path);
    request.body.assign(json_body.begin(), json_body.end());
    if (!json_body.empty()) {
        request.set_header("Content-Type", "application/json");
    }
    if (!idempotency_key.empty()) {
        request.set_header("Idempotency-Key", std::string(idempotency_key));
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - m_connection->last_request > k_longest_reuse_gap) {
        m_connection->client.stop();
    }
    const httplib::Result result = m_connection->client.send(request);
    m_connection->last_request = std::chrono::steady_clock::now();
    // The body may hold personal data or a password: overwrite httplib's copy before it is freed.
    OPENSSL_cleanse(request.body.data(), request.body.size());
    if (!result) {
        return fail(SyncError::unreachable, "no answer from the server: " + httplib::to_string(result.error()));
    }
    return ServerReply{result->status, result->body};
}

namespace {

Result<ServerReply, SyncError> judge(ServerReply reply, const nlohmann::json& answer, std::string_view method,
                                     std::string_view path) {
    if (reply.status >= 200 && reply.status < 300) {
        return reply;
    }
    // A 409 is mostly "busy", but a ticket that has moved on (served, done) stays that way:
    // sending it again would keep the row in the outbox for ever.
    const bool moved_on =
        reply.status == 409 && answer.is_object() && answer.value("error", std::string()) == "wrong_state";
    const bool later = !moved_on && (reply.status == 409 || reply.status == 429 || reply.status >= 500);
    return fail(later ? SyncError::busy : SyncError::rejected,
                "the server answered " + std::to_string(reply.status) + " to " + std::string(method) + " " +
                    std::string(path));
}

std::string as_text(std::span<const std::uint8_t> bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace

Result<ServerReply, SyncError> ServerClient::send(std::string_view method, std::string_view path,
                                                  std::span<const std::uint8_t> json_body,
                                                  std::string_view idempotency_key) {
    auto reply = ask(method, path, json_body, idempotency_key);
    if (!reply || (reply->status >= 200 && reply->status < 300)) {
        return reply;
    }
    const nlohmann::json answer = nlohmann::json::parse(reply->body, nullptr, false);
    return judge(std::move(*reply), answer, method, path);
}

Result<std::vector<Result<ServerReply, SyncError>>, SyncError> ServerClient::send_batch(
    std::span<const BatchRequest> requests) {
    nlohmann::json items = nlohmann::json::array();
    for (const BatchRequest& request : requests) {
        nlohmann::json item{{"method", request.method}, {"path", request.path}, {"body", as_text(request.json_body)}};
        if (!request.idempotency_key.empty()) {
            item["idempotency_key"] = request.idempotency_key;
        }
        items.push_back(std::move(item));
    }
    std::string body = nlohmann::json{{"requests", std::move(items)}}.dump();
    auto reply = send("POST", "/api/v1/batch", std::span(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()), "");
    // It holds what the requests hold (an application's sealed forms, but still).
    OPENSSL_cleanse(body.data(), body.size());
    if (!reply) {
        return std::unexpected(reply.error());
    }
    const nlohmann::json answer = nlohmann::json::parse(reply->body, nullptr, false);
    if (!answer.is_object() || !answer.contains("responses") || !answer["responses"].is_array() ||
        answer["responses"].size() > requests.size()) {
        return fail(SyncError::busy, "the server's batch answer is not a list of answers");
    }
    std::vector<Result<ServerReply, SyncError>> results;
    for (std::size_t i = 0; i < answer["responses"].size(); ++i) {
        const nlohmann::json& one = answer["responses"][i];
        if (!one.is_object() || !one.contains("status") || !one["status"].is_number_integer()) {
            return fail(SyncError::busy, "the server's batch answer has an item without a status");
        }
        const nlohmann::json item_body = one.value("body", nlohmann::json());
        results.push_back(judge(ServerReply{one["status"].get<int>(), item_body.dump()}, item_body,
                                requests[i].method, requests[i].path));
    }
    if (results.empty() || (results.size() < requests.size() && results.back())) {
        return fail(SyncError::busy, "the server stopped the batch without saying why");
    }
    return results;
}

Result<void, SyncError> ServerClient::stream(std::string_view path, const std::function<bool()>& on_open,
                                             const std::function<bool(std::string_view)>& on_data) {
    // The server sends a comment every 15 s on a quiet stream: this much silence means it is gone.
    constexpr int k_silence_seconds = 40;
    m_connection->client.set_read_timeout(k_silence_seconds);
    int status = 0;
    const httplib::Result result = m_connection->client.Get(
        std::string(path), httplib::Headers{},
        [&](const httplib::Response& response) {
            status = response.status;
            if (status != 200) {
                return false;
            }
            return on_open();
        },
        [&](const char* data, std::size_t size) { return on_data(std::string_view(data, size)); });
    m_connection->client.set_read_timeout(15);
    if (status != 0 && status != 200) {
        const bool later = status == 409 || status == 429 || status >= 500;
        return fail(later ? SyncError::busy : SyncError::rejected,
                    "the server answered " + std::to_string(status) + " to GET " + std::string(path));
    }
    if (!result && result.error() != httplib::Error::Canceled) {
        return fail(SyncError::unreachable, "the stream broke off: " + httplib::to_string(result.error()));
    }
    return {};
}

void ServerClient::stop() {
    m_connection->client.stop();
}

namespace {

// How the rows of one batch fared, in order: fewer than sent when the batch stopped.
std::vector<Result<ServerReply, SyncError>> send_rows(ServerClient& client, std::span<const OutboxItem> rows,
                                                      bool& one_by_one) {
    if (!one_by_one && rows.size() > 1) {
        std::vector<BatchRequest> requests;
        for (const OutboxItem& row : rows) {
            requests.push_back(BatchRequest{row.method, row.path, row.body, row.idempotency_key});
        }
        auto replies = client.send_batch(requests);
        if (replies) {
            return std::move(*replies);
        }
        if (replies.error().code != SyncError::rejected) {
            return {std::unexpected(replies.error())};
        }
        log::info("outbox_batch_refused", {{"detail", replies.error().message}});
        one_by_one = true;
    }
    std::vector<Result<ServerReply, SyncError>> results;
    for (const OutboxItem& row : rows) {
        results.push_back(client.send(row.method, row.path, row.body, row.idempotency_key));
        if (!results.back()) {
            break;
        }
    }
    return results;
}

// The oldest due rows, as many as fit in one batch request.
std::span<const OutboxItem> first_batch(std::span<const OutboxItem> due) {
    std::size_t bytes = 0;
    std::size_t count = 0;
    while (count < due.size() && (count == 0 || bytes + due[count].body.size() <= k_batch_body_bytes)) {
        bytes += due[count].body.size();
        ++count;
    }
    return due.first(count);
}

}  // namespace

DeliveryReport deliver_due(Outbox& outbox, ServerClient& client, std::chrono::system_clock::time_point now) {
    DeliveryReport report;
    bool one_by_one = false;
    while (true) {
        auto due = outbox.due(now, k_delivery_batch);
        if (!due) {
            log::error("outbox_unreadable", {{"detail", due.error().message}});
            return report;
        }
        if (due->empty()) {
            return report;
        }
        const std::span<const OutboxItem> batch = first_batch(*due);
        const auto results = send_rows(client, batch, one_by_one);
        // Rows the server accepted are deleted together after the batch: a crash in between
        // sends them again, which the server's idempotency makes a no-op (a replayed answer, a
        // cancel of a cancelled ticket), so nothing is lost and nothing is done twice.
        std::vector<std::int64_t> accepted;
        bool stopped = false;
        for (std::size_t i = 0; i < results.size(); ++i) {
            const OutboxItem& row = batch[i];
            if (results[i]) {
                accepted.push_back(row.id);
                continue;
            }
            const Error<SyncError>& error = results[i].error();
            log::warn("outbox_send_failed", {{"path", row.path}, {"detail", error.message}});
            if (error.code == SyncError::rejected) {
                // A request the server will never accept must not hold the queue up, nor vanish.
                // The server stopped the batch there: the rows after it go in the next one.
                if (outbox.set_aside(row.id)) {
                    ++report.rejected;
                    break;
                }
            } else {
                report.server_reachable = error.code != SyncError::unreachable;
                if (auto later = outbox.retry_later(row.id, now); !later) {
                    log::error("outbox_retry_failed", {{"detail", later.error().message}});
                }
            }
            stopped = true;
            break;
        }
        if (!accepted.empty()) {
            if (auto done = outbox.acknowledge(accepted); !done) {
                // Sent but still in the outbox: sending again is safe, the key makes it a no-op.
                log::error("outbox_acknowledge_failed", {{"detail", done.error().message}});
                return report;
            }
            report.delivered += accepted.size();
        }
        if (stopped) {
            return report;
        }
    }
}

}  // namespace madoguchi
