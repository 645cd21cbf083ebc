#include "floor_sample.hpp"

#include <cstdio>

#include "floor_feed.hpp"
#include "japanese_date.hpp"

namespace madoguchi {
namespace {

ServiceOverview service(std::string id, std::string name_ja, std::string name_en, std::int64_t waiting,
                        std::int64_t priority, std::int64_t longest_minutes, std::optional<std::int64_t> estimate,
                        double open, std::int64_t free) {
    return ServiceOverview{std::move(id), std::move(name_ja), std::move(name_en), waiting, priority,
                           longest_minutes * 60'000, estimate, open, free, 6 * 60'000};
}

DayFigures figures(std::int64_t issued, std::int64_t called, std::int64_t done, std::int64_t no_show,
                   std::int64_t wait_p50_minutes, std::int64_t wait_p90_minutes, std::int64_t visit_seconds) {
    DayFigures day;
    day.events = {{"issued", issued}, {"called", called}, {"done", done}, {"no_show", no_show}};
    day.wait = TimeSummary{called, wait_p50_minutes * 66'000, wait_p50_minutes * 60'000, wait_p90_minutes * 60'000};
    day.visit = TimeSummary{done + no_show, visit_seconds * 1000, visit_seconds * 950, visit_seconds * 1600};
    return day;
}

}  // namespace

void fill_sample_floor_board(FloorBoard& board, std::string_view screen, Clock::time_point now) {
    const auto server_now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
    const bool offline = screen == "floor-overview-offline";
    const auto away = offline ? std::chrono::minutes(3) : std::chrono::minutes(0);
    SiteOverview overview{"chuo", server_now - std::chrono::milliseconds(away).count(), {}};
    overview.services = {
        service("certificates", "住民票・印鑑登録・戸籍証明書", "Certificates (residence, seal, family register)", 14, 2,
                38, 25, 3.0, 0),
        service("moving", "転入・転出・転居", "Moving in, out and within the city", 6, 1, 22, 18, 1.5, 0),
        service("my_number", "マイナンバーカード", "My Number card", 9, 0, 41, 35, 1.0, 0),
        service("family_register", "戸籍の届出（出生・婚姻・死亡）", "Family register (birth, marriage, death)", 2, 0, 9,
                6, 1.0, 1),
        service("insurance_pension", "国民健康保険・国民年金", "Health insurance and pension", 4, 1, 15, 12, 1.5, 0),
        service("child_support", "児童手当・子育て支援", "Child allowance and support", 0, 0, 0, std::nullopt, 0.5, 1),
        service("tax", "住民税・税証明", "Resident tax and tax certificates", 3, 0, 11, 8, 0.5, 0),
    };
    board.apply_overview(overview, now - away);
    if (offline) {
        board.apply_overview(fail(FloorProblem::server_away, "sample"), now);
    }

    const auto minutes_ago = [&](std::int64_t minutes) { return server_now - minutes * 60'000; };
    SiteKiosks kiosks{"chuo", 180, {}};
    kiosks.kiosks = {
        {"kiosk-01", PrinterHealth::ready, CardReaderHealth::present, 0, minutes_ago(4), minutes_ago(0), false},
        {"kiosk-02", PrinterHealth::paper_near_end, CardReaderHealth::present, 0, minutes_ago(2), minutes_ago(1), false},
        {"kiosk-03", PrinterHealth::paper_out, CardReaderHealth::present, 0, minutes_ago(9), minutes_ago(0), false},
        {"kiosk-04", PrinterHealth::ready, CardReaderHealth::absent, 3, minutes_ago(6), minutes_ago(0), false},
        {"kiosk-05", PrinterHealth::ready, CardReaderHealth::present, 2, minutes_ago(14), minutes_ago(12), true},
    };
    board.apply_kiosks(kiosks, now - away);
    if (offline) {
        board.apply_kiosks(fail(FloorProblem::server_away, "sample"), now);
    }

    const CalendarDate today = local_today();
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", today.year, today.month, today.day);
    DayStatistics statistics;
    statistics.site = "chuo";
    statistics.date = date;
    statistics.services = {
        {"certificates", figures(86, 72, 69, 3, 14, 31, 290)},  {"moving", figures(31, 25, 23, 1, 12, 24, 840)},
        {"my_number", figures(44, 35, 33, 2, 19, 39, 610)},     {"family_register", figures(9, 7, 7, 0, 5, 11, 1020)},
        {"insurance_pension", figures(23, 19, 18, 1, 9, 17, 560)}, {"tax", figures(12, 9, 9, 0, 6, 12, 380)},
    };
    const std::int64_t calls_per_counter[] = {21, 19, 24, 16, 22, 18, 17, 30};
    for (std::size_t i = 0; i < std::size(calls_per_counter); ++i) {
        const std::int64_t called = calls_per_counter[i];
        statistics.counters.emplace(std::to_string(i + 1), figures(0, called, called - 1, 1, 12, 27, 420 + 15 * called));
    }
    statistics.total = figures(205, 167, 159, 7, 13, 30, 500);
    board.apply_statistics(statistics, now);
    board.apply_csv(std::filesystem::path(board.settings().reports) / statistics_csv_name("chuo", date));
}

FloorTicketsPicture sample_floor_tickets(std::string_view screen) {
    const auto ticket = [](std::string id, std::string number, std::string service, bool priority,
                           std::optional<std::string> counter) {
        return QueueTicket{std::move(id), std::move(number), std::move(service), priority,
                           counter ? TicketState::called : TicketState::waiting, std::move(counter), 0};
    };
    FloorTicketsPicture picture;
    picture.staff_id = "2071";
    picture.connected = screen != "floor-tickets-problem";
    picture.tickets = {
        ticket("t-a031", "A-031", "certificates", false, std::nullopt),
        ticket("t-a032", "A-032", "certificates", true, std::nullopt),
        ticket("t-b014", "B-014", "moving", false, std::nullopt),
        ticket("t-c022", "C-022", "my_number", false, std::nullopt),
        ticket("t-a033", "A-033", "certificates", false, std::nullopt),
        ticket("t-e005", "E-005", "insurance_pension", false, std::nullopt),
        ticket("t-a030", "A-030", "certificates", false, "3"),
        ticket("t-c021", "C-021", "my_number", false, "7"),
    };
    if (screen == "floor-tickets-confirm") {
        picture.confirming = picture.tickets[2];
    } else if (screen == "floor-tickets-problem") {
        picture.outcome = FloorTicketOutcome{FloorTicketAction::reprint, "A-032", FloorTicketResult::paper_out};
    } else {
        picture.outcome = FloorTicketOutcome{FloorTicketAction::reprint, "C-022", FloorTicketResult::done};
    }
    return picture;
}

CounterPicture sample_floor_login() {
    CounterPicture picture;
    picture.staff_id = "2071";
    picture.field = LoginField::password;
    picture.password_length = 8;
    picture.notice = CounterNotice::wrong_login;
    picture.back_allowed = true;
    return picture;
}

}  // namespace madoguchi
