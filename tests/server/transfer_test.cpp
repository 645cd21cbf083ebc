// Transfers to a counter with a note, against the real server on SQLite and on PostgreSQL: the
// note's checks, the counters a transfer may name, and where the note must never appear.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "server/transfer_note.hpp"
#include "support.hpp"

using namespace madoguchi::server;
using namespace madoguchi::server::test;
using nlohmann::json;

namespace {

// A note with personal data, as staff would type it; it must reach counter b and nothing else.
const std::string k_note = "田中様 住民票の写し2通、本人確認済み NOTE-7f3a";

std::string repeated(std::string_view text, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) {
        out += text;
    }
    return out;
}

// Counter `counter` calls and finishes one ticket, so that it counts as working at the site today.
void serve_one(httplib::SSLClient& kiosk, httplib::SSLClient& counter, const std::string& name,
               const std::string& site = "chuo") {
    body_of(issue(kiosk, "warm-" + site + "-" + name, R"({"service": "certificates"})", site));
    const std::string base = "/api/v1/sites/" + site + "/counters/" + name + "/";
    REQUIRE(body_of(counter.Post(base + "call-next", "", "application/json"))["ticket"].is_object());
    REQUIRE(body_of(counter.Post(base + "finish", "", "application/json"))["ticket"]["state"] == "done");
}

int status_of(const httplib::Result& result) {
    REQUIRE(result);
    return result->status;
}

}  // namespace

TEST_CASE("a note is UTF-8 of at most 200 characters without control characters") {
    CHECK_FALSE(note_problem("").has_value());
    CHECK_FALSE(note_problem(repeated("あ", 200)).has_value());
    CHECK_FALSE(note_problem(repeated("𠮷", 200)).has_value());
    CHECK(note_problem(repeated("あ", 201)).has_value());
    CHECK(note_problem("a\nb").has_value());
    CHECK(note_problem("tab\there").has_value());
    CHECK(note_problem("\x7f").has_value());
    CHECK(note_problem("\xc2\x85").has_value());  // NEL, a C1 control
    CHECK(note_problem("\xff").has_value());
    CHECK(note_problem("\xc0\xaf").has_value());        // an overlong '/'
    CHECK(note_problem("\xed\xa0\x80").has_value());    // a surrogate
    CHECK(note_problem("\xe3\x81").has_value());        // cut short
    CHECK_FALSE(valid_utf8("\xf4\x90\x80\x80"));        // beyond U+10FFFF
}

TEST_CASE("a note seals to the site and the ticket it was written for") {
    madoguchi::SecretKey key{};
    key.fill(7);
    const auto sealed = seal_note(key, "chuo", "t1", k_note);
    REQUIRE(sealed.has_value());
    CHECK(sealed->find("NOTE-7f3a") == std::string::npos);
    CHECK(open_note(key, "chuo", "t1", *sealed) == k_note);
    CHECK_FALSE(open_note(key, "chuo", "t2", *sealed).has_value());
    CHECK_FALSE(open_note(key, "kita", "t1", *sealed).has_value());
}

