// The ticket flow in the session: service (only open ones), optional priority, printing, and the
// outcome from the ticket service; a card taken away meanwhile does not end a ticket flow.
#include <doctest/doctest.h>

#include <chrono>

#include "kiosk/catalog.hpp"
#include "kiosk/service_hours.hpp"
#include "kiosk/session.hpp"

using namespace madoguchi;

namespace {

// Records what the session asked for; the test plays the ticket service's answers back.
class RecordingTicketPort final : public TicketPort {
public:
    void issue(TicketRequest request) override { requests.push_back(std::move(request)); }
    std::vector<TicketRequest> requests;
};

const Clock::time_point t0{};

SessionSettings with_menu(bool priority) {
    SessionSettings settings;
    settings.priority_tickets = priority;
    settings.ticket_menu = [] {
        return std::vector<ServiceChoice>{{"certificates", "証明書", "Certificates", true, "08:30-17:15"},
                                          {"tax", "税", "Tax", false, ""}};
    };
    return settings;
}

IssuedTicket ticket(std::string number) {
    IssuedTicket issued;
    issued.number = std::move(number);
    return issued;
}

struct Kiosk {
    explicit Kiosk(bool priority = false) : session(with_menu(priority), t0, nullptr, &port) {}
    RecordingTicketPort port;
    Session session;

    void to_services() {
        session.apply(intent::Start{}, t0);
        session.apply(intent::TakeTicket{}, t0);
    }
};

}  // namespace

