// The kiosk's card flow end to end on the real stack: Session + CardService + pcscd + vpcd +
// mynacard-sim. What the citizen does is played as intents; the card answers for real.
#include <doctest/doctest.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

#include "card_rig.hpp"
#include "kiosk/card_service.hpp"
#include "kiosk/session.hpp"

using namespace madoguchi;
using namespace madoguchi::card::testing;

namespace {

constexpr const char* k_profile = R"([card]
name = "𠮷田　花子"
address = "東京都千代田区霞が関１丁目２番３号"
birth_date = "19890108"
sex = "2"
pin = "2580"
)";

// The UI thread of the test: drains the main queue whenever a worker posts to it.
class Kiosk {
public:
    Kiosk()
        : m_service(m_queue, k_reader,
                    [this](CardUpdate update) {
                        note(update);
                        session.on_card(std::move(update), Clock::now());
                    }),
          session(SessionSettings{}, Clock::now(), &m_service) {
        m_queue.set_waker([this] {
            const std::lock_guard lock(m_mutex);
            ++m_posted;
            m_woken.notify_all();
        });
    }

    // Runs posted results until `done` holds, for at most ten seconds.
    bool pump_until(const std::function<bool()>& done) {
        const auto deadline = Clock::now() + std::chrono::seconds(10);
        while (!done()) {
            {
                std::unique_lock lock(m_mutex);
                if (!m_woken.wait_until(lock, deadline, [&] { return m_posted > 0; })) {
                    return false;
                }
                m_posted = 0;
            }
            m_queue.drain();
        }
        return true;
    }

    void type(std::string_view digits) {
        for (char digit : digits) {
            session.apply(intent::PinDigit{digit - '0'}, Clock::now());
        }
        session.apply(intent::PinSubmit{}, Clock::now());
    }

    // From the menu to the card's summary with the card already in the reader.
    bool read_card(std::string_view pin) {
        session.apply(intent::Start{}, Clock::now());
        const bool asked = pump_until([&] {
            session.apply(intent::ReadCard{}, Clock::now());
            return session.screen() == ScreenId::card_pin;
        });
        if (!asked) {
            return false;
        }
        type(pin);
        return pump_until([&] { return session.screen() != ScreenId::card_working; }) &&
               session.screen() == ScreenId::card_summary;
    }

