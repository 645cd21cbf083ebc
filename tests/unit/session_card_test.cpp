#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "kiosk/session.hpp"

using namespace madoguchi;
using std::chrono::seconds;

namespace {

// Records what the session asked of the reader; the test plays the reader's answers back.
class RecordingCardPort final : public CardPort {
public:
    void check() override { ++checks; }
    void read(card::Pin pin) override {
        pins.emplace_back(reinterpret_cast<const char*>(pin.bytes().data()), pin.bytes().size());
    }
    void read_individual_number() override { ++number_reads; }
    void release() override { ++releases; }

    int checks = 0;
    int number_reads = 0;
    int releases = 0;
    std::vector<std::string> pins;
};

const Clock::time_point t0{};

std::shared_ptr<card::PersonalAttributes> taro() {
    auto person = std::make_shared<card::PersonalAttributes>();
    person->name = "見本\u3000太郎";
    person->address = "東京都千代田区霞が関１－２－３";
    person->birth_date = "19850304";
    person->sex = card::Sex::male;
    return person;
}

struct Kiosk {
    RecordingCardPort port;
    Session session{SessionSettings{}, t0, &port};

    void to_pin_pad(int tries = 3) {
        session.apply(intent::Start{}, t0);
        session.apply(intent::ReadCard{}, t0);
        session.on_card(card_update::Inserted{}, t0);
        session.on_card(card_update::Checked{tries}, t0);
    }
    void type(std::string_view digits) {
        for (char digit : digits) {
            session.apply(intent::PinDigit{digit - '0'}, t0);
        }
    }
};

}  // namespace

