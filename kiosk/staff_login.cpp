#include "staff_login.hpp"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "drivers/card/my_number_data.hpp"

namespace madoguchi {

StaffCredentials::~StaffCredentials() { clear(); }

void StaffCredentials::type_staff_id(char digit) {
    if (digit >= '0' && digit <= '9' && m_staff_id.size() < k_max_staff_id) {
        m_staff_id.push_back(digit);
    }
}

void StaffCredentials::erase_staff_id() {
    if (!m_staff_id.empty()) {
        m_staff_id.pop_back();
    }
}

void StaffCredentials::type_password(char character) {
    if (character >= 0x20 && character < 0x7f && m_password.size() < k_max_password) {
        m_password.push_back(static_cast<std::uint8_t>(character));
    }
}

void StaffCredentials::erase_password() {
    if (!m_password.empty()) {
        m_password.back() = 0;
        m_password.pop_back();
    }
}

card::SecureBytes StaffCredentials::take_password() {
    card::SecureBytes password;
    password.swap(m_password);
    return password;
}

void StaffCredentials::clear() {
    m_staff_id.clear();
    OPENSSL_cleanse(m_password.data(), m_password.size());
    m_password.clear();
}

StaffLoginAnswer send_staff_login(ServerClient& client, const std::string& staff_id, card::SecureBytes& password) {
    StaffLoginAnswer answer;
    // Copied once, straight into the JSON value, so no stray copy of it is left unwiped.
    nlohmann::json login{{"staff_id", staff_id}, {"password", ""}};
    login["password"].get_ref<std::string&>().assign(password.begin(), password.end());
    OPENSSL_cleanse(password.data(), password.size());
    std::string body = login.dump();
    card::wipe_string(login["password"].get_ref<std::string&>());
    auto reply = client.ask("POST", "/api/v1/staff/login",
                            {reinterpret_cast<const std::uint8_t*>(body.data()), body.size()}, "");
    card::wipe_string(body);
    if (!reply) {
        answer.error = reply.error().message;
        return answer;
    }
    answer.status = reply->status;
    if (reply->status != 200) {
        return answer;
    }
    auto token = nlohmann::json::parse(reply->body, nullptr, false);
    card::wipe_string(reply->body);
    if (token.is_object() && token.contains("token") && token["token"].is_string()) {
        client.set_bearer_token(token["token"].get<std::string>());
        card::wipe_string(token["token"].get_ref<std::string&>());
    } else {
        answer.readable = false;
    }
    return answer;
}

CounterNotice staff_login_notice(const StaffLoginAnswer& answer) {
    switch (answer.status) {
        case 0: return CounterNotice::server_away;
        case 200: return answer.readable ? CounterNotice::none : CounterNotice::server_fault;
        case 400:
        case 401: return CounterNotice::wrong_login;
        case 403: return CounterNotice::forbidden;
        case 429: return CounterNotice::locked_out;
        default: return CounterNotice::server_fault;
    }
}

Result<ServerClient*, SyncError> StaffLine::connect() {
    if (!client) {
        auto made = ServerClient::create(endpoint);
        if (!made) {
            return std::unexpected(made.error());
        }
        client.emplace(std::move(*made));
    }
    return &*client;
}

StaffLoginAnswer StaffLine::log_in(const std::string& staff_id, card::SecureBytes& password) {
    auto connected = connect();
    if (!connected) {
        StaffLoginAnswer answer;
        answer.error = connected.error().message;
        return answer;
    }
    return send_staff_login(**connected, staff_id, password);
}

}  // namespace madoguchi
