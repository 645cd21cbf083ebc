// The kiosk's health report: the printer's status in the floor's terms, the card reader from the
// monitor's events, the report's body and when it is sent.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "kiosk/config.hpp"
#include "kiosk/health_reporter.hpp"

using namespace madoguchi;
using namespace std::chrono_literals;

TEST_CASE("the printer's status in the floor's terms") {
    printer::PrinterStatus status;
    CHECK(printer_health(status) == PrinterHealth::ready);
    status.paper_near_end = true;
    CHECK(printer_health(status) == PrinterHealth::paper_near_end);
    status.paper_out = true;
    status.offline = true;
    CHECK(printer_health(status) == PrinterHealth::paper_out);
    CHECK(printer_health(printer::PrinterStatus{.offline = true, .cover_open = true}) == PrinterHealth::cover_open);
    CHECK(printer_health(printer::PrinterError::no_printer) == PrinterHealth::no_printer);
    CHECK(printer_health(printer::PrinterError::timeout) == PrinterHealth::offline);
    CHECK(printer_health(printer::PrinterError::cutter) == PrinterHealth::error);
}

TEST_CASE("the card reader is present while the monitor knows it") {
    const auto event = [](card::CardEvent::Kind kind, std::string reader) { return card::CardEvent{kind, reader}; };
    using Kind = card::CardEvent::Kind;
    ReaderPresence any("");
    CHECK(any.health() == CardReaderHealth::absent);
    any.note(event(Kind::reader_added, "ACS ACR39U 00 00"));
    CHECK(any.health() == CardReaderHealth::present);
    any.note(event(Kind::card_inserted, "ACS ACR39U 00 00"));
    CHECK(any.health() == CardReaderHealth::present);
    any.note(event(Kind::service_lost, ""));
    CHECK(any.health() == CardReaderHealth::absent);

    ReaderPresence configured("ACS ACR39U 00 00");
    configured.note(event(Kind::reader_added, "Other Reader 00 00"));
    CHECK(configured.health() == CardReaderHealth::absent);
    configured.note(event(Kind::reader_added, "ACS ACR39U 00 00"));
    CHECK(configured.health() == CardReaderHealth::present);
    configured.note(event(Kind::reader_removed, "ACS ACR39U 00 00"));
    CHECK(configured.health() == CardReaderHealth::absent);
}

TEST_CASE("a report's body holds states and counts only") {
    KioskHealth health{PrinterHealth::paper_near_end, CardReaderHealth::present, 3, std::nullopt};
    const auto body = nlohmann::json::parse(health_report_body(health));
    CHECK(body == nlohmann::json{{"printer", "paper_near_end"},
                                 {"card_reader", "present"},
                                 {"outbox_pending", 3},
                                 {"last_delivery_at_ms", nullptr}});
    health.last_delivery = std::chrono::system_clock::time_point(1700000000123ms);
    CHECK(nlohmann::json::parse(health_report_body(health))["last_delivery_at_ms"] == 1700000000123);
}

TEST_CASE("a report goes out when something changed, and once an interval otherwise") {
    const auto sent_at = std::chrono::steady_clock::time_point(1000s);
    const KioskHealth ready{PrinterHealth::ready, CardReaderHealth::present, 0, std::nullopt};
    CHECK(report_due(std::nullopt, {}, ready, sent_at, 60s));
    CHECK_FALSE(report_due(ready, sent_at, ready, sent_at + 59s, 60s));
    CHECK(report_due(ready, sent_at, ready, sent_at + 60s, 60s));
    KioskHealth near_end = ready;
    near_end.printer = PrinterHealth::paper_near_end;
    CHECK(report_due(ready, sent_at, near_end, sent_at + 1s, 60s));
    KioskHealth queued = ready;
    queued.outbox_pending = 4;
    CHECK(report_due(ready, sent_at, queued, sent_at + 1s, 60s));
    KioskHealth unplugged = ready;
    unplugged.card_reader = CardReaderHealth::absent;
    CHECK(report_due(ready, sent_at, unplugged, sent_at + 1s, 60s));
}

TEST_CASE("a file printer is ready without being opened, since opening it starts a new job file") {
    const PrinterConnection file{PrinterConnection::Kind::file, "/nonexistent/never-opened", 0};
    CHECK(check_printer(file, printer::PrinterProfile{}) == PrinterHealth::ready);
    CHECK_FALSE(std::filesystem::exists("/nonexistent/never-opened"));
}
