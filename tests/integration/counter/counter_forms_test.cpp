// A citizen's forms from the kiosk to the counter's A4 printer, through the real server: the
// kiosk issues a ticket and files the forms (`madoguchi ticket issue`, `madoguchi forms fill
// --submit`); at the counter a USB barcode scanner types the ticket's QR into the working screen.
// Forged and garbled scans are refused before the application is asked for (the server logs each
// read); a real one opens the forms, which print through a private CUPS and are dropped when the
// ticket is finished. The counter's camera reads the same QR from a camera-like frame (drawn
// from the printed URL, decoded by the camera's ZXing reader) and goes through the same check.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

#include "tests/support/juminhyo_answers.hpp"
#include "counter_rig.hpp"
#include "kiosk/application_payload.hpp"
#include "drivers/scanner/qr_decoder.hpp"
#include "kiosk/counter_forms.hpp"
#include "kiosk/log.hpp"
#include "tests/integration/forms/private_cups.hpp"
#include "tests/support/pdf_text.hpp"
#include "tests/support/qr_frames.hpp"

using namespace madoguchi;
using namespace madoguchi::testing;
using madoguchi::server::test::Backend;
using madoguchi::server::test::ServerProcess;
using madoguchi::server::test::TempDir;

namespace {

std::size_t reads(const ServerProcess& server) {
    const std::string log = server.log();
    std::size_t count = 0;
    for (std::size_t at = log.find("application_read"); at != std::string::npos;
         at = log.find("application_read", at + 1)) {
        ++count;
    }
    return count;
}

// What the counter's camera reads when `text`'s QR is held up to it, a little tilted and off centre.
std::string seen_by_camera(const std::string& text) {
    const auto frame = pack_frame(qr_luma(text, 1280, 720, QrPlacement{860, 300, 2.8, -6, 8, 1}), 1280, 720,
                                  camera::PixelFormat::yuyv, 64);
    const auto decoded = scanner::decode_qr(frame.view);
    REQUIRE(decoded);
    REQUIRE(*decoded);
    return **decoded;
}

}  // namespace

