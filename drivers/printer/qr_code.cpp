#include "qr_code.hpp"

#include <qrencode.h>

#include <memory>
#include <string>

namespace madoguchi::printer {
namespace {

QRecLevel qrencode_level(QrLevel level) {
    switch (level) {
        case QrLevel::low:
            return QR_ECLEVEL_L;
        case QrLevel::medium:
            return QR_ECLEVEL_M;
        case QrLevel::quartile:
            return QR_ECLEVEL_Q;
        case QrLevel::high:
            return QR_ECLEVEL_H;
    }
    return QR_ECLEVEL_M;
}

struct QrFree {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

PrinterResult<MonoBitmap> qr_bitmap(std::string_view data, QrOptions options, int quiet_modules) {
    if (data.empty()) {
        return fail(PrinterError::too_large, "an empty QR payload cannot be encoded");
    }
    if (options.module_size < 1 || options.module_size > 16) {
        return fail(PrinterError::too_large, "QR module size must be 1..16 dots");
    }
    const std::unique_ptr<QRcode, QrFree> code(
        QRcode_encodeData(static_cast<int>(data.size()), reinterpret_cast<const unsigned char*>(data.data()), 0,
                          qrencode_level(options.level)));
    if (!code) {
        return fail(PrinterError::too_large, "libqrencode cannot encode " + std::to_string(data.size()) + " bytes");
    }
    const int side = (code->width + 2 * quiet_modules) * options.module_size;
    MonoBitmap bitmap(side, side);
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            // libqrencode's bit 0 of each module byte is "dark"; the other bits describe its role.
            if ((code->data[y * code->width + x] & 1) != 0) {
                bitmap.fill((x + quiet_modules) * options.module_size, (y + quiet_modules) * options.module_size,
                            options.module_size, options.module_size);
            }
        }
    }
    return bitmap;
}

}  // namespace madoguchi::printer
