// POST /api/v1/tickets/{id}/reprint through the real process: only a floor terminal with a staff
// member logged in gets a ticket to print again, only of its own site, with the QR URL the issue
// gave; each reprint is in the audit chain.
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "support.hpp"

using namespace madoguchi::server::test;
using nlohmann::json;

namespace {

httplib::Result reprint(httplib::SSLClient& client, const std::string& ticket_id) {
    return client.Post(("/api/v1/tickets/" + ticket_id + "/reprint").c_str(), "", "application/json");
}

}  // namespace

TEST_CASE("a floor staff member reprints a waiting ticket of the site: the issue's QR URL, audited") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        auto floor = server.client("floor", "chuo", "chuo-floor");
        const json first = body_of(issue(*kiosk, "r-1", R"({"service": "tax"})"));
        const json second = body_of(issue(*kiosk, "r-2", R"({"service": "tax"})"));
        const auto printed = reprint(*floor, second["id"].get<std::string>());
        REQUIRE(printed);
        CHECK(printed->status == 200);
        const json ticket = body_of(printed);
        CHECK(ticket["number"] == second["number"]);
        CHECK(ticket["qr_url"] == second["qr_url"]);
        CHECK(ticket["state"] == "waiting");
        CHECK(ticket["ahead"] == 1);
        CHECK(ticket["issued_at_ms"] == second["issued_at_ms"]);
        CHECK(first["id"] != second["id"]);
        CHECK(server.log().find("ticket_reprinted") != std::string::npos);
        CHECK(run_server_binary("audit verify --config " + server.config_path().string()) == 0);
    });
}

TEST_CASE("reprint is refused to other roles, without a staff log-in, across sites and for unknown or ended tickets") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        const json ticket = body_of(issue(*kiosk, "r-1", R"({"service": "tax"})"));
        const std::string id = ticket["id"].get<std::string>();

        SUBCASE("a kiosk, a counter or a display may not") {
            auto counter = server.client("counter", "chuo", "chuo-counter");
            auto display = server.client("display", "chuo", "chuo-display");
            for (httplib::SSLClient* client : {kiosk.get(), counter.get(), display.get()}) {
                const auto refused = reprint(*client, id);
                REQUIRE(refused);
                CHECK(refused->status == 403);
                CHECK(body_of(refused)["error"] == "forbidden");
            }
        }
        SUBCASE("a floor terminal with nobody logged in may not") {
            auto floor = server.client("floor", "chuo", "chuo-floor", false);
            const auto refused = reprint(*floor, id);
            REQUIRE(refused);
            CHECK(refused->status == 401);
            CHECK(body_of(refused)["error"] == "login_required");
        }
        SUBCASE("another site's floor does not find it") {
            auto kita = server.client("floor", "kita", "kita-floor");
            const auto refused = reprint(*kita, id);
            REQUIRE(refused);
            CHECK(refused->status == 404);
            CHECK(body_of(refused)["error"] == "not_found");
        }
        SUBCASE("an unknown ticket is 404, a cancelled one 409") {
            auto floor = server.client("floor", "chuo", "chuo-floor");
            const auto unknown = reprint(*floor, "no-such-ticket");
            REQUIRE(unknown);
            CHECK(unknown->status == 404);
            CHECK(body_of(unknown)["error"] == "not_found");
            const auto cancelled = floor->Post(("/api/v1/tickets/" + id + "/cancel").c_str(), "", "application/json");
            REQUIRE(cancelled);
            REQUIRE(cancelled->status == 200);
            const auto ended = reprint(*floor, id);
            REQUIRE(ended);
            CHECK(ended->status == 409);
            CHECK(body_of(ended)["error"] == "wrong_state");
        }
    });
}
