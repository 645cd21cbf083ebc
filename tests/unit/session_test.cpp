#include <doctest/doctest.h>

#include "kiosk/session.hpp"

using namespace madoguchi;
using std::chrono::seconds;

namespace {

SessionSettings settings() {
    SessionSettings s;
    s.default_language = "ja";
    s.languages = {"ja", "en"};
    s.idle_timeout = seconds(60);
    s.idle_countdown = seconds(20);
    return s;
}

const Clock::time_point t0{};

}  // namespace

TEST_CASE("a session starts on the attract screen and opens the menu on a touch") {
    Session session(settings(), t0);
    CHECK(session.screen() == ScreenId::attract);
    CHECK_FALSE(session.in_session());
    session.apply(intent::Start{}, t0);
    CHECK(session.screen() == ScreenId::menu);
}

TEST_CASE("the language switches at once and only to a configured one") {
    Session session(settings(), t0);
    session.apply(intent::ChooseLanguage{"en"}, t0);
    CHECK(session.language() == "en");
    session.apply(intent::ChooseLanguage{"fr"}, t0);
    CHECK(session.language() == "en");
}

TEST_CASE("idle: countdown after the timeout, reset after the countdown") {
    Session session(settings(), t0);
    session.apply(intent::ChooseLanguage{"en"}, t0);
    session.apply(intent::Start{}, t0);
    CHECK(session.next_deadline(t0) == t0 + seconds(60));
    CHECK_FALSE(session.countdown_seconds(t0 + seconds(59)));

    session.tick(t0 + seconds(60));
    CHECK(session.countdown_seconds(t0 + seconds(60)) == 20);
    CHECK(session.countdown_seconds(t0 + seconds(70) + std::chrono::milliseconds(500)) == 10);
    // While counting down the loop wakes each second so that the number changes on screen.
    CHECK(session.next_deadline(t0 + seconds(70) + std::chrono::milliseconds(500)) == t0 + seconds(71));
    CHECK(session.screen() == ScreenId::menu);

    session.tick(t0 + seconds(80));
    CHECK(session.screen() == ScreenId::attract);
    CHECK(session.language() == "ja");
    CHECK(session.resets() == 1);
    CHECK_FALSE(session.next_deadline(t0 + seconds(80)));
}

TEST_CASE("a touch before the countdown keeps the session, during it only 'continue' does") {
    Session session(settings(), t0);
    session.apply(intent::Start{}, t0);
    session.note_activity(t0 + seconds(50));
    session.tick(t0 + seconds(100));
    CHECK(session.screen() == ScreenId::menu);
    CHECK(session.countdown_seconds(t0 + seconds(110)) == 20);

    // A stray touch outside the dialog must not silently cancel the warning.
    session.note_activity(t0 + seconds(115));
    CHECK(session.countdown_seconds(t0 + seconds(115)).has_value());

    session.apply(intent::StillHere{}, t0 + seconds(116));
    CHECK_FALSE(session.countdown_seconds(t0 + seconds(116)));
    session.tick(t0 + seconds(140));
    CHECK(session.screen() == ScreenId::menu);
}

TEST_CASE("the attract screen never times out") {
    Session session(settings(), t0);
    session.tick(t0 + seconds(3600));
    CHECK(session.resets() == 0);
    CHECK_FALSE(session.countdown_seconds(t0 + seconds(3600)));
}

TEST_CASE("every end of a session runs the wipers once") {
    Session session(settings(), t0);
    std::vector<ResetReason> wiped;
    session.add_wiper([&](ResetReason reason) { wiped.push_back(reason); });

    session.apply(intent::Start{}, t0);
    session.apply(intent::EndSession{}, t0 + seconds(5));
    REQUIRE(wiped.size() == 1);
    CHECK(wiped[0] == ResetReason::finished);

    session.apply(intent::Start{}, t0 + seconds(10));
    session.tick(t0 + seconds(10 + 80));
    REQUIRE(wiped.size() == 2);
    CHECK(wiped[1] == ResetReason::idle_timeout);

    session.apply(intent::Start{}, t0 + seconds(100));
    session.apply(intent::Back{}, t0 + seconds(101));
    REQUIRE(wiped.size() == 3);
    CHECK(session.screen() == ScreenId::attract);
}
