// The forms flow in the session (issue 6): the card's summary, the procedures ticked, the review,
// the ticket, and the application sealed into a real outbox with the real ApplicationDesk, linked
// to the printed ticket; every reset leaves no personal data behind.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "kiosk/application_desk.hpp"
#include "kiosk/session.hpp"

using namespace madoguchi;
using std::chrono::seconds;

namespace {

// Counts what the forms flow asks of the reader; the test plays the reader's answers back.
class CountingCardPort final : public CardPort {
public:
    void check() override {}
    void read(card::Pin) override {}
    void read_individual_number() override { ++number_reads; }
    void release() override { ++releases; }

    int number_reads = 0;
    int releases = 0;
};

class RecordingTicketPort final : public TicketPort {
public:
    void issue(TicketRequest request) override { requests.push_back(std::move(request)); }
    std::vector<TicketRequest> requests;
};

const Clock::time_point t0{};
constexpr CalendarDate k_today{2026, 11, 26};

std::shared_ptr<const std::vector<FormDefinition>> shipped() {
    static const auto forms =
        std::make_shared<const std::vector<FormDefinition>>(*load_forms(MADOGUCHI_SOURCE_DIR "/assets/forms"));
    return forms;
}

std::shared_ptr<card::PersonalAttributes> yoshino() {
    auto person = std::make_shared<card::PersonalAttributes>();
    person->name = "𠮷野　太郎";
    person->address = "東京都中央区築地１丁目１番１号";
    person->birth_date = "19890108";
    person->sex = card::Sex::male;
    return person;
}

TerminalKey terminal_key() {
    TerminalKey key{};
    key.fill(3);
    return key;
}

class KeyFiles {
public:
    KeyFiles() : m_dir(std::filesystem::temp_directory_path() / ("madoguchi-forms-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
        write_key("terminal.key", 3);
        write_key("application.key", 9);
        config.outbox = m_dir / "outbox.db";
        config.terminal_key = m_dir / "terminal.key";
        config.application_key = m_dir / "application.key";
    }
    ~KeyFiles() { std::filesystem::remove_all(m_dir); }

    TerminalConfig config;

private:
    void write_key(const char* name, char fill) {
        const auto path = m_dir / name;
        std::ofstream(path, std::ios::binary) << std::string(32, fill);
        std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::replace);
    }
    std::filesystem::path m_dir;
};

// The site's services now: certificates and child support open, moving closed for the day.
std::vector<ServiceChoice> open_menu() {
    return {{"certificates", "証明書", "Certificates", true, "08:30-17:15"},
            {"moving", "転入・転出", "Moving", false, ""},
            {"child_support", "児童手当", "Child allowance", true, "08:30-17:15"}};
}

SessionSettings forms_settings(std::vector<ServiceChoice> menu = open_menu()) {
    SessionSettings settings;
    settings.forms = shipped();
    settings.today = [] { return k_today; };
    settings.name_reading = [](std::string_view) { return std::string("ヨシノ　タロウ"); };
    settings.ticket_menu = [menu = std::move(menu)] { return menu; };
    return settings;
}

struct Kiosk {
    explicit Kiosk(ApplicationPort* applications, SessionSettings settings = forms_settings(),
                   FormsPrintPort* forms_printer = nullptr)
        : session(std::move(settings), t0, &card, &tickets, applications, forms_printer) {}
    CountingCardPort card;
    RecordingTicketPort tickets;
    Session session;

