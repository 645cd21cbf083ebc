#include "escpos_encoder.hpp"

#include <algorithm>
#include <string>

namespace madoguchi::printer {
namespace {

constexpr std::uint8_t k_esc = 0x1B;
constexpr std::uint8_t k_gs = 0x1D;
constexpr std::uint8_t k_dle = 0x10;
constexpr std::uint8_t k_eot = 0x04;
// GS ( k's symbol type: cn 49 is QR Code.
constexpr std::uint8_t k_qr_symbol = 49;

std::uint8_t low_byte(std::size_t value) { return static_cast<std::uint8_t>(value & 0xFF); }
std::uint8_t high_byte(std::size_t value) { return static_cast<std::uint8_t>((value >> 8) & 0xFF); }

std::uint8_t qr_level_byte(QrLevel level) {
    // fn 69: 48 L (7 %), 49 M (15 %), 50 Q (25 %), 51 H (30 %).
    return static_cast<std::uint8_t>(48 + static_cast<int>(level));
}

}  // namespace

std::vector<std::uint8_t> status_query(std::uint8_t n) { return {k_dle, k_eot, n}; }

void EscPosEncoder::append(std::initializer_list<std::uint8_t> bytes) {
    m_bytes.insert(m_bytes.end(), bytes.begin(), bytes.end());
}

EscPosEncoder& EscPosEncoder::initialize() {
    append({k_esc, '@'});
    return *this;
}

EscPosEncoder& EscPosEncoder::align(Alignment alignment) {
    append({k_esc, 'a', static_cast<std::uint8_t>(alignment)});
    return *this;
}

PrinterResult<void> EscPosEncoder::raster(const MonoBitmap& image) {
    if (image.width() == 0 || image.height() == 0) {
        return fail(PrinterError::too_large, "an empty image cannot be printed");
    }
    if (image.width() > m_dots_per_line) {
        return fail(PrinterError::too_large, "image is " + std::to_string(image.width()) + " dots wide, paper " +
                                                 std::to_string(m_dots_per_line));
    }
    const auto row_bytes = static_cast<std::size_t>(image.row_bytes());
    for (int top = 0; top < image.height(); top += k_raster_band_rows) {
        const auto rows = static_cast<std::size_t>(std::min(k_raster_band_rows, image.height() - top));
        append({k_gs, 'v', '0', 0, low_byte(row_bytes), high_byte(row_bytes), low_byte(rows), high_byte(rows)});
        const auto first = image.bytes().begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(top) * row_bytes);
        m_bytes.insert(m_bytes.end(), first, first + static_cast<std::ptrdiff_t>(rows * row_bytes));
    }
    return {};
}

void EscPosEncoder::append_qr_function(std::uint8_t function, std::span<const std::uint8_t> parameters) {
    // pL pH count cn, fn and the parameters.
    const std::size_t length = parameters.size() + 2;
    append({k_gs, '(', 'k', low_byte(length), high_byte(length), k_qr_symbol, function});
    m_bytes.insert(m_bytes.end(), parameters.begin(), parameters.end());
}

PrinterResult<void> EscPosEncoder::qr_native(std::string_view data, QrOptions options) {
    if (data.empty() || data.size() > k_max_native_qr_bytes) {
        return fail(PrinterError::too_large, "QR payload of " + std::to_string(data.size()) +
                                                 " bytes; GS ( k takes 1.." + std::to_string(k_max_native_qr_bytes));
    }
    if (options.module_size < 1 || options.module_size > 16) {
        return fail(PrinterError::too_large, "QR module size must be 1..16 dots");
    }
    const std::uint8_t model[] = {50, 0};  // fn 65: n1 = 50 is model 2
    append_qr_function(65, model);
    const std::uint8_t module[] = {static_cast<std::uint8_t>(options.module_size)};
    append_qr_function(67, module);
    const std::uint8_t level[] = {qr_level_byte(options.level)};
    append_qr_function(69, level);
    std::vector<std::uint8_t> store{'0'};  // fn 80 m = 48
    store.insert(store.end(), data.begin(), data.end());
    append_qr_function(80, store);
    const std::uint8_t print[] = {'0'};  // fn 81 m = 48
    append_qr_function(81, print);
    return {};
}

PrinterResult<void> EscPosEncoder::qr_raster(std::string_view data, QrOptions options) {
    auto image = qr_bitmap(data, options, 4);
    if (!image) {
        return std::unexpected(image.error());
    }
    return raster(*image);
}

EscPosEncoder& EscPosEncoder::feed_lines(std::uint8_t lines) {
    append({k_esc, 'd', lines});
    return *this;
}

EscPosEncoder& EscPosEncoder::feed_dots(std::uint8_t dots) {
    append({k_esc, 'J', dots});
    return *this;
}

EscPosEncoder& EscPosEncoder::cut(Cut kind) {
    append({k_gs, 'V', static_cast<std::uint8_t>(kind)});
    return *this;
}

}  // namespace madoguchi::printer
