#include <doctest/doctest.h>

#include "headless_ui.hpp"
#include "kiosk/display_board.hpp"
#include "kiosk/terminal_model.hpp"

using namespace madoguchi;
using madoguchi::testing::HeadlessUi;
using namespace std::chrono_literals;

namespace {

const Clock::time_point t0 = Clock::time_point{} + 1h;

QueueTicket ticket(std::string id, std::string number, TicketState state, std::optional<std::string> counter = {}) {
    return QueueTicket{std::move(id), std::move(number), "certificates", false, state, std::move(counter)};
}

DisplayBoard board_with_calls() {
    DisplayBoard board;
    QueueSnapshot snapshot;
    snapshot.waiting = {ticket("w1", "A-004", TicketState::waiting), ticket("w2", "A-005", TicketState::waiting)};
    snapshot.at_counters = {ticket("c1", "A-001", TicketState::serving, "2")};
    board.apply_snapshot(snapshot, t0);
    board.apply_ticket(ticket("c2", "A-002", TicketState::called, "3"), t0);
    board.set_connected(true);
    return board;
}

}  // namespace

TEST_CASE("display screen: numbers at their counters, the new call marked, the waiting count") {
    HeadlessUi ui;
    const DisplayBoard board = board_with_calls();
    const DisplayTerminal display(board, "ja");
    const View view = display.view(ui.translator(), t0 + 2s);
    CHECK(view.screen == ScreenId::display);
    CHECK(ui.shows(view, "A-002 → 3 (new)"));
    CHECK(ui.shows(view, "A-001 → 2"));
    CHECK(ui.shows(view, "recent A-002"));
    CHECK(ui.shows(view, "A 2 waiting"));
    CHECK_FALSE(ui.shows(view, "reconnecting"));
    // Both languages under every heading, the configured one first.
    CHECK(ui.shows(view, "お呼び出し中の番号"));
    CHECK(ui.shows(view, "Now calling"));
    // The mark goes when the highlight time is over.
    CHECK(ui.shows(display.view(ui.translator(), t0 + 30s), "A-002 → 3"));
}

TEST_CASE("display screen: a quiet mark while the server is away, the calls still shown") {
    HeadlessUi ui;
    DisplayBoard board = board_with_calls();
    board.set_connected(false);
    const DisplayTerminal display(board, "en");
    const View view = display.view(ui.translator(), t0 + 30s);
    CHECK(ui.shows(view, "reconnecting"));
    CHECK(ui.shows(view, "A-002 → 3"));
}

TEST_CASE("display screen: nothing called yet") {
    HeadlessUi ui;
    DisplayBoard board;
    board.apply_snapshot(QueueSnapshot{}, t0);
    board.set_connected(true);
    const DisplayTerminal display(board, "en");
    const View view = display.view(ui.translator(), t0);
    ui.frame(view);
    CHECK_FALSE(ui.shows(view, "reconnecting"));
    CHECK(ui.shows(view, "Recent calls"));
    CHECK(ui.shows(view, "No number is being called"));
}

TEST_CASE("display screen: a counter named in kanji is shown too") {
    HeadlessUi ui;
    DisplayBoard board = board_with_calls();
    board.apply_ticket(ticket("c3", "A-003", TicketState::called, "受付2"), t0);
    const DisplayTerminal display(board, "ja");
    const View view = display.view(ui.translator(), t0 + 1s);
    ui.frame(view);
    ui.rebuild_fonts();
    CHECK(ui.shows(view, "A-003 → 受付2 (new)"));
    CHECK(ui.shows(view, "recent A-003"));
}