    void to_forms() {
        session.apply(intent::Start{}, t0);
        session.on_card(card_update::Inserted{}, t0);
        session.apply(intent::ReadCard{}, t0);
        session.on_card(card_update::Checked{3}, t0);
        for (int digit : {1, 2, 3, 4}) {
            session.apply(intent::PinDigit{digit}, t0);
        }
        session.apply(intent::PinSubmit{}, t0);
        session.on_card(card_update::Read{yoshino()}, t0);
        REQUIRE(session.screen() == ScreenId::card_summary);
        session.apply(intent::CardDone{}, t0);
        REQUIRE(session.screen() == ScreenId::forms_choose);
    }
    // Every question beyond the card left out, as a citizen who skips them all does.
    void skip_questions() {
        for (int asked = 0; session.screen() == ScreenId::forms_extras && asked < 100; ++asked) {
            session.apply(intent::AnswerSkip{}, t0);
        }
    }
    void to_review() {
        to_forms();
        session.apply(intent::ToggleForm{"juminhyo"}, t0);
        session.apply(intent::ToggleForm{"inkan_shomei"}, t0);
        session.apply(intent::FormsChosen{}, t0);
        REQUIRE(session.screen() == ScreenId::forms_extras);
        skip_questions();
        REQUIRE(session.screen() == ScreenId::forms_review);
    }
};

const ReviewField& field_of(const Session& session, std::string_view form, std::string_view field) {
    for (const ReviewForm& reviewed : session.form_review()) {
        if (reviewed.form->id == form) {
            for (const ReviewField& candidate : reviewed.fields) {
                if (candidate.field->id == field) {
                    return candidate;
                }
            }
        }
    }
    FAIL("no field " << field << " in " << form);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("forms: the review marks what the card filled and what is left for the counter") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE_MESSAGE(desk.has_value(), (desk ? "" : desk.error().message));
    Kiosk kiosk(&*desk);
    kiosk.to_review();
    REQUIRE(kiosk.session.form_review().size() == 2);
    CHECK(kiosk.session.form_review()[0].form->id == "inkan_shomei");  // the definitions' order
    const ReviewField& name = field_of(kiosk.session, "juminhyo", "name");
    CHECK(name.source == ReviewSource::card);
    CHECK(name.printed == "𠮷野　太郎");
    CHECK(field_of(kiosk.session, "juminhyo", "birth_date").printed == "平成元年1月8日");
    CHECK(field_of(kiosk.session, "juminhyo", "date_filed").source == ReviewSource::kiosk);
    CHECK(field_of(kiosk.session, "juminhyo", "name_kana").printed == "ヨシノ　タロウ");
    CHECK(field_of(kiosk.session, "juminhyo", "phone").source == ReviewSource::empty);
    CHECK(field_of(kiosk.session, "juminhyo", "phone").printed.empty());
    CHECK(field_of(kiosk.session, "juminhyo", "signature").source == ReviewSource::by_hand);
    CHECK(kiosk.session.holds_personal_data());
}

TEST_CASE("forms: confirmed forms travel sealed with the printed ticket, then the card is taken") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    Kiosk kiosk(&*desk);
    kiosk.to_review();
    kiosk.session.apply(intent::ConfirmForms{}, t0);
    // The forms say where they are handled: no service to choose.
    REQUIRE(kiosk.session.screen() == ScreenId::ticket_printing);
    REQUIRE(kiosk.tickets.requests.size() == 1);
    CHECK(kiosk.tickets.requests[0].service == "certificates");
    CHECK_FALSE(kiosk.tickets.requests[0].priority);
    CHECK(kiosk.session.forms_elsewhere().empty());
    IssuedTicket printed;
    printed.id = "ticket-42";
    printed.number = "A-042";
    kiosk.session.on_ticket(ticket_update::Printed{printed}, t0);
    CHECK(kiosk.session.screen() == ScreenId::ticket_take);
    CHECK_FALSE(kiosk.session.application_failed());
    CHECK(kiosk.session.form_review().empty());

    auto outbox = Outbox::open(keys.config.outbox, terminal_key());
    REQUIRE(outbox.has_value());
    auto item = outbox->next_due(std::chrono::system_clock::now() + std::chrono::hours(1));
    REQUIRE(item.has_value());
    REQUIRE(item->has_value());
    CHECK((*item)->path == "/api/v1/applications");
    const std::string body((*item)->body.begin(), (*item)->body.end());
    CHECK(body.find("𠮷野") == std::string::npos);
    const auto request = nlohmann::json::parse(body);
    CHECK(request["ticket_id"] == "ticket-42");
    SecretKey application_key{};
    application_key.fill(9);
    auto opened = open_application(request["payload"].get<std::string>(), "ticket-42", *shipped(), application_key,
                                   k_today);
    REQUIRE_MESSAGE(opened.has_value(), (opened ? "" : opened.error().message));
    REQUIRE(opened->size() == 2);
    const FilledForm& juminhyo = (*opened)[1];
    CHECK(juminhyo.form->id == "juminhyo");
    CHECK(juminhyo.value("name")->printed() == "𠮷野　太郎");
    CHECK(juminhyo.value("name")->from_card);
    CHECK(juminhyo.value("phone") == nullptr);  // left for the counter

