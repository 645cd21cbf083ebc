// The floor console's reading of the server's overview, kiosks' list and statistics: the documented bodies,
// and every way a body can be wrong refused with a message, never a crash or a half picture.
#include <doctest/doctest.h>

#include "kiosk/floor_messages.hpp"

using namespace madoguchi;

namespace {

constexpr std::string_view k_overview = R"({"site": "chuo", "at_ms": 1764120000000, "services": [
  {"service": "certificates", "name_ja": "住民票", "name_en": "Certificates", "waiting": 12,
   "priority_waiting": 3, "longest_wait_ms": 2520000, "estimated_wait_minutes": 25,
   "counters_open": 2.5, "counters_free": 1, "visit_ms": 360000},
  {"service": "tax", "name_ja": "住民税", "name_en": "Tax", "waiting": 0, "priority_waiting": 0,
   "longest_wait_ms": 0, "estimated_wait_minutes": null, "counters_open": 0, "counters_free": 0,
   "visit_ms": 0}]})";

constexpr std::string_view k_statistics = R"({"site": "chuo", "date": "2026-11-26",
  "services": {"certificates": {"events": {"issued": 5, "called": 4, "done": 3, "no_show": 1},
                                "wait_until_call_ms": {"count": 4, "mean": 600000, "p50": 540000, "p90": 900000},
                                "visit_ms": {"count": 4, "mean": 300000, "p50": 280000, "p90": 420000}}},
  "counters": {"3": {"events": {"called": 4, "done": 3, "no_show": 1},
                     "wait_until_call_ms": {"count": 4, "mean": 600000, "p50": 540000, "p90": 900000},
                     "visit_ms": {"count": 4, "mean": 300000, "p50": 280000, "p90": 420000}}},
  "total": {"events": {"issued": 5}, "wait_until_call_ms": {"count": 0, "mean": 0, "p50": 0, "p90": 0},
            "visit_ms": {"count": 0, "mean": 0, "p50": 0, "p90": 0}}})";

constexpr std::string_view k_kiosks = R"({"site": "chuo", "stale_after_seconds": 180, "terminals": [
  {"terminal": "kiosk-01", "printer": "paper_near_end", "card_reader": "present", "outbox_pending": 0,
   "last_delivery_at_ms": 1764119990000, "reported_at_ms": 1764120000000, "stale": false},
  {"terminal": "kiosk-02", "printer": "ready", "card_reader": "not_configured", "outbox_pending": 4,
   "last_delivery_at_ms": null, "reported_at_ms": 1764110000000, "stale": true}]})";

std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
    std::string result(text);
    const auto at = result.find(from);
    REQUIRE(at != std::string::npos);
    result.replace(at, from.size(), to);
    return result;
}

}  // namespace

TEST_CASE("the overview as the server sends it") {
    const auto overview = parse_site_overview(k_overview);
    REQUIRE_MESSAGE(overview.has_value(), (overview ? "" : overview.error().message));
    CHECK(overview->site == "chuo");
    CHECK(overview->at_ms == 1764120000000);
    REQUIRE(overview->services.size() == 2);
    const ServiceOverview& certificates = overview->services[0];
    CHECK(certificates.name_ja == "住民票");
    CHECK(certificates.waiting == 12);
    CHECK(certificates.priority_waiting == 3);
    CHECK(certificates.longest_wait_ms == 2520000);
    CHECK(certificates.estimated_wait_minutes == 25);
    CHECK(certificates.counters_open == doctest::Approx(2.5));
    CHECK(certificates.counters_free == 1);
    CHECK(certificates.visit_ms == 360000);
    CHECK_FALSE(overview->services[1].estimated_wait_minutes.has_value());
}

TEST_CASE("an overview with optional fields left out still reads") {
    const auto overview = parse_site_overview(R"({"site": "chuo", "at_ms": 1, "services": [
        {"service": "moving", "waiting": 2, "longest_wait_ms": 60000, "counters_open": 1, "counters_free": 0}]})");
    REQUIRE_MESSAGE(overview.has_value(), (overview ? "" : overview.error().message));
    const ServiceOverview& moving = overview->services.at(0);
    CHECK(moving.name_ja == "moving");  // no names: the id stands in
    CHECK(moving.name_en == "moving");
    CHECK(moving.priority_waiting == 0);
    CHECK_FALSE(moving.estimated_wait_minutes.has_value());
}

