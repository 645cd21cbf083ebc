// The forms screens headless (issue 6): a finger ticks procedures by their titles, reviews what
// the card filled, and confirms into the ticket flow; the session takes the intents.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

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
    void read_individual_number() override {}
    void release() override {}
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
        if (captured) {
            for (const FilledForm& form : forms) {
                auto& values = filled[form.form->id];
                for (const FilledValue& value : form.values) {
                    values[value.field->id] = value.printed();
                }
            }
        }
        return {};
    }
    std::vector<std::string> tickets;
    std::vector<std::size_t> form_counts;
    // The printed values of each form filed, by form and field (only when a test asks for them).
    bool captured = false;
    std::map<std::string, std::map<std::string, std::string>> filled;
};

SessionSettings settings() {
    SessionSettings s;
    s.languages = {"ja", "en"};
    s.forms = std::make_shared<const std::vector<FormDefinition>>(*load_forms(MADOGUCHI_SOURCE_DIR "/assets/forms"));
    s.today = [] { return CalendarDate{2026, 11, 26}; };
    s.name_reading = [](std::string_view) { return std::string("ヨシノ　タロウ"); };
    s.ticket_menu = [] {
        return std::vector<ServiceChoice>{{"certificates", "住民票・印鑑登録・戸籍証明書",
                                           "Certificates (residence, seal, family register)", true, "08:30-17:15"},
                                          {"child_support", "児童手当・子育て支援", "Child allowance and support", true,
                                           "08:30-17:15"}};
    };
    return s;
}

