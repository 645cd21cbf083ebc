// The ticket's domain: the server's answer read defensively, what the ticket says in each
// language, and a job that fits every paper width.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <filesystem>

#include "drivers/printer/printer_profile.hpp"
#include "kiosk/catalog.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/ticket.hpp"
#include "kiosk/ticket_layout.hpp"

using namespace madoguchi;

namespace {

constexpr const char* k_answer = R"({"id": "t0123456789abcdef", "site": "chuo", "service": "certificates",
    "number": "A-007", "priority": false, "issued_at_ms": 1795620600000, "state": "waiting",
    "qr_url": "https://status.example/t/t0123456789abcdef?site=chuo&kid=k&s=sig", "ahead": 3,
    "estimated_wait_minutes": 12})";

const Translator& translator() {
    static const Translator instance = [] {
        const std::array<std::string, 2> languages{"ja", "en"};
        auto loaded = Translator::load(MADOGUCHI_BINARY_DIR "/share/madoguchi/locale", languages);
        REQUIRE(loaded);
        return std::move(*loaded);
    }();
    return instance;
}

const ServiceCatalog& catalog() {
    static const ServiceCatalog instance = [] {
        auto loaded = load_service_catalog(MADOGUCHI_SOURCE_DIR "/assets/services.toml");
        REQUIRE(loaded);
        return std::move(*loaded);
    }();
    return instance;
}

IssuedTicket issued() {
    auto ticket = parse_issued_ticket(k_answer);
    REQUIRE(ticket);
    return *ticket;
}

}  // namespace

TEST_CASE("the server's answer gives the ticket, its QR URL, the people ahead and the wait") {
    const IssuedTicket ticket = issued();
    CHECK(ticket.number == "A-007");
    CHECK(ticket.site == "chuo");
    CHECK(ticket.qr_url.starts_with("https://status.example/t/"));
    CHECK(ticket.ahead == 3);
    CHECK(ticket.wait_minutes == 12);
    CHECK_FALSE(ticket.priority);
}

TEST_CASE("an answer that is not a ticket is bad_reply, never a crash") {
    for (const char* body : {"", "not json", "[]", "{}", R"({"id": "x", "number": "A-1"})",
                             R"({"id": 1, "site": "chuo", "service": "s", "number": "A-1", "qr_url": "u", "issued_at_ms": 1})",
                             R"({"id": "x", "site": "chuo", "service": "s", "number": "A-1", "qr_url": "u", "issued_at_ms": "1"})",
                             R"({"id": "x", "site": "chuo", "service": "s", "number": "", "qr_url": "u", "issued_at_ms": 1})"}) {
        INFO(body);
        const auto ticket = parse_issued_ticket(body);
        REQUIRE_FALSE(ticket);
        CHECK(ticket.error().code == TicketError::bad_reply);
    }
    // Odd types in the optional fields are ignored rather than believed.
    auto odd = parse_issued_ticket(
        R"({"id": "x", "site": "chuo", "service": "s", "number": "A-1", "qr_url": "u", "issued_at_ms": 1,
            "priority": "yes", "ahead": "three", "estimated_wait_minutes": null})");
    REQUIRE(odd);
    CHECK_FALSE(odd->priority);
    CHECK_FALSE(odd->ahead);
    CHECK_FALSE(odd->wait_minutes);
}

TEST_CASE("the time printed is Tokyo's") {
    CHECK(tokyo_time(0) == "1970-01-01 09:00");
    CHECK(tokyo_time(1795620600000) == "2026-11-26 00:30");  // 15:30 UTC is past midnight in Tokyo
}

TEST_CASE("a ticket in English says everything in Japanese too") {
    const TicketContent content = ticket_content(issued(), catalog(), translator(), "en");
    CHECK(content.site.ja == "中央区役所");
    CHECK(content.site.local == "Chuo Ward Office");
    CHECK(content.service.ja == "住民票・印鑑登録・戸籍証明書");
    CHECK(content.service.local == "Certificates (residence, seal, family register)");
    CHECK(content.number == "A-007");
    CHECK(content.ahead.ja == "お待ちの方: 3人");
    CHECK(content.ahead.local == "People ahead of you: 3");
    CHECK(content.wait.local == "Estimated wait: about 12 minutes");
    CHECK(content.scan_prompt.local == "Scan to follow your turn on your phone");
    CHECK_FALSE(content.scan_prompt.ja.empty());
    CHECK(content.priority.ja.empty());
    CHECK(content.issued_at == "2026-11-26 00:30");
}

TEST_CASE("a ticket in Japanese has each line once, and no one ahead and no estimate are said plainly") {
    IssuedTicket ticket = issued();
    ticket.ahead = 0;
    ticket.wait_minutes.reset();
    ticket.priority = true;
    const TicketContent content = ticket_content(ticket, catalog(), translator(), "ja");
    CHECK(content.site.local.empty());
    CHECK(content.service.local.empty());
    CHECK(content.ahead.ja == "お待ちの方はいません");
    CHECK(content.wait.ja.empty());
    CHECK(content.priority.ja == "優先受付");
}

TEST_CASE("the job fits every shipped paper width, long English names included") {
    const std::array<std::filesystem::path, 2> fonts{"/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf",
                                                     "/usr/share/fonts/truetype/ipamj/ipamjm.ttf"};
    auto rasterizer = text::TextRasterizer::open(fonts);
    REQUIRE(rasterizer);
    const TicketContent content = ticket_content(issued(), catalog(), translator(), "en");
    for (const auto& entry : std::filesystem::directory_iterator(MADOGUCHI_SOURCE_DIR "/assets/printers")) {
        INFO(entry.path().string());
        auto profile = printer::load_profile(entry.path());
        REQUIRE(profile);
        auto job = ticket_job(content, *profile, *rasterizer);
        REQUIRE(job);
        CHECK(job->size() > 1000);
        // A QR command (GS ( k) on printers that draw QR themselves, and none on the others.
        const std::array<std::uint8_t, 3> qr_command{0x1D, 0x28, 0x6B};
        const bool has_native_qr = std::ranges::search(*job, qr_command).begin() != job->end();
        CHECK(has_native_qr == profile->native_qr);
    }
}
