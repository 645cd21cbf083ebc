#pragma once
// The terminal's side of the city API: HTTPS with the terminal's certificate (mTLS), the
// server verified against the city CA. Nothing here retries; the outbox decides when to.
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"

namespace madoguchi {

struct ServerEndpoint {
    std::string url;                      // https://host:port
    std::filesystem::path ca_certificate;  // the city CA
    std::filesystem::path certificate;     // this terminal's
    std::filesystem::path key;
};

enum class SyncError {
    bad_endpoint,  // the URL or the certificate files are unusable: a configuration fault
    unreachable,   // no answer: network down, server down, TLS handshake refused
    rejected,      // 4xx, or a 409 "wrong_state": sending it again will not help
    busy,          // any other 409, 429 or 5xx: try again later
};

struct ServerReply {
    int status = 0;
    std::string body;
};

struct BatchRequest {
    std::string_view method;
    std::string_view path;
    std::span<const std::uint8_t> json_body;
    std::string_view idempotency_key;
};

class ServerClient {
public:
    static Result<ServerClient, SyncError> create(const ServerEndpoint& endpoint);
    ServerClient(ServerClient&&) noexcept;
    ServerClient& operator=(ServerClient&&) noexcept;
    ~ServerClient();

    // A staff member's session (POST /api/v1/staff/login) sent with every later request, as
    // counter terminals need for reading applications.
    void set_bearer_token(std::string token);

    // An empty body or key sends no Content-Type or Idempotency-Key header (a GET).
    Result<ServerReply, SyncError> send(std::string_view method, std::string_view path,
                                        std::span<const std::uint8_t> json_body, std::string_view idempotency_key);

    // The same request, but any answer the server gives is a reply, whatever its status: for
    // callers that tell a refusal's reasons apart (a counter's 401, 403, 404, 409). Only no
    // answer at all is an error.
    Result<ServerReply, SyncError> ask(std::string_view method, std::string_view path,
                                       std::span<const std::uint8_t> json_body, std::string_view idempotency_key);

    // Several POSTs in one request (POST /api/v1/batch): the server runs them in order, each
    // with its own Idempotency-Key, in one commit, and answers each in order, stopping after
    // the first it did not accept (so fewer replies than requests means the last one failed).
    // Each reply is judged as send() judges one. rejected when the server cannot take the batch
    // (no such route: an older server; too large): send them one by one instead.
    Result<std::vector<Result<ServerReply, SyncError>>, SyncError> send_batch(std::span<const BatchRequest> requests);

    // A long GET (server-sent events): `on_open` runs once the server answered 200 (false ends the
    // stream there), then `on_data` for each piece until the server ends the stream, `on_data`
    // returns false or stop() is called. Returns unreachable when there was no answer or the
    // stream broke off.
    Result<void, SyncError> stream(std::string_view path, const std::function<bool()>& on_open,
                                   const std::function<bool(std::string_view)>& on_data);
    // Breaks off the request in progress; the only call that is safe from another thread.
    void stop();

private:
    struct Connection;
    explicit ServerClient(std::unique_ptr<Connection> connection);
    std::unique_ptr<Connection> m_connection;
};

class Outbox;

struct DeliveryReport {
    std::size_t delivered = 0;
    std::size_t rejected = 0;  // set aside for staff: the server refused them for good
    bool server_reachable = true;
};

// Sends what is due, oldest first, on one kept connection, until the outbox is empty or the
// server stops answering: many rows per request (send_batch; one by one to a server without
// it), in order, stopping at the first the server does not accept. The rows it accepted leave
// the outbox in one transaction per batch (one write to disk), a refused one is set aside,
// anything else waits its backoff.
DeliveryReport deliver_due(Outbox& outbox, ServerClient& client, std::chrono::system_clock::time_point now);

}  // namespace madoguchi