struct Kiosk {
    QuietCardPort card;
    RecordingTicketPort tickets;
    KeptApplications applications;
    bool& captured = applications.captured;
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

void press_and_apply(HeadlessUi& ui, Session& session, std::string_view label,
                     HeadlessUi::Which which = HeadlessUi::Which::topmost) {
    for (const Intent& intent : ui.press(make_view(session, ui.translator(), t0), label, which)) {
        session.apply(intent, t0);
    }
}

// Leaves the question on screen out with the button the screen offers for it.
void skip_question(HeadlessUi& ui, Session& session, bool japanese) {
    const bool required = session.forms().current_question()->required;
    press_and_apply(ui, session,
                    japanese ? (required ? "窓口で記入する" : "とばす") : (required ? "Ask at the counter" : "Skip"));
}

void skip_questions(HeadlessUi& ui, Session& session, bool japanese) {
    for (int asked = 0; asked < 100 && session.screen() == ScreenId::forms_extras; ++asked) {
        skip_question(ui, session, japanese);
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
    REQUIRE(kiosk.session.screen() == ScreenId::forms_extras);
    skip_questions(ui, kiosk.session, true);
    REQUIRE(kiosk.session.screen() == ScreenId::forms_review);

    const View review = make_view(kiosk.session, ui.translator(), t0);
    CHECK(ui.shows(review, "住民票の写し等交付請求書"));
    CHECK(ui.shows(review, "氏名: カードから記入"));
    CHECK(ui.shows(review, "電話番号: 未記入：窓口で記入します"));
    CHECK(ui.shows(review, "請求日: 自動で記入"));
    const auto& drawn = ui.free_text.drawn;
    CHECK(std::ranges::find(drawn, "𠮷野　太郎") != drawn.end());
    CHECK(std::ranges::find(drawn, "平成元年1月8日") != drawn.end());

    // The forms name their counter: no service to choose.
    press_and_apply(ui, kiosk.session, "確定して番号札を取る");
    REQUIRE(kiosk.session.screen() == ScreenId::ticket_printing);
    REQUIRE(kiosk.tickets.requests.size() == 1);
    CHECK(kiosk.tickets.requests[0].service == "certificates");
    IssuedTicket printed;
    printed.id = "ticket-7";
    printed.number = "A-007";
    kiosk.session.on_ticket(ticket_update::Printed{printed}, t0);
    REQUIRE(kiosk.applications.tickets == std::vector<std::string>{"ticket-7"});
    CHECK(kiosk.applications.form_counts == std::vector<std::size_t>{2});
    press_and_apply(ui, kiosk.session, "メニューに戻る");
    CHECK(kiosk.session.screen() == ScreenId::card_take);
}

TEST_CASE("forms screens: forms of two counters, one ticket, the other counter named on the ticket screen") {
    HeadlessUi ui;
    for (const bool japanese : {true, false}) {
        CAPTURE(japanese);
        Kiosk kiosk;
        kiosk.to_forms(japanese ? "ja" : "en");
        press_and_apply(ui, kiosk.session, japanese ? "確認しました" : "Done");
        REQUIRE(kiosk.session.screen() == ScreenId::forms_choose);
        for (const char* form : {"jido_teate", "juminhyo"}) {
            kiosk.session.apply(intent::ToggleForm{form}, t0);
        }
        kiosk.session.apply(intent::FormsChosen{}, t0);
        skip_questions(ui, kiosk.session, japanese);
        REQUIRE(kiosk.session.screen() == ScreenId::forms_review);
        kiosk.session.apply(intent::ConfirmForms{}, t0);
        REQUIRE(kiosk.tickets.requests.size() == 1);
        CHECK(kiosk.tickets.requests[0].service == "child_support");
        IssuedTicket printed;
        printed.id = "ticket-9";
        printed.number = "F-009";
        kiosk.session.on_ticket(ticket_update::Printed{printed}, t0);
        REQUIRE(kiosk.session.screen() == ScreenId::ticket_take);
        const View take = make_view(kiosk.session, ui.translator(), t0);
        if (japanese) {
            CHECK(ui.shows(take, "次の窓口の申請書も一緒にお預かりしました。窓口からご案内します："));
            CHECK(ui.shows(take, "住民票・印鑑登録・戸籍証明書"));
        } else {
            CHECK(ui.shows(take, "Your forms for these counters are included too; the counter will send you on:"));
            CHECK(ui.shows(take, "Certificates (residence, seal, family register)"));
        }
        CHECK_FALSE(ui.shows(take, japanese ? "児童手当・子育て支援" : "Child allowance and support"));
    }
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
    skip_questions(ui, kiosk.session, false);
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

TEST_CASE("forms screens: three forms, the questions beyond the card on the kiosk's widgets, corrected, confirmed") {
    HeadlessUi ui;
    Kiosk kiosk;
    kiosk.captured = true;
    kiosk.to_forms("ja");
    press_and_apply(ui, kiosk.session, "確認しました");
    for (const char* title : {"住民票の写し等交付請求書", "印鑑登録証明書交付申請書", "戸籍証明書等請求書"}) {
        press_and_apply(ui, kiosk.session, title);
    }
    press_and_apply(ui, kiosk.session, "次へ");
    REQUIRE(kiosk.session.screen() == ScreenId::forms_extras);

    std::vector<std::string> asked;
    for (int step = 0; step < 100 && kiosk.session.screen() == ScreenId::forms_extras; ++step) {
        const FormQuestion& question = *kiosk.session.forms().current_question();
        asked.push_back(question.key);
        const View view = make_view(kiosk.session, ui.translator(), t0);
        CHECK(ui.shows(view, question.field->label));
        if (question.key == "copies") {
            press_and_apply(ui, kiosk.session, "2");  // copies are buttons, not typed
        } else if (question.key == "purpose" && question.fills("inkan_shomei")) {
            press_and_apply(ui, kiosk.session, "契約");
        } else if (question.key == "phone") {
            press_and_apply(ui, kiosk.session, "0");
            press_and_apply(ui, kiosk.session, "3");
            press_and_apply(ui, kiosk.session, "次へ");  // too short: the screen says why and stays
            CHECK(ui.shows(make_view(kiosk.session, ui.translator(), t0), question.field->label));
            CHECK(kiosk.session.forms().problem() == AnswerProblem::phone);
            for (const char* digit : {"1", "2", "3", "4", "5", "6", "7", "9"}) {
                press_and_apply(ui, kiosk.session, digit);
            }
            press_and_apply(ui, kiosk.session, "1字消去");
            press_and_apply(ui, kiosk.session, "8");
        } else if (question.key == "householder_name") {
            for (const char* kana : {"や", "ま", "た", "゛ 濁点"}) {
                press_and_apply(ui, kiosk.session, kana);
            }
            press_and_apply(ui, kiosk.session, "カタカナ");
            for (const char* kana : {"ハ", "゜ 半濁点", "ン"}) {
                press_and_apply(ui, kiosk.session, kana);
            }
        } else {
            skip_question(ui, kiosk.session, true);
            continue;
        }
        press_and_apply(ui, kiosk.session, "次へ");
        if (kiosk.session.screen() == ScreenId::forms_extras) {
            CHECK(kiosk.session.forms().current_question() != &question);
        }
    }
    REQUIRE(kiosk.session.screen() == ScreenId::forms_review);
    // Asked once each, however many forms carry them.
    CHECK(std::ranges::count(asked, "phone") == 1);
    CHECK(std::ranges::count(asked, "copies") == 1);
    CHECK(std::ranges::count(asked, "name") == 0);  // the card's

    const View review = make_view(kiosk.session, ui.translator(), t0);
    CHECK(ui.shows(review, "電話番号: 入力した内容"));
    CHECK(ui.shows(review, "氏名: カードから記入"));
    const auto& drawn = ui.free_text.drawn;
    CHECK(std::ranges::find(drawn, "0312345678") != drawn.end());
    CHECK(std::ranges::find(drawn, "やまだパン") != drawn.end());

    // The card's furigana, corrected on the kana keyboard from the review.
    press_and_apply(ui, kiosk.session, "フリガナ: 自動で記入", HeadlessUi::Which::bottommost);
    REQUIRE(kiosk.session.screen() == ScreenId::forms_extras);
    CHECK(kiosk.session.forms().correcting());
    press_and_apply(ui, kiosk.session, "1字消去");
    press_and_apply(ui, kiosk.session, "ヲ");
    press_and_apply(ui, kiosk.session, "決定");
    REQUIRE(kiosk.session.screen() == ScreenId::forms_review);
    CHECK(ui.shows(make_view(kiosk.session, ui.translator(), t0), "フリガナ: 入力した内容"));

    press_and_apply(ui, kiosk.session, "確定して番号札を取る");
    IssuedTicket printed;
    printed.id = "ticket-8";
    kiosk.session.on_ticket(ticket_update::Printed{printed}, t0);
    REQUIRE(kiosk.applications.filled.size() == 3);
    for (const auto& [form, values] : kiosk.applications.filled) {
        CAPTURE(form);
        CHECK(values.at("phone") == "0312345678");
        CHECK(values.at("copies") == "2");
        CHECK(values.at("name") == "𠮷野　太郎");
    }
    CHECK(kiosk.applications.filled.at("inkan_shomei").at("purpose") == "契約");
    CHECK_FALSE(kiosk.applications.filled.at("juminhyo").contains("purpose"));  // skipped: for the counter
    CHECK(kiosk.applications.filled.at("juminhyo").at("householder_name") == "やまだパン");
    CHECK(kiosk.applications.filled.at("juminhyo").at("name_kana") == "ヨシノ　タロヲ");
    CHECK(kiosk.applications.filled.at("inkan_shomei").at("name_kana") == "ヨシノ　タロヲ");
    CHECK(kiosk.session.forms().questions().empty());  // filed: the answers are wiped
}