TEST_CASE("a bad overview is refused with a reason") {
    const std::string bad_bodies[] = {
        "",
        "not json",
        "[]",
        "null",
        R"({"site": "chuo", "at_ms": 1})",
        R"({"at_ms": 1, "services": []})",
        R"({"site": "chuo", "services": []})",
        R"({"site": "chuo", "at_ms": -5, "services": []})",
        R"({"site": "chuo", "at_ms": 1, "services": {}})",
        R"({"site": "chuo", "at_ms": 1, "services": [3]})",
        replaced(k_overview, R"("waiting": 12,)", ""),
        replaced(k_overview, R"("waiting": 12)", R"("waiting": "12")"),
        replaced(k_overview, R"("waiting": 12)", R"("waiting": -1)"),
        replaced(k_overview, R"("waiting": 12)", R"("waiting": 1.5)"),
        replaced(k_overview, R"("waiting": 12)", R"("waiting": 2)"),  // fewer than the 3 priority
        replaced(k_overview, R"("counters_open": 2.5)", R"("counters_open": "2.5")"),
        replaced(k_overview, R"("counters_open": 2.5)", R"("counters_open": -1)"),
        replaced(k_overview, R"("estimated_wait_minutes": 25)", R"("estimated_wait_minutes": "soon")"),
        replaced(k_overview, R"("longest_wait_ms": 2520000,)", ""),
        replaced(k_overview, R"("service": "certificates")", R"("service": "")"),
        std::string(k_overview.substr(0, k_overview.size() / 2)),
    };
    for (const std::string& body : bad_bodies) {
        CAPTURE(body);
        const auto overview = parse_site_overview(body);
        REQUIRE_FALSE(overview.has_value());
        CHECK(overview.error().code == FloorMessageError::malformed);
        CHECK_FALSE(overview.error().message.empty());
    }
}

TEST_CASE("the day's statistics as the server sends them") {
    const auto statistics = parse_day_statistics(k_statistics);
    REQUIRE_MESSAGE(statistics.has_value(), (statistics ? "" : statistics.error().message));
    CHECK(statistics->date == "2026-11-26");
    const DayFigures& certificates = statistics->services.at("certificates");
    CHECK(certificates.count("issued") == 5);
    CHECK(certificates.count("done") == 3);
    CHECK(certificates.count("transferred") == 0);  // an event that did not happen is absent
    CHECK(certificates.wait.p50_ms == 540000);
    CHECK(certificates.wait.p90_ms == 900000);
    CHECK(certificates.visit.mean_ms == 300000);
    CHECK(statistics->counters.at("3").count("called") == 4);
    CHECK(statistics->total.count("issued") == 5);
    CHECK(statistics->total.wait.count == 0);
}

TEST_CASE("bad statistics are refused with a reason") {
    const std::string bad_bodies[] = {
        "",
        "{",
        R"({"site": "chuo", "date": "2026-11-26"})",
        replaced(k_statistics, R"("date": "2026-11-26")", R"("date": "../../etc/passwd")"),
        replaced(k_statistics, R"("date": "2026-11-26")", R"("date": "2026-1-26")"),
        replaced(k_statistics, R"("date": "2026-11-26",)", ""),
        replaced(k_statistics, R"("issued": 5, "called": 4)", R"("issued": "5", "called": 4)"),
        replaced(k_statistics, R"("issued": 5, "called": 4)", R"("issued": -5, "called": 4)"),
        replaced(k_statistics, R"("counters": {"3")", R"("counters": [], "x": {"3")"),
        replaced(k_statistics, R"("visit_ms": {"count": 4, "mean": 300000, "p50": 280000, "p90": 420000}}},)",
                 R"("visit_ms": 5}},)"),
        replaced(k_statistics, R"({"count": 4, "mean": 600000, "p50": 540000, "p90": 900000})", R"({"count": 4})"),
        replaced(k_statistics, R"("total": {"events": {"issued": 5})", R"("totals": {"events": {"issued": 5})"),
    };
    for (const std::string& body : bad_bodies) {
        CAPTURE(body);
        const auto statistics = parse_day_statistics(body);
        REQUIRE_FALSE(statistics.has_value());
        CHECK_FALSE(statistics.error().message.empty());
    }
}

TEST_CASE("only the statistics CSV is accepted as the day's CSV") {
    CHECK(check_statistics_csv("scope,id,issued,called,done,no_show,transferred,cancelled,waits,wait_mean_s\r\n"
                               "service,certificates,5,4,3,1,0,0,4,600\r\n")
              .has_value());
    CHECK_FALSE(check_statistics_csv("").has_value());
    CHECK_FALSE(check_statistics_csv("<html>502 Bad Gateway</html>").has_value());
    CHECK_FALSE(check_statistics_csv(std::string("scope,id,issued,called,done,no_show,transferred,cancelled,\0x", 60))
                    .has_value());
}