TEST_CASE("ticket: choose an open service, printing, then the number") {
    Kiosk kiosk;
    kiosk.session.apply(intent::Start{}, t0);
    kiosk.session.apply(intent::ChooseLanguage{"en"}, t0);
    kiosk.session.apply(intent::TakeTicket{}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::ticket_service);
    CHECK(kiosk.session.services().size() == 2);
    kiosk.session.apply(intent::ChooseService{"certificates"}, t0);
    CHECK(kiosk.session.screen() == ScreenId::ticket_printing);
    REQUIRE(kiosk.port.requests.size() == 1);
    CHECK(kiosk.port.requests[0].service == "certificates");
    CHECK_FALSE(kiosk.port.requests[0].priority);
    CHECK(kiosk.port.requests[0].language == "en");
    kiosk.session.apply(intent::Back{}, t0);  // the job is under way: no way back from here
    CHECK(kiosk.session.screen() == ScreenId::ticket_printing);
    kiosk.session.on_ticket(ticket_update::Printed{ticket("A-003")}, t0);
    CHECK(kiosk.session.screen() == ScreenId::ticket_take);
    REQUIRE(kiosk.session.ticket());
    CHECK(kiosk.session.ticket()->number == "A-003");
    kiosk.session.apply(intent::TicketDone{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::menu);
}

TEST_CASE("ticket: a closed or unknown service issues nothing") {
    Kiosk kiosk;
    kiosk.to_services();
    kiosk.session.apply(intent::ChooseService{"tax"}, t0);
    kiosk.session.apply(intent::ChooseService{"fishing_licences"}, t0);
    CHECK(kiosk.session.screen() == ScreenId::ticket_service);
    CHECK(kiosk.port.requests.empty());
}

TEST_CASE("ticket: the priority question when the kiosk offers it, and back from it") {
    Kiosk kiosk(true);
    kiosk.to_services();
    kiosk.session.apply(intent::ChooseService{"certificates"}, t0);
    REQUIRE(kiosk.session.screen() == ScreenId::ticket_priority);
    kiosk.session.apply(intent::Back{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::ticket_service);
    kiosk.session.apply(intent::ChooseService{"certificates"}, t0);
    kiosk.session.apply(intent::ChoosePriority{true}, t0);
    REQUIRE(kiosk.port.requests.size() == 1);
    CHECK(kiosk.port.requests[0].priority);
}

TEST_CASE("ticket: a printer problem shows its reason, and back leads to the menu") {
    Kiosk kiosk;
    kiosk.to_services();
    kiosk.session.apply(intent::ChooseService{"certificates"}, t0);
    kiosk.session.on_ticket(ticket_update::Failed{TicketError::paper_out}, t0);
    CHECK(kiosk.session.screen() == ScreenId::ticket_problem);
    CHECK(kiosk.session.ticket_error() == TicketError::paper_out);
    CHECK_FALSE(kiosk.session.ticket());
    kiosk.session.apply(intent::Back{}, t0);
    CHECK(kiosk.session.screen() == ScreenId::menu);
}

TEST_CASE("ticket: an outcome arriving after the session ended changes nothing") {
    Kiosk kiosk;
    kiosk.to_services();
    kiosk.session.apply(intent::ChooseService{"certificates"}, t0);
    kiosk.session.reset(ResetReason::idle_timeout, t0);
    kiosk.session.on_ticket(ticket_update::Printed{ticket("A-004")}, t0);
    CHECK(kiosk.session.screen() == ScreenId::attract);
    CHECK_FALSE(kiosk.session.ticket());
}

TEST_CASE("without a ticket service the menu's ticket intent does nothing") {
    Session session(with_menu(false), t0);
    session.apply(intent::Start{}, t0);
    session.apply(intent::TakeTicket{}, t0);
    CHECK(session.screen() == ScreenId::menu);
    CHECK_FALSE(session.tickets_available());
}

TEST_CASE("opening hours: weekdays, Saturdays and the listed Sundays, in Tokyo time") {
    auto catalog = load_service_catalog(MADOGUCHI_SOURCE_DIR "/assets/services.toml");
    REQUIRE(catalog);
    using namespace std::chrono;
    // Thursday 2026-11-26 10:00 in Tokyo is 01:00 UTC.
    const auto thursday_morning = sys_days(2026y / 11 / 26) + hours(1);
    const auto open = ticket_menu(*catalog, "chuo", thursday_morning);
    REQUIRE(open.size() == 7);
    CHECK(open[0].open);
    CHECK(open[0].hours_today == "08:30-17:15");
    // 17:15 is closing time: closed from that minute.
    CHECK_FALSE(ticket_menu(*catalog, "chuo", sys_days(2026y / 11 / 26) + hours(8) + minutes(15))[0].open);
    // The station corner opens in the evening on weekdays and offers five services.
    const auto corner = ticket_menu(*catalog, "eki_mall", thursday_morning);
    REQUIRE(corner.size() == 5);
    CHECK_FALSE(corner[0].open);
    CHECK(corner[0].hours_today == "17:00-20:00");
    // Chuo opens on the 2nd and 4th Sundays: 2026-11-22 is the 4th, 2026-11-29 the 5th.
    const Site& chuo = *catalog->site("chuo");
    CHECK(hours_on(chuo, 2026y / 11 / 22) == "09:00-12:00");
    CHECK(hours_on(chuo, 2026y / 11 / 29).empty());
    CHECK(hours_on(chuo, 2026y / 11 / 28).empty());  // Saturday
    CHECK(ticket_menu(*catalog, "nowhere", thursday_morning).empty());
}

TEST_CASE("ticket: a staff tablet marks every ticket as from an assisted session") {
    RecordingTicketPort port;
    SessionSettings settings = with_menu(false);
    settings.assisted = true;
    Session tablet(settings, t0, nullptr, &port);
    CHECK(tablet.assisted());
    tablet.apply(intent::Start{}, t0);
    tablet.apply(intent::TakeTicket{}, t0);
    tablet.apply(intent::ChooseService{"certificates"}, t0);
    REQUIRE(port.requests.size() == 1);
    CHECK(port.requests[0].assisted);

    Kiosk kiosk;
    kiosk.to_services();
    kiosk.session.apply(intent::ChooseService{"certificates"}, t0);
    REQUIRE(kiosk.port.requests.size() == 1);
    CHECK_FALSE(kiosk.port.requests[0].assisted);
}
