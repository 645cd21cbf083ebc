// The counter's screens headless: the log-in typed on the pads and a USB keyboard into the real
// terminal model (its desk pointed at no server), and the working and transfer screens drawn from
// pictures of the desk's states.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "headless_ui.hpp"
#include "kiosk/counter_terminal.hpp"
#include "kiosk/forms_flow.hpp"
#include "screens/counter_parts.hpp"
#include "screens/widgets.hpp"

using namespace madoguchi;
using madoguchi::testing::HeadlessUi;

namespace {

const std::vector<ServiceChoice> k_services{
    {"certificates", "証明書", "Certificates", true, "08:30-17:15"},
    {"moving", "転入・転出", "Moving in or out", true, "08:30-17:15"},
    {"tax", "税", "Taxes", true, "08:30-17:15"},
};

// Presses `label` and hands the intents to the terminal, as the window's loop does.
void press(HeadlessUi& ui, CounterTerminal& terminal, std::string_view label) {
    const Clock::time_point now = Clock::now();
    for (const Intent& intent : ui.press(terminal.view(ui.translator(), now), label)) {
        terminal.apply(intent, now);
    }
}

View picture_view(const HeadlessUi& ui, CounterPicture picture, std::string_view language = "en") {
    View view;
    view.counter = std::move(picture);
    view.screen = counter_screen(*view.counter);
    view.translator = &ui.translator();
    view.language = language;
    view.languages = ui.translator().languages();
    view.services = k_services;
    view.now = Clock::now();
    return view;
}

CounterPicture working(std::optional<QueueTicket> ticket) {
    CounterPicture picture;
    picture.stage = CounterStage::working;
    picture.staff_id = "1042";
    picture.counter = "3";
    picture.connected = true;
    picture.ticket = std::move(ticket);
    picture.waiting = {WaitingCount{"certificates", "A", 4}};
    return picture;
}

QueueTicket called(std::string number = "A-012") {
    return QueueTicket{"t1", std::move(number), "certificates", false, TicketState::called, "3"};
}

template <typename T>
bool has(const Intents& intents) {
    return std::ranges::any_of(intents, [](const Intent& intent) { return std::holds_alternative<T>(intent); });
}

}  // namespace

TEST_CASE("counter log-in: the staff id on the pad, the password on the touch keyboard, shown as dots") {
    HeadlessUi ui;
    MainQueue queue;
    CounterDesk desk(ServerEndpoint{}, CounterSettings{"chuo", "3", {}, std::chrono::minutes(3)}, queue);
    CounterTerminal terminal(desk, k_services, "en");
    CHECK(terminal.view(ui.translator(), Clock::now()).screen == ScreenId::counter_login);
    // Log in waits for both.
    CHECK(ui.press(terminal.view(ui.translator(), Clock::now()), "Log in").empty());
    for (const char* digit : {"1", "0", "4", "2"}) {
        press(ui, terminal, digit);
    }
    press(ui, terminal, "Delete");
    press(ui, terminal, "3");
    CHECK(desk.staff_id() == "1043");
    press(ui, terminal, "Next");
    CHECK(terminal.picture(Clock::now()).field == LoginField::password);
    // The keyboard replaced the pad: its digits type into the password now.
    for (const char* key : {"p", "Shift", "W", "Shift", "1", "Space", "-"}) {
        press(ui, terminal, key);
    }
    CHECK(desk.password_length() == 5);
    CHECK(desk.staff_id() == "1043");
    const View view = terminal.view(ui.translator(), Clock::now());
    ui.frame(view);
    for (const screens::LoggedItem& item : screens::frame_log()) {
        CHECK(item.label.find("pW1") == std::string::npos);
    }
    // Touching the staff id field brings the pad back.
    press(ui, terminal, "staff-id-field");
    CHECK(ui.shows(terminal.view(ui.translator(), Clock::now()), "Next"));
    press(ui, terminal, "password-field");
    press(ui, terminal, "Log in");
    CHECK(desk.password_length() == 0);  // handed to the request and wiped
    CHECK(desk.waiting_for_server());
    CHECK(ui.shows(terminal.view(ui.translator(), Clock::now()), "password-field"));
}

TEST_CASE("counter log-in: a USB keyboard types into the field, Enter moves on and logs in") {
    HeadlessUi ui;
    MainQueue queue;
    CounterDesk desk(ServerEndpoint{}, CounterSettings{"chuo", "3", {}, std::chrono::minutes(3)}, queue);
    CounterTerminal terminal(desk, k_services, "ja");
    ImGuiIO& io = ImGui::GetIO();
    constexpr int k_enter = 40;
    io.KeyMap[ImGuiKey_Enter] = k_enter;
    const auto type = [&](const char* text, bool enter) {
        io.AddInputCharactersUTF8(text);
        io.KeysDown[k_enter] = enter;
        const auto now = Clock::now();
        for (const Intent& intent : ui.frame(terminal.view(ui.translator(), now))) {
            terminal.apply(intent, now);
        }
        io.KeysDown[k_enter] = false;
        ui.frame(terminal.view(ui.translator(), now));
    };
    type("77x", true);
    CHECK(desk.staff_id() == "77");
    CHECK(terminal.picture(Clock::now()).field == LoginField::password);
    type("Secret pass", false);
    CHECK(desk.password_length() == 11);
    type("", true);
    CHECK(desk.password_length() == 0);
    CHECK(desk.waiting_for_server());
}