    CardService& card() { return m_service; }
    // What the reader last answered to read_individual_number(): the digits, or the error.
    std::string number_read;
    std::optional<card::CardError> failure;

private:
    void note(const CardUpdate& update) {
        if (const auto* read = std::get_if<card_update::NumberRead>(&update); read != nullptr && read->number) {
            number_read = read->number->digits;
        } else if (const auto* failed = std::get_if<card_update::Failed>(&update)) {
            failure = failed->error;
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_woken;
    int m_posted = 0;
    MainQueue m_queue;
    CardService m_service;

public:
    Session session;
};

}  // namespace

TEST_CASE("place the card, a wrong PIN, the right PIN, the summary, take the card: nothing is left") {
    PcscRig::instance();
    Kiosk kiosk;
    kiosk.session.apply(intent::Start{}, Clock::now());
    kiosk.session.apply(intent::ReadCard{}, Clock::now());
    REQUIRE(kiosk.session.screen() == ScreenId::card_place);

    SimCard sim(k_profile);
    REQUIRE(kiosk.pump_until([&] { return kiosk.session.screen() == ScreenId::card_pin; }));
    CHECK(kiosk.session.tries_left() == 3);

    kiosk.type("1111");
    REQUIRE(kiosk.pump_until([&] { return kiosk.session.screen() != ScreenId::card_working; }));
    CHECK(kiosk.session.screen() == ScreenId::card_pin);
    CHECK(kiosk.session.tries_left() == 2);
    CHECK(kiosk.session.card_problem() == CardProblem::wrong_pin);

    kiosk.type("2580");
    REQUIRE(kiosk.pump_until([&] { return kiosk.session.screen() != ScreenId::card_working; }));
    REQUIRE(kiosk.session.screen() == ScreenId::card_summary);
    REQUIRE(kiosk.session.attributes() != nullptr);
    CHECK(kiosk.session.attributes()->name == "𠮷田\u3000花子");
    CHECK(kiosk.session.attributes()->address == "東京都千代田区霞が関１丁目２番３号");
    CHECK(kiosk.session.attributes()->birth_date == "19890108");
    CHECK(kiosk.session.attributes()->sex == card::Sex::female);

    kiosk.session.apply(intent::CardDone{}, Clock::now());
    CHECK(kiosk.session.screen() == ScreenId::card_take);
    sim.pull();
    REQUIRE(kiosk.pump_until([&] { return kiosk.session.screen() == ScreenId::attract; }));
    CHECK_FALSE(kiosk.session.holds_personal_data());
    CHECK(kiosk.session.attributes() == nullptr);
}

TEST_CASE("the card pulled while the PIN is being typed ends the session") {
    PcscRig::instance();
    Kiosk kiosk;
    SimCard sim(k_profile);
    kiosk.session.apply(intent::Start{}, Clock::now());
    REQUIRE(kiosk.pump_until([&] {
        kiosk.session.apply(intent::ReadCard{}, Clock::now());
        return kiosk.session.screen() == ScreenId::card_pin;
    }));
    kiosk.session.apply(intent::PinDigit{2}, Clock::now());
    kiosk.session.apply(intent::PinDigit{5}, Clock::now());
    REQUIRE(kiosk.session.holds_personal_data());
    sim.pull();
    REQUIRE(kiosk.pump_until([&] { return kiosk.session.screen() == ScreenId::attract; }));
    CHECK_FALSE(kiosk.session.holds_personal_data());
}

TEST_CASE("another card in the reader: told plainly, and no PIN is asked") {
    PcscRig::instance();
    Kiosk kiosk;
    kiosk.session.apply(intent::Start{}, Clock::now());
    kiosk.session.apply(intent::ReadCard{}, Clock::now());
    SimCard sim("[card]\npin = \"1234\"\n[encoding]\nhas_attributes_ap = false\n");
    REQUIRE(kiosk.pump_until([&] { return kiosk.session.screen() != ScreenId::card_place &&
                                          kiosk.session.screen() != ScreenId::card_working; }));
    CHECK(kiosk.session.screen() == ScreenId::card_problem);
    CHECK(kiosk.session.card_problem() == CardProblem::not_my_number_card);
}

TEST_CASE("the individual number comes from the connection the PIN verified, once, and not after release") {
    PcscRig::instance();
    Kiosk kiosk;
    SimCard sim(k_profile);
    REQUIRE(kiosk.read_card("2580"));

    kiosk.card().read_individual_number();
    REQUIRE(kiosk.pump_until([&] { return !kiosk.number_read.empty() || kiosk.failure.has_value(); }));
    CHECK(kiosk.number_read == "123456789018");
    CHECK_FALSE(kiosk.failure.has_value());

    // The card was unpowered after that read: a second one needs the PIN again.
    kiosk.number_read.clear();
    kiosk.card().read_individual_number();
    REQUIRE(kiosk.pump_until([&] { return !kiosk.number_read.empty() || kiosk.failure.has_value(); }));
    CHECK(kiosk.number_read.empty());
    CHECK(kiosk.failure == card::CardError::removed);
}

TEST_CASE("after release, or with the card taken away, the individual number is not read") {
    PcscRig::instance();
    Kiosk kiosk;
    SimCard sim(k_profile);
    REQUIRE(kiosk.read_card("2580"));
    kiosk.card().release();
    kiosk.card().read_individual_number();
    REQUIRE(kiosk.pump_until([&] { return kiosk.failure.has_value(); }));
    CHECK(kiosk.number_read.empty());

    kiosk.failure.reset();
    kiosk.session.apply(intent::CardDone{}, Clock::now());
    sim.pull();
    REQUIRE(kiosk.pump_until([&] { return kiosk.session.screen() == ScreenId::attract; }));
    kiosk.card().read_individual_number();
    REQUIRE(kiosk.pump_until([&] { return kiosk.failure.has_value(); }));
    CHECK(kiosk.number_read.empty());
}