    kiosk.session.apply(intent::TicketDone{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::card_take);
    kiosk.session.on_card(card_update::Removed{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::attract);
    CHECK_FALSE(kiosk.session.holds_personal_data());
}

TEST_CASE("forms: forms of several counters: one ticket for the first chosen form's service, the others named") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    Kiosk kiosk(&*desk);
    kiosk.to_forms();
    for (const char* form : {"koseki", "juminhyo", "jido_teate", "jumin_ido"}) {
        kiosk.session.apply(intent::ToggleForm{form}, t0);
    }
    kiosk.session.apply(intent::FormsChosen{}, t0);
    kiosk.skip_questions();
    REQUIRE(kiosk.session.screen() == ScreenId::forms_review);
    kiosk.session.apply(intent::ConfirmForms{}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::ticket_printing);
    REQUIRE(kiosk.tickets.requests.size() == 1);
    // The list's order, not the order touched: 児童手当 (jido_teate) is the first chosen form.
    CHECK(kiosk.tickets.requests[0].service == "child_support");
    const auto elsewhere = kiosk.session.forms_elsewhere();
    REQUIRE(elsewhere.size() == 2);  // certificates once, for both of its forms
    CHECK(elsewhere[0].id == "moving");
    CHECK(elsewhere[0].name_ja == "転入・転出");
    CHECK(elsewhere[1].id == "certificates");
    IssuedTicket printed;
    printed.id = "ticket-44";
    kiosk.session.on_ticket(ticket_update::Printed{printed}, t0);
    CHECK(kiosk.session.screen() == ScreenId::ticket_take);
    CHECK(kiosk.session.forms_elsewhere().size() == 2);
    kiosk.session.apply(intent::TicketDone{}, t0);
    kiosk.session.on_card(card_update::Removed{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::attract);
    CHECK(kiosk.session.forms_elsewhere().empty());
}

TEST_CASE("forms: the priority question still comes, and back from it returns to the review") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    SessionSettings settings = forms_settings();
    settings.priority_tickets = true;
    Kiosk kiosk(&*desk, std::move(settings));
    kiosk.to_review();
    kiosk.session.apply(intent::ConfirmForms{}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::ticket_priority);
    kiosk.session.apply(intent::Back{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::forms_review);
    CHECK(kiosk.tickets.requests.empty());
    kiosk.session.apply(intent::ConfirmForms{}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::ticket_priority);
    kiosk.session.apply(intent::ChoosePriority{true}, t0);
    CHECK(kiosk.session.screen() == ScreenId::ticket_printing);
    REQUIRE(kiosk.tickets.requests.size() == 1);
    CHECK(kiosk.tickets.requests[0].service == "certificates");
    CHECK(kiosk.tickets.requests[0].priority);
}

TEST_CASE("forms: a service closed now, or not offered here, falls back to choosing the service") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    SessionSettings settings = forms_settings();
    SUBCASE("closed now: its hours are on the service screen") {}
    SUBCASE("not offered at this site") {
        settings = forms_settings({{"certificates", "証明書", "Certificates", true, "08:30-17:15"}});
    }
    Kiosk kiosk(&*desk, std::move(settings));
    kiosk.to_forms();
    kiosk.session.apply(intent::ToggleForm{"jumin_ido"}, t0);
    kiosk.session.apply(intent::ToggleForm{"juminhyo"}, t0);
    kiosk.session.apply(intent::FormsChosen{}, t0);
    kiosk.skip_questions();
    kiosk.session.apply(intent::ConfirmForms{}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::ticket_service);
    CHECK(kiosk.tickets.requests.empty());
    CHECK_FALSE(kiosk.session.services().empty());
    kiosk.session.apply(intent::ChooseService{"moving"}, t0);  // closed or absent: nothing happens
    CHECK(kiosk.session.screen() == ScreenId::ticket_service);
    kiosk.session.apply(intent::ChooseService{"certificates"}, t0);
    REQUIRE(kiosk.tickets.requests.size() == 1);
    CHECK(kiosk.tickets.requests[0].service == "certificates");
    REQUIRE(kiosk.session.forms_elsewhere().size() == 1);
    CHECK(kiosk.session.forms_elsewhere()[0].id == "moving");
}

TEST_CASE("forms: every way a session ends leaves no filled form, review or choice behind") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    Kiosk kiosk(&*desk);
    SUBCASE("the idle timeout on the review") {
        kiosk.to_review();
        kiosk.session.tick(t0 + seconds(60) + seconds(20));
    }
    SUBCASE("the ticket printed after the session timed out") {
        kiosk.to_review();
        kiosk.session.apply(intent::ConfirmForms{}, t0);
        kiosk.session.tick(t0 + seconds(80));
        kiosk.session.on_ticket(ticket_update::Printed{IssuedTicket{}}, t0 + seconds(81));
    }
    CHECK(kiosk.session.screen() == ScreenId::attract);
    CHECK_FALSE(kiosk.session.holds_personal_data());
    CHECK(kiosk.session.form_review().empty());
    CHECK(std::ranges::none_of(kiosk.session.form_choices(), &FormChoice::chosen));
    CHECK(kiosk.session.attributes() == nullptr);
    auto outbox = Outbox::open(keys.config.outbox, terminal_key());
    REQUIRE(outbox.has_value());
    CHECK(*outbox->pending() == 0);
}