TEST_CASE("counter a transfers to counter b with a note: c skips it, b calls it and alone reads the note") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        auto display = server.client("display", "chuo", "chuo-display");
        auto a = server.client("counter", "chuo", "chuo-counter-a");
        auto b = server.client("counter", "chuo", "chuo-counter-b");
        auto c = server.client("counter", "chuo", "chuo-counter-c");
        auto kita_kiosk = server.client("kiosk", "kita", "kita-kiosk");
        auto kita = server.client("counter", "kita", "kita-counter-k");
        serve_one(*kiosk, *b, "b");
        serve_one(*kiosk, *c, "c");
        serve_one(*kita_kiosk, *kita, "k", "kita");
        EventCollector events(*display, "/api/v1/sites/chuo/events", {{"Last-Event-ID", "0"}});

        const json first = body_of(issue(*kiosk, "x-1", R"({"service": "certificates"})"));
        const json second = body_of(issue(*kiosk, "x-2", R"({"service": "certificates"})"));
        REQUIRE(body_of(counter_post(*a, "a", "call-next"))["ticket"]["id"] == first["id"]);
        const json overview = body_of(a->Get("/api/v1/sites/chuo/overview"));
        CHECK(overview["counters"] == json::array({"a", "b", "c"}));

        const auto refused = [&](const json& body, int status, const std::string& error) {
            CAPTURE(body.dump());
            const auto result = counter_post(*a, "a", "transfer", body.dump());
            CHECK(status_of(result) == status);
            CHECK(body_of(result)["error"] == error);
        };
        refused(json{{"counter", "b"}, {"note", repeated("あ", 201)}}, 422, "bad_note");
        refused(json{{"counter", "b"}, {"note", "one\ntwo"}}, 422, "bad_note");
        refused(json{{"counter", "b"}, {"note", "bell\x07"}}, 422, "bad_note");
        refused(json{{"counter", "nobody"}}, 422, "unknown_counter");
        refused(json{{"counter", "k"}}, 422, "unknown_counter");  // kita's, not chuo's
        refused(json{{"counter", 7}}, 400, "bad_request");
        refused(json{{"note", "no one to send it to"}}, 400, "bad_request");
        const auto not_utf8 = counter_post(*a, "a", "transfer", "{\"counter\": \"b\", \"note\": \"\xff\xfe\"}");
        CHECK(status_of(not_utf8) == 422);
        CHECK(body_of(not_utf8)["error"] == "bad_note");
        // Another office's counter cannot transfer chuo's tickets.
        const auto other_site = kita->Post("/api/v1/sites/chuo/counters/a/transfer", json{{"counter", "b"}}.dump(),
                                           "application/json");
        CHECK(status_of(other_site) == 403);
        // Every refusal left the ticket at a.
        const json queue = body_of(a->Get("/api/v1/sites/chuo/queue"));
        REQUIRE(queue["at_counters"].size() == 1);
        CHECK(queue["at_counters"][0]["id"] == first["id"]);

        const auto accepted = counter_post(*a, "a", "transfer", json{{"counter", "b"}, {"note", k_note}}.dump());
        REQUIRE(status_of(accepted) == 200);
        const json moved = body_of(accepted)["ticket"];
        CHECK(moved["reserved_for"] == "b");
        CHECK(moved["service"] == "certificates");
        CHECK(moved["transferred_from"] == first["id"]);
        CHECK_FALSE(body_of(accepted).contains("note"));

        const json at_c = body_of(counter_post(*c, "c", "call-next"));
        CHECK(at_c["ticket"]["id"] == second["id"]);
        CHECK_FALSE(at_c.contains("note"));
        const json at_b = body_of(counter_post(*b, "b", "call-next"));
        CHECK(at_b["ticket"]["id"] == moved["id"]);
        CHECK(at_b["note"] == k_note);

        // Where the note must not be: the event stream, the citizen's status page, the log.
        REQUIRE(events.wait_for(moved["id"].get<std::string>() + "\",\"number\"", std::chrono::seconds(10)));
        REQUIRE(events.wait_for("\"counter\":\"b\"", std::chrono::seconds(10)));
        CHECK(events.received().find("NOTE-7f3a") == std::string::npos);
        CHECK(events.received().find("田中") == std::string::npos);
        const std::string url = moved["qr_url"];
        auto phone = server.anonymous_client(true);
        const auto page = phone->Get(url.substr(std::string("https://status.madoguchi.test").size()).c_str());
        REQUIRE(page);
        CHECK(page->status == 200);
        CHECK(page->body.find("NOTE-7f3a") == std::string::npos);
        CHECK(server.log().find("NOTE-7f3a") == std::string::npos);
        CHECK(server.log().find("田中") == std::string::npos);
    });
}

TEST_CASE("a counter that has opened but not yet called anyone can receive a transfer") {
    on_each_server([](ServerProcess& server) {
        auto kiosk = server.client("kiosk", "chuo", "chuo-kiosk");
        auto a = server.client("counter", "chuo", "chuo-counter-a");
        auto d = server.client("counter", "chuo", "chuo-counter-d");
        auto display = server.client("display", "chuo", "chuo-display");
        auto kita = server.client("counter", "kita", "kita-counter-k");
        const json first = body_of(issue(*kiosk, "o-1", R"({"service": "certificates"})"));
        REQUIRE(body_of(counter_post(*a, "a", "call-next"))["ticket"]["id"] == first["id"]);
        CHECK(body_of(counter_post(*a, "a", "transfer", json{{"counter", "d"}}.dump()))["error"] ==
              "unknown_counter");

        CHECK(status_of(display->Post("/api/v1/sites/chuo/counters/d/open", "", "application/json")) == 403);
        CHECK(status_of(kiosk->Post("/api/v1/sites/chuo/counters/d/open", "", "application/json")) == 403);
        CHECK(status_of(kita->Post("/api/v1/sites/chuo/counters/d/open", "", "application/json")) == 403);
        const auto opened = counter_post(*d, "d", "open");
        REQUIRE(status_of(opened) == 200);
        CHECK(body_of(opened) == json{{"site", "chuo"}, {"counter", "d"}, {"open", true}});
        CHECK(body_of(a->Get("/api/v1/sites/chuo/overview"))["counters"] == json::array({"a", "d"}));

        const auto moved = counter_post(*a, "a", "transfer", json{{"counter", "d"}}.dump());
        REQUIRE(status_of(moved) == 200);
        CHECK(body_of(moved)["ticket"]["reserved_for"] == "d");
        CHECK(body_of(counter_post(*d, "d", "call-next"))["ticket"]["transferred_from"] == first["id"]);
        const auto closed = counter_post(*d, "d", "close");
        REQUIRE(status_of(closed) == 200);
        CHECK(body_of(closed)["open"] == false);
    });
}
