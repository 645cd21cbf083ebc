#include <doctest/doctest.h>

#include "headless_ui.hpp"
#include "kiosk/session.hpp"
#include "drivers/text/text_rasterizer.hpp"
#include "kiosk/config.hpp"
#include "screens/widgets.hpp"

#include <algorithm>
#include <array>

using namespace madoguchi;
using madoguchi::testing::HeadlessUi;

namespace {

const Clock::time_point t0{};

SessionSettings settings() {
    SessionSettings s;
    s.languages = {"ja", "en"};
    s.default_language = "ja";
    return s;
}

template <typename T>
bool holds(const Intents& intents) {
    return intents.size() == 1 && std::holds_alternative<T>(intents.front());
}

void apply_all(Session& session, const Intents& intents, Clock::time_point now) {
    for (const Intent& intent : intents) {
        session.apply(intent, now);
    }
}

}  // namespace

TEST_CASE("attract screen: the start button and the language buttons") {
    HeadlessUi ui;
    Session session(settings(), t0);
    View view = make_view(session, ui.translator(), t0);

    CHECK(holds<intent::Start>(ui.press(view, "タッチしてはじめる")));
    const Intents english = ui.press(view, "English");
    REQUIRE(holds<intent::ChooseLanguage>(english));
    CHECK(std::get<intent::ChooseLanguage>(english.front()).language == "en");
    // A touch anywhere on the screen starts, too.
    CHECK(holds<intent::Start>(ui.press(view, "start-anywhere")));
}

TEST_CASE("the language switches without a restart") {
    HeadlessUi ui;
    Session session(settings(), t0);
    apply_all(session, ui.press(make_view(session, ui.translator(), t0), "English"), t0);
    const View english = make_view(session, ui.translator(), t0);
    CHECK(ui.shows(english, "Touch to start"));
    CHECK_FALSE(ui.shows(english, "タッチしてはじめる"));
    apply_all(session, ui.press(english, "日本語"), t0);
    CHECK(ui.shows(make_view(session, ui.translator(), t0), "タッチしてはじめる"));
}

TEST_CASE("menu: finish ends the session through the reset path") {
    HeadlessUi ui;
    Session session(settings(), t0);
    int wipes = 0;
    session.add_wiper([&](ResetReason) { ++wipes; });
    apply_all(session, ui.press(make_view(session, ui.translator(), t0), "タッチしてはじめる"), t0);
    REQUIRE(session.screen() == ScreenId::menu);
    const Intents finish = ui.press(make_view(session, ui.translator(), t0), "終了する");
    CHECK(holds<intent::EndSession>(finish));
    apply_all(session, finish, t0);
    CHECK(session.screen() == ScreenId::attract);
    CHECK(wipes == 1);
}

TEST_CASE("idle countdown: continue keeps the session, and the screen below takes no touch") {
    HeadlessUi ui;
    Session session(settings(), t0);
    session.apply(intent::Start{}, t0);
    const auto later = t0 + std::chrono::seconds(65);
    const View view = make_view(session, ui.translator(), later);
    REQUIRE(view.countdown_seconds == 15);
    CHECK(ui.shows(view, "続ける"));
    // The menu's own finish button lies outside the dialog, under its dimmed backdrop.
    CHECK(ui.press(view, "終了する", HeadlessUi::Which::bottommost).empty());
    const Intents keep = ui.press(view, "続ける");
    CHECK(holds<intent::StillHere>(keep));
    apply_all(session, keep, later);
    CHECK_FALSE(make_view(session, ui.translator(), later).countdown_seconds);
    CHECK_FALSE(ui.shows(make_view(session, ui.translator(), later), "続ける"));
}

TEST_CASE("idle countdown: finish there ends the session") {
    HeadlessUi ui;
    Session session(settings(), t0);
    session.apply(intent::Start{}, t0);
    const View view = make_view(session, ui.translator(), t0 + std::chrono::seconds(70));
    CHECK(holds<intent::EndSession>(ui.press(view, "終了する")));
}

TEST_CASE("a character missing from the atlas is added before the next frame") {
    HeadlessUi ui;
    const ImWchar rare = 0x9AD9;  // 髙, the "ladder" form of 高 common in family names
    const ImFont* body = screens::theme().fonts.body;
    REQUIRE(body->FindGlyphNoFallback(rare) == nullptr);
    ui.fonts().require("髙橋");
    CHECK(ui.fonts().needs_rebuild());
    ui.rebuild_fonts();
    CHECK_FALSE(ui.fonts().needs_rebuild());
    CHECK(screens::theme().fonts.body->FindGlyphNoFallback(rare) != nullptr);
    // Characters beyond U+FFFF cannot enter the 16-bit atlas; they must not trigger rebuilds.
    ui.fonts().require("𠮷");
    CHECK_FALSE(ui.fonts().needs_rebuild());
}