TEST_CASE("forms: back and forth, nothing chosen, no forms today") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    Kiosk kiosk(&*desk, forms_settings({{"certificates", "証明書", "Certificates", false, "09:00-17:00"}}));
    kiosk.to_forms();
    kiosk.session.apply(intent::FormsChosen{}, t0);  // nothing ticked: stays
    CHECK(kiosk.session.screen() == ScreenId::forms_choose);
    kiosk.session.apply(intent::ToggleForm{"koseki"}, t0);
    kiosk.session.apply(intent::ToggleForm{"koseki"}, t0);  // unticked again
    kiosk.session.apply(intent::FormsChosen{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::forms_choose);
    kiosk.session.apply(intent::ToggleForm{"no_such_form"}, t0);
    CHECK(std::ranges::none_of(kiosk.session.form_choices(), &FormChoice::chosen));
    kiosk.session.apply(intent::Back{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::card_summary);
    kiosk.session.apply(intent::CardDone{}, t0);
    kiosk.session.apply(intent::ToggleForm{"koseki"}, t0);
    kiosk.session.apply(intent::FormsChosen{}, t0);
    kiosk.skip_questions();
    REQUIRE(kiosk.session.screen() == ScreenId::forms_review);
    kiosk.session.apply(intent::ConfirmForms{}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::ticket_service);  // certificates are closed today
    kiosk.session.apply(intent::Back{}, t0);  // from the services back to the review
    CHECK(kiosk.session.screen() == ScreenId::forms_review);
    kiosk.session.apply(intent::Back{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::forms_choose);
    kiosk.session.apply(intent::SkipForms{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::card_take);
    CHECK(kiosk.session.form_review().empty());
}

TEST_CASE("forms: not offered without an application desk, and a desk that cannot store says so") {
    SUBCASE("no desk: the summary ends the card flow as before") {
        CountingCardPort card;
        RecordingTicketPort tickets;
        Session session(forms_settings(), t0, &card, &tickets);
        CHECK_FALSE(session.forms_offered());
    }
    SUBCASE("missing key files: the desk does not open") {
        TerminalConfig config;
        config.application_key = "/nonexistent/application.key";
        config.terminal_key = "/nonexistent/terminal.key";
        auto desk = ApplicationDesk::open(config);
        REQUIRE_FALSE(desk.has_value());
        CHECK(desk.error().code == ApplicationError::key);
    }
    SUBCASE("an outbox that cannot be written: the ticket stands, the citizen is told") {
        KeyFiles keys;
        keys.config.outbox = "/nonexistent/outbox.db";
        auto desk = ApplicationDesk::open(keys.config);
        REQUIRE(desk.has_value());
        Kiosk kiosk(&*desk);
        kiosk.to_review();
        kiosk.session.apply(intent::ConfirmForms{}, t0);
        IssuedTicket printed;
        printed.id = "ticket-43";
        kiosk.session.on_ticket(ticket_update::Printed{printed}, t0);
        CHECK(kiosk.session.screen() == ScreenId::ticket_take);
        CHECK(kiosk.session.application_failed());
        CHECK(kiosk.session.form_review().empty());
    }
}

namespace {

const FormQuestion* on_screen(const Session& session) { return session.forms().current_question(); }

// Answers the questions on screen until `key` is asked, leaving the others out.
void skip_to(Kiosk& kiosk, std::string_view key) {
    for (int asked = 0; asked < 100 && kiosk.session.screen() == ScreenId::forms_extras; ++asked) {
        if (on_screen(kiosk.session)->key == key) {
            return;
        }
        kiosk.session.apply(intent::AnswerSkip{}, t0);
    }
    FAIL("the question " << key << " was never asked");
}

}  // namespace

TEST_CASE("forms: the questions beyond the card, asked once, fill every chosen form") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    Kiosk kiosk(&*desk);
    kiosk.to_forms();
    for (const char* form : {"juminhyo", "inkan_shomei", "koseki"}) {
        kiosk.session.apply(intent::ToggleForm{form}, t0);
    }
    kiosk.session.apply(intent::FormsChosen{}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::forms_extras);
    CHECK(kiosk.session.forms().question_number() == 1);
    std::size_t phone_asked = 0;
    for (const FormQuestion& question : kiosk.session.forms().questions()) {
        phone_asked += question.asked && question.key == "phone" ? 1 : 0;
    }
    CHECK(phone_asked == 1);

    skip_to(kiosk, "copies");
    kiosk.session.apply(intent::AnswerOption{"2"}, t0);
    kiosk.session.apply(intent::AnswerDone{}, t0);
    skip_to(kiosk, "phone");
    kiosk.session.apply(intent::AnswerKey{"0312"}, t0);
    kiosk.session.apply(intent::AnswerDone{}, t0);  // too short: stays, and says why
    CHECK(on_screen(kiosk.session)->key == "phone");
    CHECK(kiosk.session.forms().problem() == AnswerProblem::phone);
    kiosk.session.apply(intent::AnswerKey{"345678"}, t0);
    kiosk.session.apply(intent::AnswerDone{}, t0);
    CHECK(kiosk.session.forms().problem() == AnswerProblem::none);
    CHECK(on_screen(kiosk.session)->key != "phone");
    // Back shows the answer kept, and going on again keeps it.
    kiosk.session.apply(intent::Back{}, t0);
    CHECK(on_screen(kiosk.session)->key == "phone");
    CHECK(kiosk.session.forms().editor().text().utf8() == "0312345678");
    kiosk.session.apply(intent::AnswerDone{}, t0);

    skip_to(kiosk, "subject_names");
    for (const char* kana : {"や", "ま", "た"}) {
        kiosk.session.apply(intent::AnswerKey{kana}, t0);
    }
    kiosk.session.apply(intent::AnswerMark{KanaMark::dakuten}, t0);
    kiosk.session.apply(intent::AnswerDone{}, t0);
    kiosk.skip_questions();
    REQUIRE(kiosk.session.screen() == ScreenId::forms_review);
    for (const char* form : {"juminhyo", "inkan_shomei", "koseki"}) {
        CHECK(field_of(kiosk.session, form, "phone").printed == "0312345678");
        CHECK(field_of(kiosk.session, form, "phone").source == ReviewSource::answered);
        CHECK(field_of(kiosk.session, form, "copies").printed == "2");
    }
    CHECK(field_of(kiosk.session, "koseki", "subject_names").printed == "やまだ");
    CHECK(field_of(kiosk.session, "koseki", "purpose").source == ReviewSource::empty);
    CHECK(field_of(kiosk.session, "koseki", "name").source == ReviewSource::card);

    // Corrected from the review: the card's furigana, and a date picked in 和暦.
    kiosk.session.apply(intent::CorrectField{"juminhyo", "name_kana"}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::forms_extras);
    CHECK(kiosk.session.forms().correcting());
    CHECK(kiosk.session.forms().editor().text().utf8() == "ヨシノ　タロウ");
    kiosk.session.apply(intent::AnswerBackspace{}, t0);
    kiosk.session.apply(intent::AnswerBackspace{}, t0);
    kiosk.session.apply(intent::AnswerKey{"ゴ"}, t0);
    kiosk.session.apply(intent::AnswerMark{KanaMark::dakuten}, t0);  // ゴ loses its mark: コ
    kiosk.session.apply(intent::AnswerKey{"ウ"}, t0);
    kiosk.session.apply(intent::AnswerDone{}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::forms_review);
    CHECK(field_of(kiosk.session, "juminhyo", "name_kana").printed == "ヨシノ　タコウ");
    CHECK(field_of(kiosk.session, "juminhyo", "name_kana").source == ReviewSource::answered);
    CHECK(field_of(kiosk.session, "inkan_shomei", "name_kana").printed == "ヨシノ　タコウ");

    kiosk.session.apply(intent::CorrectField{"juminhyo", "birth_date"}, t0);
    CHECK(kiosk.session.forms().editor().date().era == "平成");
    kiosk.session.apply(intent::AnswerDate{"平成", 31, 5, 1}, t0);
    kiosk.session.apply(intent::AnswerDone{}, t0);  // no such day
    CHECK(kiosk.session.forms().problem() == AnswerProblem::not_a_date);
    kiosk.session.apply(intent::AnswerDate{"令和", 9, 5, 1}, t0);
    kiosk.session.apply(intent::AnswerDone{}, t0);  // after today, on a birth date
    CHECK(kiosk.session.forms().problem() == AnswerProblem::in_the_future);
    kiosk.session.apply(intent::Back{}, t0);  // nothing changed
    REQUIRE(kiosk.session.screen() == ScreenId::forms_review);
    CHECK(field_of(kiosk.session, "juminhyo", "birth_date").printed == "平成元年1月8日");
    CHECK(field_of(kiosk.session, "juminhyo", "birth_date").source == ReviewSource::card);
    // Signatures are done by hand: nothing opens.
    kiosk.session.apply(intent::CorrectField{"juminhyo", "signature"}, t0);
    CHECK(kiosk.session.screen() == ScreenId::forms_review);

    // Back to the list and on again: the answers are kept.
    kiosk.session.apply(intent::Back{}, t0);
    kiosk.session.apply(intent::FormsChosen{}, t0);
    skip_to(kiosk, "copies");
    CHECK(kiosk.session.forms().editor().chosen("2"));
    kiosk.session.apply(intent::AnswerDone{}, t0);
    skip_to(kiosk, "phone");
    CHECK(kiosk.session.forms().editor().text().utf8() == "0312345678");
    kiosk.session.apply(intent::AnswerSkip{}, t0);  // and left out this time
    kiosk.skip_questions();
    CHECK(field_of(kiosk.session, "koseki", "phone").source == ReviewSource::empty);
    CHECK(field_of(kiosk.session, "koseki", "copies").printed == "2");
}

TEST_CASE("forms: answers and what is being typed are wiped by every reset") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    Kiosk kiosk(&*desk);
    kiosk.to_forms();
    kiosk.session.apply(intent::ToggleForm{"juminhyo"}, t0);
    kiosk.session.apply(intent::FormsChosen{}, t0);
    skip_to(kiosk, "phone");
    kiosk.session.apply(intent::AnswerKey{"0312345678"}, t0);
    kiosk.session.apply(intent::AnswerDone{}, t0);
    kiosk.session.apply(intent::AnswerKey{"や"}, t0);
    SUBCASE("idle timeout while typing") { kiosk.session.tick(t0 + seconds(80)); }
    SUBCASE("the card taken away at the review") {
        kiosk.skip_questions();
        kiosk.session.on_card(card_update::Removed{}, t0);
        kiosk.session.apply(intent::EndSession{}, t0);
    }
    CHECK(kiosk.session.screen() == ScreenId::attract);
    CHECK_FALSE(kiosk.session.holds_personal_data());
    CHECK(kiosk.session.forms().questions().empty());
    CHECK(kiosk.session.forms().current_question() == nullptr);
    CHECK(kiosk.session.forms().editor().text().length() == 0);
}

TEST_CASE("forms: back from the first question returns to the list") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    Kiosk kiosk(&*desk);
    kiosk.to_forms();
    kiosk.session.apply(intent::ToggleForm{"juminhyo"}, t0);
    kiosk.session.apply(intent::FormsChosen{}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::forms_extras);
    kiosk.session.apply(intent::Back{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::forms_choose);
    // Keys reach nothing off the questions' screen.
    kiosk.session.apply(intent::AnswerKey{"1"}, t0);
    kiosk.session.apply(intent::AnswerDone{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::forms_choose);
}

namespace {

std::vector<ServiceChoice> menu_with_my_number() {
    auto menu = open_menu();
    menu.push_back({"my_number", "マイナンバーカード", "My Number card", true, "08:30-17:15"});
    return menu;
}

std::shared_ptr<card::IndividualNumber> number_on_card() {
    auto number = std::make_shared<card::IndividualNumber>();
    number->digits = "123456789018";
    return number;
}

}  // namespace

TEST_CASE("forms: the individual number is read only for the form that has it, masked, and sealed with the ticket") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    Kiosk kiosk(&*desk, forms_settings(menu_with_my_number()));
    kiosk.to_forms();
    kiosk.session.apply(intent::ToggleForm{"juminhyo"}, t0);
    kiosk.session.apply(intent::FormsChosen{}, t0);
    CHECK(kiosk.card.number_reads == 0);
    kiosk.skip_questions();
    REQUIRE(kiosk.session.screen() == ScreenId::forms_review);
    kiosk.session.apply(intent::Back{}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::forms_choose);

    kiosk.session.apply(intent::ToggleForm{"juminhyo"}, t0);
    kiosk.session.apply(intent::ToggleForm{"kojin_bango_card"}, t0);
    kiosk.session.apply(intent::FormsChosen{}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::forms_number);
    CHECK(kiosk.card.number_reads == 1);
    kiosk.session.on_card(card_update::NumberRead{number_on_card()}, t0);
    REQUIRE(kiosk.session.individual_number() != nullptr);
    kiosk.skip_questions();
    REQUIRE(kiosk.session.screen() == ScreenId::forms_review);
    const ReviewField& number = field_of(kiosk.session, "kojin_bango_card", "individual_number");
    CHECK(number.source == ReviewSource::card);
    CHECK(number.printed == "**** **** ****");
    CHECK_FALSE(number.changeable());
    kiosk.session.apply(intent::CorrectField{"kojin_bango_card", "individual_number"}, t0);
    CHECK(kiosk.session.screen() == ScreenId::forms_review);
    // Back and on again: the number already held is not read twice.
    kiosk.session.apply(intent::Back{}, t0);
    kiosk.session.apply(intent::FormsChosen{}, t0);
    CHECK(kiosk.card.number_reads == 1);
    kiosk.skip_questions();
    REQUIRE(kiosk.session.screen() == ScreenId::forms_review);

    const int releases_before = kiosk.card.releases;
    kiosk.session.apply(intent::ConfirmForms{}, t0);
    CHECK(kiosk.card.releases == releases_before + 1);
    REQUIRE(kiosk.session.screen() == ScreenId::ticket_printing);
    IssuedTicket printed;
    printed.id = "ticket-45";
    kiosk.session.on_ticket(ticket_update::Printed{printed}, t0);
    CHECK(kiosk.session.individual_number() == nullptr);

    auto outbox = Outbox::open(keys.config.outbox, terminal_key());
    REQUIRE(outbox.has_value());
    auto item = outbox->next_due(std::chrono::system_clock::now() + std::chrono::hours(1));
    REQUIRE(item.has_value());
    REQUIRE(item->has_value());
    const std::string body((*item)->body.begin(), (*item)->body.end());
    CHECK(body.find("123456789018") == std::string::npos);
    SecretKey application_key{};
    application_key.fill(9);
    auto opened = open_application(nlohmann::json::parse(body)["payload"].get<std::string>(), "ticket-45", *shipped(),
                                   application_key, k_today);
    REQUIRE_MESSAGE(opened.has_value(), (opened ? "" : opened.error().message));
    REQUIRE(opened->size() == 1);
    REQUIRE((*opened)[0].value("individual_number") != nullptr);
    CHECK((*opened)[0].value("individual_number")->printed() == "123456789018");
    CHECK((*opened)[0].value("individual_number")->from_card);

    kiosk.session.apply(intent::TicketDone{}, t0);
    kiosk.session.on_card(card_update::Removed{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::attract);
    CHECK_FALSE(kiosk.session.holds_personal_data());
}

TEST_CASE("forms: a card that cannot give the individual number leaves it for the counter") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    Kiosk kiosk(&*desk);
    kiosk.to_forms();
    kiosk.session.apply(intent::ToggleForm{"kojin_bango_card"}, t0);
    kiosk.session.apply(intent::FormsChosen{}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::forms_number);
    // Taken away meanwhile: the screen is not a card screen, so the session goes on.
    kiosk.session.on_card(card_update::Removed{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::forms_number);
    kiosk.session.on_card(card_update::Failed{card::CardError::removed}, t0);
    kiosk.skip_questions();
    REQUIRE(kiosk.session.screen() == ScreenId::forms_review);
    const ReviewField& number = field_of(kiosk.session, "kojin_bango_card", "individual_number");
    CHECK(number.source == ReviewSource::empty);
    CHECK(number.printed.empty());
    CHECK_FALSE(number.changeable());
    // Not asked again: the counter completes it.
    kiosk.session.apply(intent::Back{}, t0);
    kiosk.session.apply(intent::FormsChosen{}, t0);
    CHECK(kiosk.card.number_reads == 1);
    CHECK(kiosk.session.screen() != ScreenId::forms_number);
}

TEST_CASE("forms: a number that arrives after the session ended is wiped, and every reset unpowers the card") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    Kiosk kiosk(&*desk);
    kiosk.to_forms();
    kiosk.session.apply(intent::ToggleForm{"kojin_bango_card"}, t0);
    kiosk.session.apply(intent::FormsChosen{}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::forms_number);
    const int releases_before = kiosk.card.releases;
    kiosk.session.apply(intent::EndSession{}, t0);
    CHECK(kiosk.card.releases == releases_before + 1);
    auto late = number_on_card();
    kiosk.session.on_card(card_update::NumberRead{late}, t0);
    CHECK(late->digits.empty());
    CHECK(kiosk.session.individual_number() == nullptr);
    CHECK_FALSE(kiosk.session.holds_personal_data());

    // Deselecting the form drops a number already read.
    kiosk.to_forms();
    kiosk.session.apply(intent::ToggleForm{"kojin_bango_card"}, t0);
    kiosk.session.apply(intent::FormsChosen{}, t0);
    kiosk.session.on_card(card_update::NumberRead{number_on_card()}, t0);
    REQUIRE(kiosk.session.individual_number() != nullptr);
    kiosk.skip_questions();
    kiosk.session.apply(intent::Back{}, t0);
    kiosk.session.apply(intent::ToggleForm{"kojin_bango_card"}, t0);
    kiosk.session.apply(intent::ToggleForm{"juminhyo"}, t0);
    kiosk.session.apply(intent::FormsChosen{}, t0);
    CHECK(kiosk.session.individual_number() == nullptr);
}

namespace {

// Keeps what the session hands to the A4 printer; the test plays the printer's answers back.
class RecordingPrintPort final : public FormsPrintPort {
public:
    void print(std::uint64_t request, std::vector<FilledForm> forms) override {
        requests.push_back(request);
        printed.push_back(std::move(forms));
    }
    std::vector<std::uint64_t> requests;
    std::vector<std::vector<FilledForm>> printed;
};

// Confirms the reviewed forms and has the ticket printed: the application is filed.
void ticket_printed(Kiosk& kiosk, const char* ticket_id) {
    kiosk.session.apply(intent::ConfirmForms{}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::ticket_printing);
    IssuedTicket printed;
    printed.id = ticket_id;
    printed.number = "A-046";
    kiosk.session.on_ticket(ticket_update::Printed{printed}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::ticket_take);
}

}  // namespace

TEST_CASE("forms: on a kiosk with an A4 printer the filed forms are printed, and the result shown") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    RecordingPrintPort a4;
    Kiosk kiosk(&*desk, forms_settings(), &a4);
    kiosk.to_review();
    CHECK(a4.requests.empty());  // nothing before the ticket
    ticket_printed(kiosk, "ticket-46");
    CHECK_FALSE(kiosk.session.application_failed());
    REQUIRE(a4.requests.size() == 1);
    REQUIRE(a4.printed[0].size() == 2);
    CHECK(a4.printed[0][1].form->id == "juminhyo");
    CHECK(a4.printed[0][1].value("name")->printed() == "𠮷野　太郎");
    CHECK(kiosk.session.forms_print() == FormsPrint::printing);
    // Handed over, not copied: the session keeps no filled form.
    CHECK(kiosk.session.forms().filled().empty());
    CHECK_FALSE(kiosk.session.forms().holds_personal_data());
    // The application went to the outbox all the same: the counter can print it too.
    auto outbox = Outbox::open(keys.config.outbox, terminal_key());
    REQUIRE(outbox.has_value());
    CHECK(*outbox->pending() == 1);

    SUBCASE("printed: take them to the counter") {
        kiosk.session.on_forms_printed({a4.requests[0], true});
        CHECK(kiosk.session.forms_print() == FormsPrint::printed);
    }
    SUBCASE("no such queue, or CUPS away: the counter prints them") {
        kiosk.session.on_forms_printed({a4.requests[0], false});
        CHECK(kiosk.session.forms_print() == FormsPrint::failed);
        CHECK_FALSE(kiosk.session.application_failed());
    }
    SUBCASE("an answer to another request changes nothing") {
        kiosk.session.on_forms_printed({a4.requests[0] + 1, true});
        CHECK(kiosk.session.forms_print() == FormsPrint::printing);
    }
    CHECK(kiosk.session.screen() == ScreenId::ticket_take);
    kiosk.session.apply(intent::TicketDone{}, t0);
    kiosk.session.on_card(card_update::Removed{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::attract);
    CHECK(kiosk.session.forms_print() == FormsPrint::none);
    CHECK_FALSE(kiosk.session.holds_personal_data());
}

TEST_CASE("forms: a print result after the session ended is ignored, in that session and the next") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    RecordingPrintPort a4;
    Kiosk kiosk(&*desk, forms_settings(), &a4);
    kiosk.to_review();
    ticket_printed(kiosk, "ticket-47");
    REQUIRE(a4.requests.size() == 1);
    kiosk.session.tick(t0 + seconds(80));  // the citizen walked away: idle timeout
    REQUIRE(kiosk.session.screen() == ScreenId::attract);
    kiosk.session.on_forms_printed({a4.requests[0], true});
    CHECK(kiosk.session.forms_print() == FormsPrint::none);

    // The next citizen's forms are printing when the first one's answer arrives.
    kiosk.session.on_card(card_update::Removed{}, t0 + seconds(81));
    kiosk.to_review();
    ticket_printed(kiosk, "ticket-48");
    REQUIRE(a4.requests.size() == 2);
    CHECK(a4.requests[1] != a4.requests[0]);
    kiosk.session.on_forms_printed({a4.requests[0], false});
    CHECK(kiosk.session.forms_print() == FormsPrint::printing);
    kiosk.session.on_forms_printed({a4.requests[1], true});
    CHECK(kiosk.session.forms_print() == FormsPrint::printed);
}

