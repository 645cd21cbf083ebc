#pragma once
// The terminal's side of the city API: HTTPS with the terminal's certificate (mTLS), the
// server verified against the city CA. Nothing here retries; the outbox decides when to.
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

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
// server stops answering; the items the server accepted leave the outbox in batches (one write
// to disk per batch), anything else waits its backoff.
DeliveryReport deliver_due(Outbox& outbox, ServerClient& client, std::chrono::system_clock::time_point now);

}  // namespace madoguchi
