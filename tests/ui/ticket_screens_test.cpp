// The ticket flow's screens headless: a finger presses by label, the session takes the intents,
// and the ticket service's outcome is played back as the worker would deliver it.
#include <doctest/doctest.h>

#include "headless_ui.hpp"
#include "kiosk/session.hpp"
#include "screens/widgets.hpp"

using namespace madoguchi;
using madoguchi::testing::HeadlessUi;

namespace {

const Clock::time_point t0{};

class RecordingTicketPort final : public TicketPort {
public:
    void issue(TicketRequest request) override { requests.push_back(std::move(request)); }
    std::vector<TicketRequest> requests;
};

SessionSettings settings(bool priority) {
    SessionSettings s;
    s.languages = {"ja", "en"};
    s.priority_tickets = priority;
    s.ticket_menu = [] {
        return std::vector<ServiceChoice>{
            {"certificates", "住民票・印鑑登録・戸籍証明書", "Certificates (residence, seal, family register)", true,
             "08:30-17:15"},
            {"tax", "住民税・税証明", "Resident tax and tax certificates", false, "17:00-20:00"}};
    };
    return s;
}

void press_and_apply(HeadlessUi& ui, Session& session, std::string_view label) {
    for (const Intent& intent : ui.press(make_view(session, ui.translator(), t0), label)) {
        session.apply(intent, t0);
    }
}

}  // namespace

TEST_CASE("ticket screens: menu → service → priority → printing → take your ticket, in Japanese") {
    HeadlessUi ui;
    RecordingTicketPort port;
    Session session(settings(true), t0, nullptr, &port);
    session.apply(intent::Start{}, t0);
    press_and_apply(ui, session, "番号札を取る");
    REQUIRE(session.screen() == ScreenId::ticket_service);
    press_and_apply(ui, session, "住民票・印鑑登録・戸籍証明書");
    REQUIRE(session.screen() == ScreenId::ticket_priority);
    press_and_apply(ui, session, "優先受付");
    REQUIRE(session.screen() == ScreenId::ticket_printing);
    REQUIRE(port.requests.size() == 1);
    CHECK(port.requests[0].priority);
    // Nothing to press while the job runs.
    ui.frame(make_view(session, ui.translator(), t0));
    CHECK(screens::frame_log().empty());

    IssuedTicket printed;
    printed.number = "A-012";
    printed.priority = true;
    session.on_ticket(ticket_update::Printed{printed}, t0);
    REQUIRE(session.screen() == ScreenId::ticket_take);
    press_and_apply(ui, session, "メニューに戻る");
    CHECK(session.screen() == ScreenId::menu);
}

TEST_CASE("ticket screens: a closed service shows its hours and takes no touch") {
    HeadlessUi ui;
    RecordingTicketPort port;
    Session session(settings(false), t0, nullptr, &port);
    session.apply(intent::Start{}, t0);
    session.apply(intent::ChooseLanguage{"en"}, t0);
    session.apply(intent::TakeTicket{}, t0);
    const View view = make_view(session, ui.translator(), t0);
    const std::string closed = "Resident tax and tax certificates\nHours today: 17:00-20:00";
    CHECK(ui.shows(view, closed));
    CHECK(ui.press(view, closed).empty());
    CHECK(port.requests.empty());
    // The open one's long English name is wrapped to fit its button.
    std::string open_label;
    for (const screens::LoggedItem& item : screens::frame_log()) {
        if (item.label.starts_with("Certificates (residence,")) {
            open_label = item.label;
        }
    }
    CHECK(open_label.find('\n') != std::string::npos);
    const Intents chosen = ui.press(view, open_label);
    REQUIRE(chosen.size() == 1);
    CHECK(std::get<intent::ChooseService>(chosen.front()).service == "certificates");
}

TEST_CASE("ticket screens: after a printer problem, back leads to the menu") {
    HeadlessUi ui;
    RecordingTicketPort port;
    Session session(settings(false), t0, nullptr, &port);
    session.apply(intent::Start{}, t0);
    session.apply(intent::ChooseLanguage{"en"}, t0);
    session.apply(intent::TakeTicket{}, t0);
    session.apply(intent::ChooseService{"certificates"}, t0);
    session.on_ticket(ticket_update::Failed{TicketError::paper_out}, t0);
    const View view = make_view(session, ui.translator(), t0);
    CHECK_FALSE(ui.shows(view, "Back to the menu"));
    press_and_apply(ui, session, "Back");
    CHECK(session.screen() == ScreenId::menu);
}