TEST_CASE("a scanned ticket opens the kiosk's forms at the counter, only when its signature holds") {
    log::set_min_level(log::Level::warn);
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    make_staff(server, "1234", "counter pass");
    const auto kiosk = kiosk_terminal_config(server, dir);
    const KioskTicket ticket = issue_at_kiosk(kiosk);
    std::ofstream(dir.path() / "answers.toml") << madoguchi::testing::k_juminhyo_answers;
    const std::string filed = run_madoguchi("forms fill --forms juminhyo --answers " +
                                            (dir.path() / "answers.toml").string() + " --pdf " +
                                            (dir.path() / "kiosk.pdf").string() + " --submit " + ticket.id +
                                            " --config " + kiosk.string());
    REQUIRE(filed.find(": delivered") != std::string::npos);

    auto definitions = load_forms(MADOGUCHI_SOURCE_DIR "/assets/forms");
    REQUIRE(definitions);
    auto key = load_application_key(dir.path() / "application.key");
    REQUIRE(key);
    PrivateCups cups(dir.path() / "cups");
    Counter counter(terminal_endpoint(server, "counter", "counter-3"), at_counter("3"));
    CounterForms forms(counter.desk,
                       CounterFormsSettings{"chuo", *key,
                                            std::make_shared<const std::vector<FormDefinition>>(std::move(*definitions)),
                                            "A4"});
    Staff staff(counter, &forms);
    const auto settled = [&] { return counter.pump_until([&] { return !forms.busy(); }); };

    for (const char* key_label : {"1", "2", "3", "4", "Next", "c", "o", "u", "n", "t", "e", "r", "Space", "p", "a", "s",
                                  "s", "Log in"}) {
        staff.press(key_label);
    }
    REQUIRE(staff.view().screen == ScreenId::counter_working);
    CHECK(staff.sees("Scan the QR code on the citizen's ticket to open the forms filled in at the kiosk."));
    staff.press("Call next");
    REQUIRE(counter.held() == ticket.number);

    SUBCASE("garbled and forged scans are refused, and the application is never asked for") {
        staff.scan(ticket.qr_url.substr(0, ticket.qr_url.size() - 20));
        REQUIRE(settled());
        CHECK(forms.notice() == FormsNotice::unreadable);
        CHECK(staff.sees("That was not a ticket's QR code, or it was read wrongly. Scan it again."));
        // Longer than any status URL: refused whole, not read in part.
        staff.scan(ticket.qr_url + std::string(600, 'x'));
        REQUIRE(settled());
        CHECK(forms.notice() == FormsNotice::unreadable);

        // Another ticket's id under this ticket's signature.
        std::string forged = ticket.qr_url;
        const std::size_t id_at = forged.find("/t/") + 3;
        forged.replace(id_at, ticket.id.size(), std::string(ticket.id.rbegin(), ticket.id.rend()));
        staff.scan(forged);
        REQUIRE(settled());
        CHECK(forms.notice() == FormsNotice::forged);
        CHECK(staff.sees("This ticket's signature is not valid: it was altered. Do not accept it."));
        CHECK(forms.forms().empty());
        CHECK(reads(server) == 0);
    }

    SUBCASE("the camera's reading takes the same path: a forged ticket is refused unasked, a real one opens") {
        std::string forged = ticket.qr_url;
        const std::size_t id_at = forged.find("/t/") + 3;
        forged.replace(id_at, ticket.id.size(), std::string(ticket.id.rbegin(), ticket.id.rend()));
        staff.terminal.camera_scanned(seen_by_camera(forged));
        REQUIRE(settled());
        CHECK(forms.notice() == FormsNotice::forged);
        CHECK(staff.sees("This ticket's signature is not valid: it was altered. Do not accept it."));
        CHECK(reads(server) == 0);

        // While a transfer is being chosen the camera opens nothing.
        staff.press("Transfer");
        staff.terminal.camera_scanned(seen_by_camera(ticket.qr_url));
        CHECK_FALSE(forms.busy());
        CHECK(forms.notice() == FormsNotice::forged);
        staff.press("Cancel");

        staff.terminal.camera_scanned(seen_by_camera(ticket.qr_url));
        REQUIRE(settled());
        CHECK(forms.notice() == FormsNotice::none);
        CHECK(reads(server) == 1);
        CHECK(staff.sees("forms " + ticket.number));
        CHECK(forms.holds_personal_data());

        // Whatever else the camera sees on the desk leaves the open forms alone: a QR code that is
        // no ticket's, and this ticket again (no second read).
        staff.terminal.camera_scanned(seen_by_camera("https://www.city.example.jp/guide"));
        staff.terminal.camera_scanned(seen_by_camera(ticket.qr_url));
        REQUIRE(settled());
        CHECK(forms.holds_personal_data());
        CHECK(forms.notice() == FormsNotice::none);
        CHECK(reads(server) == 1);
    }

    SUBCASE("a real scan fetches the forms once, prints them on A4, and finishing drops them") {
        staff.scan(ticket.qr_url);
        REQUIRE(settled());
        CHECK(forms.notice() == FormsNotice::none);
        CHECK(reads(server) == 1);
        CHECK(staff.sees("forms " + ticket.number));
        CHECK(staff.sees("Request for copies of the residence record"));
        CHECK(forms.holds_personal_data());

        // Every field, the values as the kiosk filled them, 𠮷 and all.
        staff.press("View");
        REQUIRE(staff.view().screen == ScreenId::counter_forms);
        CHECK(staff.sees("Request for copies of the residence record"));
        CHECK(std::ranges::find(staff.ui.free_text.drawn, "𠮷野　太郎") != staff.ui.free_text.drawn.end());
        staff.press("Back");
        CHECK(staff.view().screen == ScreenId::counter_working);

        staff.press("Print on A4");
        REQUIRE(settled());
        CHECK(forms.notice() == FormsNotice::printed);
        CHECK(staff.sees("Sent to the A4 printer."));
        REQUIRE(cups.wait_for_output());
        const std::string printed = pdf_text(cups.output());
        CHECK(printed.find("住民票の写し等交付請求書") != std::string::npos);
        CHECK(printed.find("𠮷野") != std::string::npos);
        CHECK(printed == pdf_text(dir.path() / "kiosk.pdf"));

        staff.press("Finish");
        CHECK_FALSE(forms.holds_personal_data());
        CHECK(staff.ui.free_text.drawn.empty());
        CHECK_FALSE(staff.sees("forms " + ticket.number));
    }

    SUBCASE("logging out drops the open forms") {
        staff.scan(ticket.qr_url);
        REQUIRE(settled());
        REQUIRE(forms.holds_personal_data());
        staff.press("Log out");
        CHECK_FALSE(forms.holds_personal_data());
        CHECK(staff.view().screen == ScreenId::counter_login);
    }
}