TEST_CASE("place the card, check it, type the PIN, read") {
    Kiosk kiosk;
    kiosk.session.apply(intent::Start{}, t0);
    kiosk.session.apply(intent::ReadCard{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::card_place);
    CHECK(kiosk.port.checks == 0);

    kiosk.session.on_card(card_update::Inserted{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::card_working);
    CHECK(kiosk.port.checks == 1);
    kiosk.session.on_card(card_update::Checked{3}, t0);
    CHECK(kiosk.session.screen() == ScreenId::card_pin);
    CHECK(kiosk.session.tries_left() == 3);

    kiosk.type("12");
    kiosk.session.apply(intent::PinSubmit{}, t0);  // not four digits yet: nothing happens
    CHECK(kiosk.port.pins.empty());
    kiosk.type("345");  // the fifth digit is refused
    CHECK(kiosk.session.pin_length() == 4);
    kiosk.session.apply(intent::PinBackspace{}, t0);
    kiosk.type("9");
    kiosk.session.apply(intent::PinSubmit{}, t0);
    REQUIRE(kiosk.port.pins.size() == 1);
    CHECK(kiosk.port.pins[0] == "1239");
    CHECK(kiosk.session.pin_length() == 0);
    CHECK(kiosk.session.screen() == ScreenId::card_working);

    kiosk.session.on_card(card_update::Read{taro()}, t0);
    CHECK(kiosk.session.screen() == ScreenId::card_summary);
    REQUIRE(kiosk.session.attributes() != nullptr);
    CHECK(kiosk.session.attributes()->name == "見本\u3000太郎");

    kiosk.session.apply(intent::CardDone{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::card_take);
    kiosk.session.on_card(card_update::Removed{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::attract);
    CHECK_FALSE(kiosk.session.holds_personal_data());
}

TEST_CASE("a card already in the reader is checked at once") {
    Kiosk kiosk;
    kiosk.session.on_card(card_update::Inserted{}, t0);
    kiosk.session.apply(intent::Start{}, t0);
    kiosk.session.apply(intent::ReadCard{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::card_working);
    CHECK(kiosk.port.checks == 1);
}

TEST_CASE("a wrong PIN shows the tries left, the PIN is never sent again by itself") {
    Kiosk kiosk;
    kiosk.to_pin_pad();
    kiosk.type("0000");
    kiosk.session.apply(intent::PinSubmit{}, t0);
    kiosk.session.on_card(card_update::PinWrong{2}, t0);
    CHECK(kiosk.session.screen() == ScreenId::card_pin);
    CHECK(kiosk.session.tries_left() == 2);
    CHECK(kiosk.session.card_problem() == CardProblem::wrong_pin);
    CHECK(kiosk.session.pin_length() == 0);
    CHECK(kiosk.port.pins.size() == 1);

    kiosk.type("1111");
    kiosk.session.apply(intent::PinSubmit{}, t0);
    kiosk.session.on_card(card_update::Blocked{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::card_blocked);
    CHECK(kiosk.session.tries_left() == 0);
}

TEST_CASE("a blocked card goes straight to the guidance") {
    Kiosk kiosk;
    kiosk.to_pin_pad(0);
    CHECK(kiosk.session.screen() == ScreenId::card_blocked);
    kiosk.session.apply(intent::Back{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::card_take);
}

TEST_CASE("card problems are named for the screen") {
    Kiosk other_card;
    other_card.session.apply(intent::Start{}, t0);
    other_card.session.apply(intent::ReadCard{}, t0);
    other_card.session.on_card(card_update::Inserted{}, t0);
    other_card.session.on_card(card_update::Failed{card::CardError::not_my_number_card}, t0);
    CHECK(other_card.session.screen() == ScreenId::card_problem);
    CHECK(other_card.session.card_problem() == CardProblem::not_my_number_card);

    Kiosk no_reader;
    no_reader.session.on_card(card_update::Inserted{}, t0);
    no_reader.session.apply(intent::Start{}, t0);
    no_reader.session.apply(intent::ReadCard{}, t0);
    no_reader.session.on_card(card_update::Failed{card::CardError::no_service}, t0);
    CHECK(no_reader.session.card_problem() == CardProblem::no_reader);
}

TEST_CASE("the card taken away at any step ends the session and wipes everything") {
    for (int step = 0; step < 4; ++step) {
        CAPTURE(step);
        Kiosk kiosk;
        int wipes = 0;
        kiosk.session.add_wiper([&](ResetReason reason) {
            ++wipes;
            CHECK(reason == ResetReason::card_removed);
        });
        kiosk.to_pin_pad();
        kiosk.type("12");
        if (step >= 1) {
            kiosk.type("34");
            kiosk.session.apply(intent::PinSubmit{}, t0);
        }
        if (step >= 2) {
            kiosk.session.on_card(card_update::Read{taro()}, t0);
        }
        if (step == 3) {
            // The read failed because the card left: the same as the removal itself.
            Kiosk failing;
            failing.to_pin_pad();
            failing.type("1234");
            failing.session.apply(intent::PinSubmit{}, t0);
            failing.session.on_card(card_update::Failed{card::CardError::removed}, t0);
            CHECK(failing.session.screen() == ScreenId::attract);
        }
        kiosk.session.on_card(card_update::Removed{}, t0);
        CHECK(kiosk.session.screen() == ScreenId::attract);
        CHECK_FALSE(kiosk.session.holds_personal_data());
        CHECK(kiosk.session.attributes() == nullptr);
        CHECK(wipes == 1);
    }
}

TEST_CASE("the idle timeout wipes the card's data too") {
    Kiosk kiosk;
    kiosk.to_pin_pad();
    kiosk.type("1234");
    kiosk.session.apply(intent::PinSubmit{}, t0);
    auto person = taro();
    const auto observer = person;
    kiosk.session.on_card(card_update::Read{std::move(person)}, t0);
    REQUIRE(kiosk.session.holds_personal_data());
    kiosk.session.tick(t0 + seconds(200));
    CHECK(kiosk.session.screen() == ScreenId::attract);
    CHECK_FALSE(kiosk.session.holds_personal_data());
    // The very bytes the session held are overwritten, not just let go of.
    CHECK(observer->name.empty());
    CHECK(observer->birth_date.empty());
}

TEST_CASE("a result that arrives after the session ended is wiped, not shown") {
    Kiosk kiosk;
    kiosk.to_pin_pad();
    kiosk.type("1234");
    kiosk.session.apply(intent::PinSubmit{}, t0);
    kiosk.session.tick(t0 + seconds(200));
    auto late = taro();
    const auto observer = late;
    kiosk.session.on_card(card_update::Read{std::move(late)}, t0 + seconds(201));
    CHECK(kiosk.session.attributes() == nullptr);
    CHECK(observer->name.empty());
    CHECK(observer->address.empty());
}

TEST_CASE("the PIN pad: fixed order by default, shuffled when configured") {
    Kiosk plain;
    plain.to_pin_pad();
    CHECK(plain.session.pin_pad_order() == std::array<int, 10>{1, 2, 3, 4, 5, 6, 7, 8, 9, 0});

    SessionSettings shuffled_settings;
    shuffled_settings.shuffle_pin_pad = true;
    RecordingCardPort port;
    Session shuffled(shuffled_settings, t0, &port);
    std::set<std::array<int, 10>> layouts;
    for (int i = 0; i < 8; ++i) {
        shuffled.apply(intent::Start{}, t0);
        shuffled.apply(intent::ReadCard{}, t0);
        shuffled.on_card(card_update::Inserted{}, t0);
        shuffled.on_card(card_update::Checked{3}, t0);
        auto order = shuffled.pin_pad_order();
        layouts.insert(order);
        std::ranges::sort(order);
        CHECK(order == std::array<int, 10>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        shuffled.on_card(card_update::Removed{}, t0);
    }
    CHECK(layouts.size() > 1);
}

TEST_CASE("a kiosk without a card reader offers no card feature") {
    Session session(SessionSettings{}, t0);
    CHECK_FALSE(session.card_available());
    session.apply(intent::Start{}, t0);
    session.apply(intent::ReadCard{}, t0);
    CHECK(session.screen() == ScreenId::menu);
}