TEST_CASE("forms: no A4 printer, no forms, or a ticket printed for nobody: nothing is printed") {
    KeyFiles keys;
    auto desk = ApplicationDesk::open(keys.config);
    REQUIRE(desk.has_value());
    RecordingPrintPort a4;
    SUBCASE("the kiosk has no A4 printer") {
        Kiosk kiosk(&*desk);
        kiosk.to_review();
        ticket_printed(kiosk, "ticket-49");
        CHECK(kiosk.session.forms_print() == FormsPrint::none);
    }
    SUBCASE("a ticket without forms") {
        Kiosk kiosk(&*desk, forms_settings(), &a4);
        kiosk.session.apply(intent::Start{}, t0);
        kiosk.session.apply(intent::TakeTicket{}, t0);
        kiosk.session.apply(intent::ChooseService{"certificates"}, t0);
        REQUIRE(kiosk.session.screen() == ScreenId::ticket_printing);
        kiosk.session.on_ticket(ticket_update::Printed{IssuedTicket{}}, t0);
        CHECK(kiosk.session.screen() == ScreenId::ticket_take);
        CHECK(kiosk.session.forms_print() == FormsPrint::none);
    }
    SUBCASE("the ticket printed after the session timed out") {
        Kiosk kiosk(&*desk, forms_settings(), &a4);
        kiosk.to_review();
        kiosk.session.apply(intent::ConfirmForms{}, t0);
        kiosk.session.tick(t0 + seconds(80));
        kiosk.session.on_ticket(ticket_update::Printed{IssuedTicket{}}, t0 + seconds(81));
        CHECK(kiosk.session.forms_print() == FormsPrint::none);
        CHECK_FALSE(kiosk.session.holds_personal_data());
    }
    CHECK(a4.requests.empty());
}
