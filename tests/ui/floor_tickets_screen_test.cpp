// The floor console's Tickets page headless: the counter's log-in before it (with Back), each
// ticket's Cancel asking first, Reprint, Log out, and what the last request came to in words.
#include <doctest/doctest.h>

#include <thread>

#include "headless_ui.hpp"
#include "kiosk/floor_board.hpp"
#include "kiosk/floor_sample.hpp"
#include "kiosk/terminal_model.hpp"

using namespace madoguchi;
using madoguchi::testing::HeadlessUi;
using namespace std::chrono_literals;

namespace {

class RecordingFloorPort final : public FloorPort {
public:
    void refresh_overview() override { ++refreshes; }
    void load_statistics() override {}
    void save_statistics_csv(std::string) override {}

    int refreshes = 0;
};

// A server address nothing answers at, with certificate files that do not exist: the desk's
// log-in fails at once, without the network.
ServerEndpoint nowhere() { return ServerEndpoint{"https://127.0.0.1:9", "/nonexistent/ca.crt", "/nonexistent/t.crt", "/nonexistent/t.key"}; }

View tickets_view(const HeadlessUi& ui, const FloorBoard& board, FloorTicketsPicture picture, std::string_view language) {
    View view;
    view.screen = ScreenId::floor_tickets;
    view.translator = &ui.translator();
    view.language = language;
    view.languages = ui.translator().languages();
    view.floor = &board;
    view.floor_tickets = std::move(picture);
    return view;
}

}  // namespace

TEST_CASE("floor tickets: the log-in comes first, typed into the desk, and Back leaves it") {
    HeadlessUi ui;
    FloorBoard board;
    RecordingFloorPort port;
    MainQueue queue;
    FloorTicketDesk desk(nowhere(), queue, {});
    FloorTerminal terminal(board, port, "en", &desk);
    terminal.apply(intent::ShowFloorTickets{}, Clock::now());
    View view = terminal.view(ui.translator(), Clock::now());
    REQUIRE(view.screen == ScreenId::counter_login);
    CHECK(ui.shows(view, "Log in"));
    for (const char* key : {"2", "0", "7"}) {
        for (const Intent& pressed : ui.press(terminal.view(ui.translator(), Clock::now()), key)) {
            terminal.apply(pressed, Clock::now());
        }
    }
    CHECK(desk.staff_id() == "207");
    terminal.apply(intent::StaffField{true}, Clock::now());
    terminal.apply(intent::TypeText{"secret"}, Clock::now());
    CHECK(desk.password_length() == 6);
    CHECK(desk.staff_id() == "207");
    // No server to be had: the log-in is refused in words, the password gone.
    terminal.apply(intent::LogIn{}, Clock::now());
    CHECK(desk.password_length() == 0);
    const auto until = std::chrono::steady_clock::now() + 30s;
    while (desk.waiting_for_server() && std::chrono::steady_clock::now() < until) {
        queue.drain();
        std::this_thread::sleep_for(10ms);
    }
    CHECK_FALSE(desk.logged_in());
    CHECK(desk.login_notice() == CounterNotice::server_away);
    view = terminal.view(ui.translator(), Clock::now());
    CHECK(view.screen == ScreenId::counter_login);
    const Intents back = ui.press(view, "Back");
    REQUIRE(back.size() == 1);
    terminal.apply(back[0], Clock::now());
    CHECK(terminal.screen() == ScreenId::floor_overview);
    CHECK(port.refreshes == 1);
}

TEST_CASE("floor tickets: each row's Cancel and Reprint, the confirmation, Log out") {
    HeadlessUi ui;
    FloorBoard board;
    FloorTicketsPicture picture = sample_floor_tickets("floor-tickets");
    picture.outcome.reset();
    const View list = tickets_view(ui, board, picture, "en");
    CHECK(ui.shows(list, "A-032/state Waiting, priority"));
    CHECK(ui.shows(list, "A-030/state Called to counter 3"));
    CHECK(ui.shows(list, "Logged in as staff 2071."));

    const Intents cancel = ui.press(list, "B-014/cancel");
    REQUIRE(cancel.size() == 1);
    REQUIRE(std::holds_alternative<intent::CancelTicket>(cancel[0]));
    CHECK(std::get<intent::CancelTicket>(cancel[0]).ticket_id == "t-b014");
    const Intents reprint = ui.press(list, "C-022/reprint");
    REQUIRE(reprint.size() == 1);
    REQUIRE(std::holds_alternative<intent::ReprintTicket>(reprint[0]));
    CHECK(std::get<intent::ReprintTicket>(reprint[0]).ticket_id == "t-c022");
    const Intents log_out = ui.press(list, "Log out");
    REQUIRE(log_out.size() == 1);
    CHECK(std::holds_alternative<intent::LogOut>(log_out[0]));

    picture.confirming = picture.tickets[2];
    const View asking = tickets_view(ui, board, picture, "en");
    CHECK(ui.shows(asking, "Cancel ticket B-014 (moving)?"));
    CHECK_FALSE(ui.shows(asking, "A-031/cancel"));
    const Intents confirmed = ui.press(asking, "Cancel the ticket");
    REQUIRE(confirmed.size() == 1);
    CHECK(std::holds_alternative<intent::ConfirmCancel>(confirmed[0]));
    const Intents kept = ui.press(asking, "Keep it");
    REQUIRE(kept.size() == 1);
    CHECK(std::holds_alternative<intent::Back>(kept[0]));
}

TEST_CASE("floor tickets: what a cancel or reprint came to, in Japanese and English") {
    HeadlessUi ui;
    FloorBoard board;
    FloorTicketsPicture picture = sample_floor_tickets("floor-tickets");
    picture.outcome = FloorTicketOutcome{FloorTicketAction::cancel, "A-031", FloorTicketResult::done};
    CHECK(ui.shows(tickets_view(ui, board, picture, "en"), "Ticket A-031 is cancelled."));
    CHECK(ui.shows(tickets_view(ui, board, picture, "ja"), "整理券 A-031 を取り消しました。"));
    picture.outcome = FloorTicketOutcome{FloorTicketAction::cancel, "A-031", FloorTicketResult::already_over};
    CHECK(ui.shows(tickets_view(ui, board, picture, "en"),
                   "warning: Ticket A-031 was not cancelled. The ticket has already been served, finished or cancelled."));
    picture.outcome = FloorTicketOutcome{FloorTicketAction::cancel, "A-031", FloorTicketResult::server_away};
    CHECK(ui.shows(tickets_view(ui, board, picture, "en"),
                   "warning: Ticket A-031 was not cancelled. No answer from the server: the network or the server is down."));
    picture.outcome = FloorTicketOutcome{FloorTicketAction::reprint, "A-032", FloorTicketResult::paper_out};
    CHECK(ui.shows(tickets_view(ui, board, picture, "ja"),
                   "warning: 整理券 A-032 は印刷できませんでした。レシートプリンターの用紙が切れています。"));
    picture.tickets.clear();
    picture.outcome.reset();
    picture.connected = false;
    const View empty = tickets_view(ui, board, picture, "en");
    CHECK(ui.shows(empty, "No ticket is waiting or called now."));
    CHECK(ui.shows(empty, "warning: No live queue from the server. The list may be out of date."));
}
