#pragma once
// A staff member's log-in on a terminal that acts for staff (counter, floor): the staff id and
// password as typed, and the request that turns them into a session on the terminal's client.
// The session token stays on that client, in memory only; a log-out drops the client.
#include <cstddef>
#include <optional>
#include <string>

#include "counter_picture.hpp"
#include "drivers/card/secure_bytes.hpp"
#include "server_client.hpp"

namespace madoguchi {

// What is typed on the log-in screen. Longer input is ignored, not cut.
class StaffCredentials {
public:
    static constexpr std::size_t k_max_staff_id = 16;
    static constexpr std::size_t k_max_password = 64;

    StaffCredentials() = default;
    ~StaffCredentials();
    StaffCredentials(const StaffCredentials&) = delete;
    StaffCredentials& operator=(const StaffCredentials&) = delete;

    // The staff id is digits, typed on a number pad.
    void type_staff_id(char digit);
    void erase_staff_id();
    // Printable ASCII only: what both the touch keyboard and a USB keyboard can type alike.
    void type_password(char character);
    void erase_password();
    // Hands the password over for one request, leaving none here.
    card::SecureBytes take_password();
    void clear();

    const std::string& staff_id() const { return m_staff_id; }
    std::size_t password_length() const { return m_password.size(); }
    bool complete() const { return !m_staff_id.empty() && !m_password.empty(); }

private:
    std::string m_staff_id;
    card::SecureBytes m_password;
};

struct StaffLoginAnswer {
    int status = 0;     // 0: no answer
    std::string error;  // why there was no answer
    bool readable = true;
    bool accepted() const { return status == 200 && readable; }
};

// POST /api/v1/staff/login on `client`; on success the client carries the session from then on.
// Blocking (a worker's job). The password is wiped as soon as it is in the request body.
StaffLoginAnswer send_staff_login(ServerClient& client, const std::string& staff_id, card::SecureBytes& password);

// The worker's client that carries a staff session (counter or floor); made again after a
// log-out drops it. Touched only on the worker thread.
struct StaffLine {
    ServerEndpoint endpoint;
    std::optional<ServerClient> client;

    Result<ServerClient*, SyncError> connect();
    // Connects and sends the log-in; no connection is an answer with its error.
    StaffLoginAnswer log_in(const std::string& staff_id, card::SecureBytes& password);
};

// A refused log-in in the words the log-in screen shows (none when accepted).
CounterNotice staff_login_notice(const StaffLoginAnswer& answer);

}  // namespace madoguchi
