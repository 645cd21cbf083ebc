// The camera's QR reader on frames as a counter's camera delivers them: a ticket's QR small in
// a 720p frame, off centre, at a scale that is no whole number of pixels per module, tilted, with
// sensor noise, in each pixel layout; it reads the exact text or nothing. A status URL signed by
// the server's own code reads back and passes the counter's signature check.
#include <doctest/doctest.h>

#include <random>

#include "drivers/scanner/qr_decoder.hpp"
#include "kiosk/ticket_qr.hpp"
#include "server/api.hpp"
#include "tests/server/support.hpp"
#include "tests/support/qr_frames.hpp"

using namespace madoguchi;
using camera::PixelFormat;
using testing::QrPlacement;

namespace {

// As long as a real status URL: the ticket id and a 64-byte signature in base64url.
const std::string k_url =
    "https://status.madoguchi.test/t/T7f3kq9ZxA1bC2dE3fG4hJ?site=chuo&kid=0123456789abcdef&s="
    "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMn";

std::optional<std::string> decoded(const std::string& text, int width, int height, const QrPlacement& at,
                                   PixelFormat format, std::size_t padding = 0) {
    const auto frame = testing::pack_frame(testing::qr_luma(text, width, height, at), width, height, format, padding);
    auto result = scanner::decode_qr(frame.view);
    REQUIRE(result);
    return *result;
}

}  // namespace

TEST_CASE("a ticket's QR reads from GREY, YUYV and NV12 frames as a camera sees it") {
    struct Scene {
        const char* what;
        QrPlacement at;
    };
    // 1280x720, a code of ~60 modules with its quiet zone: 2.3 px a module is about 140 px wide.
    const Scene scenes[] = {
        {"small, far off centre", {1040, 190, 2.3, 0, 0, 1}},
        {"off centre, scaled 3.3x, tilted 4°", {380, 470, 3.3, 4, 6, 2}},
        {"tilted 9° the other way, noisy", {700, 330, 2.7, -9, 14, 3}},
        {"tilted 17°, noisy", {930, 420, 4.5, 17, 10, 4}},
        {"large and centred", {640, 360, 7.7, 2, 8, 5}},
    };
    for (const PixelFormat format : {PixelFormat::grey, PixelFormat::yuyv, PixelFormat::nv12}) {
        for (const Scene& scene : scenes) {
            CAPTURE(camera::pixel_format_name(format));
            CAPTURE(scene.what);
            CHECK(decoded(k_url, 1280, 720, scene.at, format, format == PixelFormat::grey ? 0 : 64) == k_url);
        }
    }
}

TEST_CASE("a lower-resolution camera still reads it") {
    CHECK(decoded(k_url, 640, 480, QrPlacement{300, 250, 3.1, -6, 8, 6}, PixelFormat::yuyv) == k_url);
    CHECK(decoded(k_url, 640, 480, QrPlacement{330, 230, 2.6, 3, 6, 7}, PixelFormat::nv12) == k_url);
}

TEST_CASE("a status URL signed by the server's key reads from the camera and passes the signature check") {
    server::test::TempDir dir;
    auto key = server::SigningKey::load_or_create(dir.path() / "chuo.ed25519.pem");
    REQUIRE(key);
    const std::string url = server::ticket_qr_url("https://status.madoguchi.test/t/", *key, "chuo", "T9xkq2LmN4pR7sV");
    const std::vector<SiteKey> published{SiteKey{"chuo", key->key_id(), key->public_key()}};

    const auto text = decoded(url, 1280, 720, QrPlacement{820, 300, 2.9, -5, 10, 8}, PixelFormat::yuyv, 128);
    REQUIRE(text);
    CHECK(*text == url);
    const auto qr = parse_ticket_qr(*text);
    REQUIRE(qr);
    CHECK(qr->ticket_id == "T9xkq2LmN4pR7sV");
    CHECK(verify_ticket_qr(*qr, "chuo", published));

    // The same camera path with one character of the ticket id changed: read, and refused.
    std::string altered = url;
    altered[altered.find("/t/") + 3] = 'U';
    const auto altered_text = decoded(altered, 1280, 720, QrPlacement{820, 300, 2.9, -5, 10, 8}, PixelFormat::nv12);
    REQUIRE(altered_text);
    const auto altered_qr = parse_ticket_qr(*altered_text);
    REQUIRE(altered_qr);
    const auto refused = verify_ticket_qr(*altered_qr, "chuo", published);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == TicketQrError::forged);
}

TEST_CASE("frames without a QR code read as nothing") {
    // An empty sheet, with noise.
    std::vector<std::uint8_t> sheet(1280 * 720, 0);
    std::mt19937 random(9);
    std::normal_distribution<double> noise(150, 20);
    for (auto& pixel : sheet) {
        pixel = static_cast<std::uint8_t>(std::clamp(noise(random), 0.0, 255.0));
    }
    for (const PixelFormat format : {PixelFormat::grey, PixelFormat::yuyv, PixelFormat::nv12}) {
        const auto frame = testing::pack_frame(sheet, 1280, 720, format);
        const auto result = scanner::decode_qr(frame.view);
        REQUIRE(result);
        CHECK_FALSE(*result);
    }
    // A code cut off by the frame's edge.
    CHECK_FALSE(decoded(k_url, 1280, 720, QrPlacement{40, 360, 4.0, 0, 0, 10}, PixelFormat::grey));
    // Black, white.
    for (const std::uint8_t level : {std::uint8_t{0}, std::uint8_t{255}}) {
        const std::vector<std::uint8_t> flat(320 * 240, level);
        const auto result = scanner::decode_qr(camera::FrameView{PixelFormat::grey, 320, 240, 320, flat});
        REQUIRE(result);
        CHECK_FALSE(*result);
    }
}

TEST_CASE("truncated, odd-sized and garbage frames give an error or nothing, never a crash") {
    auto frame = testing::pack_frame(testing::qr_luma(k_url, 640, 480, QrPlacement{320, 240, 3, 0, 0, 11}), 640, 480,
                                     PixelFormat::yuyv);
    frame.view.bytes = frame.view.bytes.first(frame.view.bytes.size() / 2);
    const auto truncated = scanner::decode_qr(frame.view);
    REQUIRE_FALSE(truncated);
    CHECK(truncated.error().code == camera::FrameError::truncated);

    const std::vector<std::uint8_t> bytes(640 * 480 * 2, 200);
    const auto odd = scanner::decode_qr(camera::FrameView{PixelFormat::nv12, 641, 479, 641, bytes});
    REQUIRE_FALSE(odd);
    CHECK(odd.error().code == camera::FrameError::bad_size);
    CHECK_FALSE(scanner::decode_qr_luma(bytes, 2000, 2000));
    CHECK_FALSE(scanner::decode_qr_luma({}, 0, 0));

    std::mt19937 random(12);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int round = 0; round < 20; ++round) {
        std::vector<std::uint8_t> garbage(static_cast<std::size_t>(320 * 240 * 2));
        for (auto& b : garbage) {
            b = static_cast<std::uint8_t>(byte(random));
        }
        const auto result =
            scanner::decode_qr(camera::FrameView{static_cast<PixelFormat>(round % 3), 320, 240, 320 * 2, garbage});
        REQUIRE(result);
        CHECK_FALSE(*result);
    }
}