TEST_CASE("a day is YYYY-MM-DD and nothing else") {
    CHECK(is_day("2026-11-26"));
    CHECK_FALSE(is_day("2026-11-2"));
    CHECK_FALSE(is_day("2026/11/26"));
    CHECK_FALSE(is_day("../11-26/x"));
    CHECK_FALSE(is_day(""));
}

TEST_CASE("the kiosks' list as the server sends it") {
    const auto kiosks = parse_site_kiosks(k_kiosks);
    REQUIRE_MESSAGE(kiosks.has_value(), (kiosks ? "" : kiosks.error().message));
    CHECK(kiosks->site == "chuo");
    CHECK(kiosks->stale_after_seconds == 180);
    REQUIRE(kiosks->kiosks.size() == 2);
    const KioskReport& first = kiosks->kiosks[0];
    CHECK(first.terminal == "kiosk-01");
    CHECK(first.printer == PrinterHealth::paper_near_end);
    CHECK(first.card_reader == CardReaderHealth::present);
    CHECK(first.outbox_pending == 0);
    CHECK(first.last_delivery_at_ms == 1764119990000);
    CHECK(first.reported_at_ms == 1764120000000);
    CHECK_FALSE(first.stale);
    const KioskReport& second = kiosks->kiosks[1];
    CHECK(second.card_reader == CardReaderHealth::not_configured);
    CHECK(second.outbox_pending == 4);
    CHECK_FALSE(second.last_delivery_at_ms.has_value());
    CHECK(second.stale);
    CHECK(parse_site_kiosks(R"({"site": "chuo", "stale_after_seconds": 180, "terminals": []})")->kiosks.empty());
}

TEST_CASE("every printer state the server names is read") {
    for (const PrinterHealth printer : {PrinterHealth::ready, PrinterHealth::paper_near_end, PrinterHealth::paper_out,
                                        PrinterHealth::cover_open, PrinterHealth::offline, PrinterHealth::error,
                                        PrinterHealth::no_printer}) {
        const std::string body = replaced(k_kiosks, R"("printer": "paper_near_end")",
                                          R"("printer": ")" + std::string(printer_health_name(printer)) + "\"");
        const auto kiosks = parse_site_kiosks(body);
        REQUIRE(kiosks.has_value());
        CHECK(kiosks->kiosks[0].printer == printer);
    }
}

TEST_CASE("a bad kiosks' list is refused with a reason") {
    const std::string bad_bodies[] = {
        "",
        "[]",
        R"({"site": "chuo", "stale_after_seconds": 180})",
        R"({"stale_after_seconds": 180, "terminals": []})",
        R"({"site": "chuo", "terminals": []})",
        R"({"site": "chuo", "stale_after_seconds": 180, "terminals": {}})",
        R"({"site": "chuo", "stale_after_seconds": 180, "terminals": ["kiosk-01"]})",
        replaced(k_kiosks, R"("terminal": "kiosk-01")", R"("terminal": "")"),
        replaced(k_kiosks, R"("printer": "paper_near_end")", R"("printer": "on_fire")"),
        replaced(k_kiosks, R"("printer": "paper_near_end",)", ""),
        replaced(k_kiosks, R"("card_reader": "present")", R"("card_reader": true)"),
        replaced(k_kiosks, R"("outbox_pending": 0)", R"("outbox_pending": -1)"),
        replaced(k_kiosks, R"("outbox_pending": 0,)", ""),
        replaced(k_kiosks, R"("reported_at_ms": 1764120000000,)", ""),
        replaced(k_kiosks, R"("last_delivery_at_ms": 1764119990000)", R"("last_delivery_at_ms": "yesterday")"),
        replaced(k_kiosks, R"("stale": false)", R"("stale": "no")"),
        replaced(k_kiosks, R"(, "stale": false)", ""),
        std::string(k_kiosks.substr(0, k_kiosks.size() / 2)),
    };
    for (const std::string& body : bad_bodies) {
        CAPTURE(body);
        const auto kiosks = parse_site_kiosks(body);
        REQUIRE_FALSE(kiosks.has_value());
        CHECK(kiosks.error().code == FloorMessageError::malformed);
        CHECK_FALSE(kiosks.error().message.empty());
    }
}
