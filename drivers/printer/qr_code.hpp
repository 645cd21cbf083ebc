#pragma once
// QR codes drawn by us with libqrencode, for printers without a QR command (raster fallback)
// and for escpos-render, which must draw what a printer would draw for GS ( k.
#include <string_view>

#include "mono_bitmap.hpp"
#include "printer_error.hpp"

namespace madoguchi::printer {

enum class QrLevel { low, medium, quartile, high };

struct QrOptions {
    int module_size = 6;  // dots per module, 1..16 as GS ( k accepts
    QrLevel level = QrLevel::medium;
};

// Model 2, byte mode. `quiet_modules` white modules are added on every side.
PrinterResult<MonoBitmap> qr_bitmap(std::string_view data, QrOptions options, int quiet_modules);

}  // namespace madoguchi::printer
