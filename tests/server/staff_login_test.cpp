// Staff login throttling through the real process: the test servers lock a staff id after three
// wrong passwords ([staff] login_attempts = 3, lockout_seconds at its default of 300).
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace madoguchi::server::test;

namespace {

httplib::Result log_in(httplib::SSLClient& client, const std::string& staff_id, const std::string& password) {
    return client.Post("/api/v1/staff/login", nlohmann::json{{"staff_id", staff_id}, {"password", password}}.dump(),
                       "application/json");
}

}  // namespace

TEST_CASE("wrong passwords lock a staff id out with 429 and Retry-After, audited") {
    on_each_server([](ServerProcess& server) {
        REQUIRE(run_server_binary("staff set-password --config " + server.config_path().string() +
                                  " --id sato --site chuo <<<'sato-password'") == 0);
        auto counter = server.client("counter", "chuo", "chuo-counter-1", false);
        for (int attempt = 0; attempt < 3; ++attempt) {
            const auto wrong = log_in(*counter, "sato", "guess-" + std::to_string(attempt));
            REQUIRE(wrong);
            CHECK(wrong->status == 401);
        }
        // Locked out: even the right password is refused, without being checked.
        const auto locked = log_in(*counter, "sato", "sato-password");
        REQUIRE(locked);
        CHECK(locked->status == 429);
        CHECK(body_of(locked)["error"] == "login_locked_out");
        REQUIRE(locked->has_header("Retry-After"));
        const int retry_after = std::stoi(locked->get_header_value("Retry-After"));
        CHECK(retry_after > 290);
        CHECK(retry_after <= 300);
        // The lock is per staff id: a colleague on the same terminal still logs in.
        REQUIRE(run_server_binary("staff set-password --config " + server.config_path().string() +
                                  " --id ito --site chuo <<<'ito-password'") == 0);
        const auto colleague = log_in(*counter, "ito", "ito-password");
        REQUIRE(colleague);
        CHECK(colleague->status == 200);
        // Three failures, the lock, the refusal and the colleague's login, in an intact chain.
        const std::string verify = "audit verify --config " + server.config_path().string();
        CHECK(run_server_binary(verify) == 0);
        CHECK(server.log().find("staff_login_locked_out") != std::string::npos);
    });
}
