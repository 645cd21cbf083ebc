#pragma once
// Builds an ESC/POS job (Epson's command set, which Star and Citizen printers also accept in
// their ESC/POS mode). Text is never sent as characters: Japanese is drawn to raster with
// FreeType (text_raster.hpp) so printers without a Kanji ROM print it too.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "mono_bitmap.hpp"
#include "printer_error.hpp"
#include "qr_code.hpp"

namespace madoguchi::printer {

enum class Alignment : std::uint8_t { left = 0, center = 1, right = 2 };
enum class Cut : std::uint8_t { full = 0, partial = 1 };

// GS ( k fn 80 takes at most this many bytes of QR data.
inline constexpr std::size_t k_max_native_qr_bytes = 7089;
// GS v 0 images are sent in bands of at most this many rows, which every printer's buffer holds.
inline constexpr int k_raster_band_rows = 256;

// DLE EOT n, the real-time status query; n is 1 (printer), 2 (offline cause), 3 (error cause)
// or 4 (paper roll sensor).
std::vector<std::uint8_t> status_query(std::uint8_t n);

class EscPosEncoder {
public:
    explicit EscPosEncoder(int dots_per_line) : m_dots_per_line(dots_per_line) {}

    EscPosEncoder& initialize();
    EscPosEncoder& align(Alignment alignment);
    // GS v 0, normal density. Fails when the image is wider than the paper or empty.
    PrinterResult<void> raster(const MonoBitmap& image);
    // GS ( k, model 2: select model, module size, error level, store the data, print it.
    PrinterResult<void> qr_native(std::string_view data, QrOptions options);
    // The same QR drawn by libqrencode and sent as a raster image, with a 4-module quiet zone.
    PrinterResult<void> qr_raster(std::string_view data, QrOptions options);
    EscPosEncoder& feed_lines(std::uint8_t lines);
    EscPosEncoder& feed_dots(std::uint8_t dots);
    EscPosEncoder& cut(Cut kind);

    int dots_per_line() const { return m_dots_per_line; }
    const std::vector<std::uint8_t>& bytes() const { return m_bytes; }

private:
    void append(std::initializer_list<std::uint8_t> bytes);
    void append_qr_function(std::uint8_t function, std::span<const std::uint8_t> parameters);

    int m_dots_per_line;
    std::vector<std::uint8_t> m_bytes;
};

}  // namespace madoguchi::printer
