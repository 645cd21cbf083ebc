// Kiosk health reports: the body's checks, and the store on both back ends.
#include <doctest/doctest.h>

#include "server/terminal_health.hpp"
#include "support.hpp"

using namespace madoguchi::server;
using namespace madoguchi::server::test;
using namespace std::chrono;

namespace {

const TimePoint k_morning = sys_days{year{2026} / 11 / 25} + hours(0);

std::string refusal(std::string_view body) {
    auto report = parse_health_report(body);
    REQUIRE_FALSE(report.has_value());
    return report.error().message;
}

}  // namespace

TEST_CASE("a health report names every state it carries") {
    auto report = parse_health_report(
        R"({"printer": "paper_near_end", "card_reader": "present", "outbox_pending": 3, "last_delivery_at_ms": 42})");
    REQUIRE(report.has_value());
    CHECK(report->printer == PrinterState::paper_near_end);
    CHECK(report->card_reader == CardReaderState::present);
    CHECK(report->outbox_pending == 3);
    CHECK(report->last_delivery_at_ms == 42);
    auto never_delivered =
        parse_health_report(R"({"printer": "no_printer", "card_reader": "not_configured", "outbox_pending": 0})");
    REQUIRE(never_delivered.has_value());
    CHECK_FALSE(never_delivered->last_delivery_at_ms.has_value());
    for (const PrinterState state : {PrinterState::ready, PrinterState::paper_near_end, PrinterState::paper_out,
                                     PrinterState::cover_open, PrinterState::offline, PrinterState::error,
                                     PrinterState::no_printer}) {
        CHECK(parse_printer_state(printer_state_name(state)) == state);
    }
}

TEST_CASE("a bad health report is refused with what is wrong") {
    CHECK(refusal("{not json") == "the body must be a JSON object");
    CHECK(refusal("[1, 2]") == "the body must be a JSON object");
    CHECK(refusal(R"({"printer": "smoking", "card_reader": "present", "outbox_pending": 0})")
              .starts_with("printer must be one of ready, paper_near_end"));
    CHECK(refusal(R"({"printer": "ready", "card_reader": "maybe", "outbox_pending": 0})")
              .starts_with("card_reader must be one of present"));
    CHECK(refusal(R"({"printer": "ready", "card_reader": "present", "outbox_pending": -1})")
              .starts_with("outbox_pending must be"));
    CHECK(refusal(R"({"printer": "ready", "card_reader": "present", "outbox_pending": 0, "last_delivery_at_ms": "x"})")
              .starts_with("last_delivery_at_ms must be"));
    // Nothing else rides along: a report has no room for a name or a number from a card.
    CHECK(refusal(R"({"printer": "ready", "card_reader": "present", "outbox_pending": 0, "name": "x"})")
              .starts_with("unknown key \"name\""));
    const std::string padded = R"({"printer": "ready", "card_reader": "present", "outbox_pending": 0})" +
                               std::string(k_max_health_report_bytes, ' ');
    CHECK(refusal(padded) == "a health report must be at most 1024 bytes");
}

TEST_CASE("a terminal's newest report replaces its last, per site") {
    for (const Backend backend : {Backend::sqlite, Backend::postgresql}) {
        CAPTURE(backend_name(backend));
        TempDir dir;
        auto repository = fresh_repository(backend, dir);
        TerminalHealthStore store(repository->database());
        const HealthReport near_end{PrinterState::paper_near_end, CardReaderState::present, 2, std::nullopt};
        const HealthReport ready{PrinterState::ready, CardReaderState::absent, 0, to_millis(k_morning)};
        REQUIRE(store.record("kiosk-2", "chuo", near_end, k_morning).has_value());
        REQUIRE(store.record("kiosk-1", "chuo", near_end, k_morning).has_value());
        REQUIRE(store.record("kiosk-9", "kita", near_end, k_morning).has_value());
        REQUIRE(store.record("kiosk-1", "chuo", ready, k_morning + seconds(30)).has_value());
        auto chuo = store.list("chuo");
        REQUIRE(chuo.has_value());
        REQUIRE(chuo->size() == 2);
        CHECK((*chuo)[0].terminal == "kiosk-1");
        CHECK((*chuo)[0].report.printer == PrinterState::ready);
        CHECK((*chuo)[0].report.card_reader == CardReaderState::absent);
        CHECK((*chuo)[0].report.outbox_pending == 0);
        CHECK((*chuo)[0].report.last_delivery_at_ms == to_millis(k_morning));
        CHECK((*chuo)[0].reported_at_ms == to_millis(k_morning + seconds(30)));
        CHECK((*chuo)[1].terminal == "kiosk-2");
        CHECK((*chuo)[1].report.printer == PrinterState::paper_near_end);
        CHECK_FALSE((*chuo)[1].report.last_delivery_at_ms.has_value());
        CHECK(is_stale((*chuo)[1], k_morning + seconds(181), seconds(180)));
        CHECK_FALSE(is_stale((*chuo)[1], k_morning + seconds(180), seconds(180)));
        auto kita = store.list("kita");
        REQUIRE(kita.has_value());
        CHECK(kita->size() == 1);
    }
}