TEST_CASE("counter working screen: the ticket large, the queue, the actions enabled by state") {
    HeadlessUi ui;
    View idle = picture_view(ui, working(std::nullopt));
    CHECK(ui.shows(idle, "certificates 4 waiting"));
    CHECK(ui.shows(idle, "Counter 3"));
    CHECK(has<intent::CallNext>(ui.press(idle, "Call next")));
    CHECK(ui.press(idle, "Finish").empty());
    CHECK(ui.press(idle, "Transfer").empty());
    CounterPicture after_transfer = working(std::nullopt);
    after_transfer.transferred = QueueTicket{"t9", "B-004", "moving", false, TicketState::waiting, std::nullopt};
    CHECK(ui.shows(picture_view(ui, after_transfer), "transferred B-004"));

    CounterPicture holding = working(called());
    holding.no_show_wait_seconds = 133;
    const View view = picture_view(ui, holding);
    CHECK(ui.shows(view, "ticket A-012"));
    CHECK(ui.shows(view, "No-show\nin 2:13"));
    CHECK(ui.press(view, "No-show").empty());
    CHECK(ui.press(view, "Call next").empty());
    CHECK(has<intent::Recall>(ui.press(view, "Recall")));
    CHECK(has<intent::FinishTicket>(ui.press(view, "Finish")));
    CHECK(has<intent::StartTransfer>(ui.press(view, "Transfer")));
    CHECK(has<intent::LogOut>(ui.press(view, "Log out")));

    holding.no_show_wait_seconds.reset();
    holding.no_show_allowed = true;
    CHECK(has<intent::NoShow>(ui.press(picture_view(ui, holding), "No-show")));

    // While a request is under way nothing else can be pressed.
    holding.waiting_for_server = true;
    CHECK(ui.press(picture_view(ui, holding), "Finish").empty());
}

TEST_CASE("counter working screen: every refusal is told plainly, each its own way, in both languages") {
    HeadlessUi ui;
    const View view = picture_view(ui, working(std::nullopt));
    for (const char* language : {"ja", "en"}) {
        View in_language = view;
        in_language.language = language;
        std::set<std::string> told;
        for (int i = static_cast<int>(CounterNotice::nobody_waiting); i <= static_cast<int>(CounterNotice::server_fault);
             ++i) {
            const std::string text(screens::counter_notice_text(in_language, static_cast<CounterNotice>(i)));
            CHECK_FALSE(text.empty());
            told.insert(text);
        }
        CHECK(told.size() == static_cast<std::size_t>(CounterNotice::server_fault));
    }
    CounterPicture refused = working(called());
    refused.notice = CounterNotice::counter_busy;
    CHECK(ui.shows(picture_view(ui, refused),
                   "This counter still has a ticket: finish it, transfer it or mark it no-show first."));
    refused.connected = false;
    CHECK(ui.shows(picture_view(ui, refused), "reconnecting"));
}

TEST_CASE("counter transfer screen: every other service, the site's other counters, the note, and Cancel") {
    HeadlessUi ui;
    CounterPicture picture = working(called());
    picture.transferring = true;
    picture.counters = {"2", "5"};
    const View view = picture_view(ui, picture, "ja");
    CHECK(view.screen == ScreenId::counter_transfer);
    CHECK_FALSE(ui.shows(view, "証明書"));
    const Intents moving = ui.press(view, "転入・転出");
    REQUIRE(moving.size() == 1);
    CHECK(std::get<intent::ChooseTransfer>(moving[0]).service == "moving");
    const Intents counter = ui.press(view, "5");
    REQUIRE(counter.size() == 1);
    CHECK(std::get<intent::ChooseTransfer>(counter[0]).counter == "5");
    // Nothing chosen yet: Transfer does nothing.
    CHECK(ui.press(view, "転送").empty());
    CHECK(has<intent::Back>(ui.press(view, "やめる")));

    picture.transfer_counter = "5";
    const std::string note = "窓口5で続きを";
    picture.transfer_note = note;
    const View chosen = picture_view(ui, picture, "en");
    CHECK(ui.shows(chosen, "Note for the receiving counter, typed on the keyboard (7 of 200 characters)"));
    CHECK(std::ranges::find(ui.free_text.drawn, note) != ui.free_text.drawn.end());
    const Intents sent = ui.press(chosen, "Transfer");
    REQUIRE(sent.size() == 1);
    CHECK(std::get<intent::TransferTo>(sent[0]).counter == "5");
    CHECK(std::get<intent::TransferTo>(sent[0]).service.empty());

    picture.notice = CounterNotice::bad_note;
    CHECK(ui.shows(picture_view(ui, picture, "en"),
                   "The server refused the note: at most 200 characters, on one line."));
}

