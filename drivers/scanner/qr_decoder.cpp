#include "qr_decoder.hpp"

// text() as UTF-8 std::string, the return type ZXing 1.4 moves to.
#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>

namespace madoguchi::scanner {

std::optional<std::string> decode_qr_luma(std::span<const std::uint8_t> luma, int width, int height) {
    if (width <= 0 || height <= 0 ||
        luma.size() < static_cast<std::size_t>(width) * static_cast<std::size_t>(height)) {
        return std::nullopt;
    }
    // tryHarder looks at every row band, which a code small in a wide frame needs; tryRotate and
    // downscaling are ZXing's defaults and catch a code held sideways or filling the frame.
    const auto hints = ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode).setTryHarder(true);
    const ZXing::Result result =
        ZXing::ReadBarcode(ZXing::ImageView(luma.data(), width, height, ZXing::ImageFormat::Lum), hints);
    if (!result.isValid()) {
        return std::nullopt;
    }
    return result.text();
}

Result<std::optional<std::string>, camera::FrameError> decode_qr(const camera::FrameView& frame) {
    auto luma = camera::luma_plane(frame);
    if (!luma) {
        return std::unexpected(luma.error());
    }
    return decode_qr_luma(*luma, frame.width, frame.height);
}

}  // namespace madoguchi::scanner