TEST_CASE("line wrapping: spaces in English, any character in Japanese, never 。 at a line's start") {
    HeadlessUi ui;
    const ImFont* body = screens::theme().fonts.body;
    const float em = body->GetCharAdvance(U'あ');

    const auto english = screens::wrap_lines("touch to start now", body, body->CalcTextSizeA(body->FontSize, FLT_MAX, 0, "touch to st").x);
    REQUIRE(english.size() == 2);
    CHECK(english[0] == "touch to ");
    CHECK(english[1] == "start now");

    const auto japanese = screens::wrap_lines("あいうえおかきくけこ", body, em * 4.5f);
    CHECK(japanese == std::vector<std::string_view>{"あいうえ", "おかきく", "けこ"});

    // 。 may not open a line: the character before it moves down with it.
    const auto kinsoku = screens::wrap_lines("あいうえ。かき", body, em * 4.5f);
    CHECK(kinsoku == std::vector<std::string_view>{"あいう", "え。かき"});

    CHECK(screens::wrap_lines("一行目\n二行目", body, em * 20) == std::vector<std::string_view>{"一行目", "二行目"});
    CHECK(screens::wrap_lines("", body, em).empty());
    // A width narrower than one character still makes progress, one character a line.
    CHECK(screens::wrap_lines("あい", body, 1.0f).size() == 2);
}

TEST_CASE("a kanji BIZ UDGothic lacks comes from the IPAmj Mincho fallback") {
    HeadlessUi ui;
    const TerminalConfig defaults;
    const std::array<std::filesystem::path, 2> chain{defaults.font_regular, defaults.font_fallback};
    auto fonts = text::TextRasterizer::open(chain);
    REQUIRE(fonts.has_value());
    char32_t rare = 0;
    for (char32_t code = 0x4E00; code <= 0x9FFF && rare == 0; ++code) {
        if (fonts->font_for(code) == 1) {
            rare = code;
        }
    }
    REQUIRE_MESSAGE(rare != 0, "every CJK unified ideograph is in BIZ UDGothic?");
    std::string utf8;
    utf8 += static_cast<char>(0xE0 | (rare >> 12));
    utf8 += static_cast<char>(0x80 | ((rare >> 6) & 0x3F));
    utf8 += static_cast<char>(0x80 | (rare & 0x3F));
    ui.fonts().require(utf8);
    ui.rebuild_fonts();
    CHECK(screens::theme().fonts.body->FindGlyphNoFallback(static_cast<ImWchar>(rare)) != nullptr);
}

TEST_CASE("PIN pad: digits, delete, and OK only once four digits are in") {
    HeadlessUi ui;
    Session session(settings(), t0);
    View view = make_view(session, ui.translator(), t0);
    view.screen = ScreenId::card_pin;
    view.tries_left = 3;
    view.pin_pad_order = {3, 1, 4, 5, 9, 2, 6, 8, 7, 0};

    const Intents seven = ui.press(view, "7");
    REQUIRE(holds<intent::PinDigit>(seven));
    CHECK(std::get<intent::PinDigit>(seven.front()).digit == 7);
    CHECK(holds<intent::PinBackspace>(ui.press(view, "1字消去")));
    view.pin_length = 3;
    CHECK(ui.press(view, "決定").empty());
    view.pin_length = 4;
    CHECK(holds<intent::PinSubmit>(ui.press(view, "決定")));
    CHECK(holds<intent::Back>(ui.press(view, "やめる")));
}

TEST_CASE("card summary: name and address through the free-text path, date in 和暦") {
    HeadlessUi ui;
    Session session(settings(), t0);
    card::PersonalAttributes person;
    person.name = "𠮷田\u3000花子";
    person.address = "東京都千代田区霞が関１－２－３";
    person.birth_date = "19890108";
    person.sex = card::Sex::female;
    View view = make_view(session, ui.translator(), t0);
    view.screen = ScreenId::card_summary;
    view.attributes = &person;
    CHECK(holds<intent::CardDone>(ui.press(view, "確認しました")));
    CHECK(std::ranges::find(ui.free_text.drawn, person.name) != ui.free_text.drawn.end());
    CHECK(std::ranges::find(ui.free_text.drawn, person.address) != ui.free_text.drawn.end());
    // The date's era is composed, not from a catalog; the date picker's era names put its kanji
    // in the start-up atlas anyway, and whatever else it needs arrives at the next build.
    if (ui.fonts().needs_rebuild()) {
        ui.rebuild_fonts();
    }
    CHECK(screens::theme().fonts.heading->FindGlyphNoFallback(U'平') != nullptr);
    CHECK(ui.shows(view, "確認しました"));
    CHECK_FALSE(ui.fonts().needs_rebuild());
}

TEST_CASE("the menu offers the card only where there is a reader") {
    HeadlessUi ui;
    Session session(settings(), t0);
    session.apply(intent::Start{}, t0);
    View view = make_view(session, ui.translator(), t0);
    CHECK_FALSE(ui.shows(view, "マイナンバーカードを読む"));
    view.card_available = true;
    CHECK(holds<intent::ReadCard>(ui.press(view, "マイナンバーカードを読む")));
}