TEST_CASE("counter working screen: a transferred ticket's note, drawn as free text") {
    HeadlessUi ui;
    CounterPicture picture = working(called());
    const std::string note = "Speaks English; large print please";
    picture.note = note;
    const View view = picture_view(ui, picture, "en");
    CHECK(ui.shows(view, "Note from the counter that transferred this ticket"));
    CHECK(ui.free_text.drawn.size() == 2);  // 26 characters to a line
    CHECK(ui.free_text.drawn.front() == "Speaks English; large prin");
}

TEST_CASE("counter forms: the titles with View, Print and Close; then every field, and back") {
    HeadlessUi ui;
    auto definitions = load_forms(MADOGUCHI_SOURCE_DIR "/assets/forms");
    REQUIRE(definitions);
    FormsFlow flow(std::make_shared<const std::vector<FormDefinition>>(std::move(*definitions)));
    flow.toggle("juminhyo");
    Profile profile;
    profile.today = CalendarDate{2026, 11, 26};
    REQUIRE(flow.prepare(profile));

    CounterPicture picture = working(called());
    picture.forms_available = true;
    picture.forms_ticket = "A-012";
    picture.forms = {{"住民票の写し等交付請求書", "Request for copies of the residence record"}};
    View view = picture_view(ui, picture);
    view.form_review = flow.review();
    CHECK(ui.shows(view, "forms A-012"));
    CHECK(has<intent::ViewForms>(ui.press(view, "View")));
    CHECK(has<intent::PrintForms>(ui.press(view, "Print on A4")));
    CHECK(has<intent::CloseForms>(ui.press(view, "Close")));

    picture.viewing_forms = true;
    view = picture_view(ui, picture);
    view.form_review = flow.review();
    CHECK(view.screen == ScreenId::counter_forms);
    CHECK(ui.shows(view, "Request for copies of the residence record"));
    CHECK(has<intent::Back>(ui.press(view, "Back")));
    CHECK(has<intent::PrintForms>(ui.press(view, "Print on A4")));
    // No forms open: nothing to view, whatever was asked.
    picture.forms.clear();
    CHECK(counter_screen(picture) == ScreenId::counter_working);
}

TEST_CASE("counter working screen: a line says whether the camera reads tickets, and why not, in both languages") {
    HeadlessUi ui;
    CounterPicture picture = working(called());
    picture.forms_available = true;
    // No camera configured: no line.
    CHECK_FALSE(ui.shows(picture_view(ui, picture), "Camera ready: hold the ticket's QR code up to it."));
    picture.camera.state = CameraState::ready;
    CHECK(ui.shows(picture_view(ui, picture), "Camera ready: hold the ticket's QR code up to it."));
    picture.camera = {CameraState::unavailable, camera::CameraError::unplugged};
    CHECK(ui.shows(picture_view(ui, picture), "Camera not available (it was unplugged). Use the USB scanner."));
    for (const char* language : {"ja", "en"}) {
        std::set<std::string> told;
        for (int i = 0; i <= static_cast<int>(camera::CameraError::failed); ++i) {
            picture.camera.problem = static_cast<camera::CameraError>(i);
            told.insert(screens::counter_camera_text(picture_view(ui, picture, language), picture.camera));
        }
        CHECK(told.size() == static_cast<std::size_t>(camera::CameraError::failed) + 1);
    }
    picture.camera = {CameraState::unavailable, camera::CameraError::not_found};
    CHECK(screens::counter_camera_text(picture_view(ui, picture, "ja"), picture.camera) ==
          "カメラは使えません（接続されていません）。USBスキャナーを使ってください。");
}

TEST_CASE("counter setup: the counter's id on the pad, services ticked, then open") {
    HeadlessUi ui;
    CounterPicture picture;
    picture.stage = CounterStage::choose_counter;
    picture.staff_id = "1042";
    View view = picture_view(ui, picture);
    CHECK(ui.press(view, "Open the counter").empty());
    const Intents seven = ui.press(view, "7");
    REQUIRE(seven.size() == 1);
    CHECK(std::get<intent::TypeText>(seven[0]).text == "7");
    const Intents taxes = ui.press(view, "Taxes");
    REQUIRE(taxes.size() == 1);
    CHECK(std::get<intent::ToggleCounterService>(taxes[0]).service == "tax");
    picture.counter_entry = "7";
    CHECK(has<intent::OpenCounter>(ui.press(picture_view(ui, picture), "Open the counter")));
}
