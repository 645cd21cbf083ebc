// The forms screens headless (issue 6): a finger ticks procedures by their titles, reviews what
// the card filled, and confirms into the ticket flow; the session takes the intents.
#include <doctest/doctest.h>

#include <algorithm>

#include "headless_ui.hpp"
#include "kiosk/session.hpp"
#include "screens/widgets.hpp"

using namespace madoguchi;
using madoguchi::testing::HeadlessUi;

namespace {

const Clock::time_point t0{};

class QuietCardPort final : public CardPort {
public:
    void check() override {}
    void read(card::Pin) override {}
};

class RecordingTicketPort final : public TicketPort {
public:
    void issue(TicketRequest request) override { requests.push_back(std::move(request)); }
    std::vector<TicketRequest> requests;
};

// Keeps what it is given in memory: these screen tests look at the screens, not at the outbox
// (tests/unit/session_forms_test.cpp files into a real one).
class KeptApplications final : public ApplicationPort {
public:
    Result<void, ApplicationError> submit(std::string_view ticket_id, std::span<const FilledForm> forms,
                                          std::string_view) override {
        tickets.emplace_back(ticket_id);
        form_counts.push_back(forms.size());
        return {};
    }
    std::vector<std::string> tickets;
    std::vector<std::size_t> form_counts;
};

SessionSettings settings() {
    SessionSettings s;
    s.languages = {"ja", "en"};
    s.forms = std::make_shared<const std::vector<FormDefinition>>(*load_forms(MADOGUCHI_SOURCE_DIR "/assets/forms"));
    s.today = [] { return CalendarDate{2026, 11, 26}; };
    s.ticket_menu = [] {
        return std::vector<ServiceChoice>{{"certificates", "住民票・印鑑登録・戸籍証明書",
                                           "Certificates (residence, seal, family register)", true, "08:30-17:15"}};
    };
    return s;
}

struct Kiosk {
    QuietCardPort card;
    RecordingTicketPort tickets;
    KeptApplications applications;
    Session session{settings(), t0, &card, &tickets, &applications};

    void to_forms(std::string_view language) {
        session.apply(intent::Start{}, t0);
        session.apply(intent::ChooseLanguage{std::string(language)}, t0);
        session.on_card(card_update::Inserted{}, t0);
        session.apply(intent::ReadCard{}, t0);
        session.on_card(card_update::Checked{3}, t0);
        for (int digit : {1, 2, 3, 4}) {
            session.apply(intent::PinDigit{digit}, t0);
        }
        session.apply(intent::PinSubmit{}, t0);
        auto person = std::make_shared<card::PersonalAttributes>();
        person->name = "𠮷野　太郎";
        person->address = "東京都中央区築地１丁目１番１号";
        person->birth_date = "19890108";
        person->sex = card::Sex::male;
        session.on_card(card_update::Read{person}, t0);
    }
};

void press_and_apply(HeadlessUi& ui, Session& session, std::string_view label) {
    for (const Intent& intent : ui.press(make_view(session, ui.translator(), t0), label)) {
        session.apply(intent, t0);
    }
}

}  // namespace

TEST_CASE("forms screens: summary → choose → review → ticket, in Japanese") {
    HeadlessUi ui;
    Kiosk kiosk;
    kiosk.to_forms("ja");
    press_and_apply(ui, kiosk.session, "確認しました");
    REQUIRE(kiosk.session.screen() == ScreenId::forms_choose);
    // Next does nothing until a form is ticked.
    press_and_apply(ui, kiosk.session, "次へ");
    CHECK(kiosk.session.screen() == ScreenId::forms_choose);
    press_and_apply(ui, kiosk.session, "住民票の写し等交付請求書");
    press_and_apply(ui, kiosk.session, "印鑑登録証明書交付申請書");
    press_and_apply(ui, kiosk.session, "次へ");
    REQUIRE(kiosk.session.screen() == ScreenId::forms_review);

    const View review = make_view(kiosk.session, ui.translator(), t0);
    CHECK(ui.shows(review, "住民票の写し等交付請求書"));
    CHECK(ui.shows(review, "氏名: カードから記入"));
    CHECK(ui.shows(review, "電話番号: 未記入：窓口で記入します"));
    CHECK(ui.shows(review, "請求日: 自動で記入"));
    const auto& drawn = ui.free_text.drawn;
    CHECK(std::ranges::find(drawn, "𠮷野　太郎") != drawn.end());
    CHECK(std::ranges::find(drawn, "平成元年1月8日") != drawn.end());

    press_and_apply(ui, kiosk.session, "確定して番号札を取る");
    REQUIRE(kiosk.session.screen() == ScreenId::ticket_service);
    press_and_apply(ui, kiosk.session, "住民票・印鑑登録・戸籍証明書");
    REQUIRE(kiosk.session.screen() == ScreenId::ticket_printing);
    IssuedTicket printed;
    printed.id = "ticket-7";
    printed.number = "A-007";
    kiosk.session.on_ticket(ticket_update::Printed{printed}, t0);
    REQUIRE(kiosk.applications.tickets == std::vector<std::string>{"ticket-7"});
    CHECK(kiosk.applications.form_counts == std::vector<std::size_t>{2});
    press_and_apply(ui, kiosk.session, "メニューに戻る");
    CHECK(kiosk.session.screen() == ScreenId::card_take);
}

TEST_CASE("forms screens: English titles with the official Japanese, untick, back, no forms today") {
    HeadlessUi ui;
    Kiosk kiosk;
    kiosk.to_forms("en");
    press_and_apply(ui, kiosk.session, "Done");
    REQUIRE(kiosk.session.screen() == ScreenId::forms_choose);
    const std::string juminhyo = "Request for copies of the residence record";
    press_and_apply(ui, kiosk.session, juminhyo);
    CHECK(kiosk.session.form_choices()[4].chosen);
    press_and_apply(ui, kiosk.session, juminhyo);
    CHECK_FALSE(kiosk.session.form_choices()[4].chosen);
    press_and_apply(ui, kiosk.session, juminhyo);
    press_and_apply(ui, kiosk.session, "Next");
    REQUIRE(kiosk.session.screen() == ScreenId::forms_review);
    const View review = make_view(kiosk.session, ui.translator(), t0);
    CHECK(ui.shows(review, "Name: From your card"));
    CHECK(ui.shows(review, "Applicant's signature (by hand): Signed by hand at the counter"));
    press_and_apply(ui, kiosk.session, "Back");
    CHECK(kiosk.session.screen() == ScreenId::forms_choose);
    press_and_apply(ui, kiosk.session, "No forms today");
    CHECK(kiosk.session.screen() == ScreenId::card_take);
    CHECK(kiosk.applications.tickets.empty());
}
