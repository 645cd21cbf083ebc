#include "escpos_interpreter.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "drivers/printer/mono_bitmap.hpp"
#include "drivers/printer/qr_code.hpp"

namespace madoguchi::escpos {
namespace {

constexpr std::uint8_t k_paper = 255;
constexpr std::uint8_t k_ink = 0;
constexpr int k_dash = 12;
// White space left above and below the dashed line drawn for a cut.
constexpr int k_cut_margin = 16;
// A job longer than this is refused rather than drawn: a few bytes of feeds could otherwise ask
// for gigabytes of paper image.
constexpr int k_max_paper_mm = 5000;

std::string offset_text(std::size_t offset) { return "at byte " + std::to_string(offset); }

std::string hex(std::uint8_t byte) {
    char text[5];
    std::snprintf(text, sizeof text, "0x%02X", byte);
    return text;
}

class Paper {
public:
    explicit Paper(PaperOptions options) : m_options(options) {}

    void set_alignment(int alignment) { m_alignment = alignment; }

    void feed(int dots) {
        if (grow(m_y + dots)) {
            m_y += dots;
        }
    }
    void feed_lines(int lines) { feed(lines * line_height()); }

    // Draws `image` scaled by (sx, sy) at the current line, placed by the justification.
    // Whether the job has run past the longest paper drawn; nothing more is drawn then.
    bool too_long() const { return m_too_long; }

    void draw(const printer::MonoBitmap& image, int sx, int sy) {
        const int width = image.width() * sx;
        int left = 0;
        if (m_alignment == 1) {
            left = std::max((m_options.dots_per_line - width) / 2, 0);
        } else if (m_alignment == 2) {
            left = std::max(m_options.dots_per_line - width, 0);
        }
        if (!grow(m_y + image.height() * sy)) {
            return;
        }
        for (int y = 0; y < image.height() * sy; ++y) {
            for (int x = 0; x < width && left + x < m_options.dots_per_line; ++x) {
                if (image.black(x / sx, y / sy)) {
                    m_image.pixels[static_cast<std::size_t>((m_y + y) * m_options.dots_per_line + left + x)] = k_ink;
                }
            }
        }
        m_y += image.height() * sy;
    }

    void cut() {
        feed(k_cut_margin);
        if (!grow(m_y + 2)) {
            return;
        }
        for (int x = 0; x < m_options.dots_per_line; ++x) {
            if ((x / k_dash) % 2 == 0) {
                for (int row = 0; row < 2; ++row) {
                    m_image.pixels[static_cast<std::size_t>((m_y + row) * m_options.dots_per_line + x)] = k_ink;
                }
            }
        }
        m_y += 2;
        feed(k_cut_margin);
        ++m_image.cuts;
    }

    PaperImage finish() {
        grow(std::max(m_y, 1));
        m_image.width = m_options.dots_per_line;
        return std::move(m_image);
    }

private:
    // Epson's default line spacing is 1/6 inch.
    int line_height() const { return m_options.dots_per_mm * 254 / 60; }

    bool grow(int height) {
        if (m_too_long || height > k_max_paper_mm * m_options.dots_per_mm) {
            m_too_long = true;
            return false;
        }
        if (height > m_image.height) {
            m_image.pixels.resize(static_cast<std::size_t>(height) * static_cast<std::size_t>(m_options.dots_per_line),
                                  k_paper);
            m_image.height = height;
        }
        return true;
    }

    PaperOptions m_options;
    PaperImage m_image;
    int m_y = 0;
    int m_alignment = 0;
    bool m_too_long = false;
};

// What GS ( k has set up for the next QR print; ESC @ restores the printer's defaults.
struct QrState {
    printer::QrOptions options{3, printer::QrLevel::low};
    std::string data;
    bool model2 = true;
};

class Interpreter {
public:
    Interpreter(std::span<const std::uint8_t> bytes, PaperOptions options) : m_bytes(bytes), m_paper(options) {}

    Result<PaperImage, RenderError> run() {
        while (m_at < m_bytes.size()) {
            const std::size_t start = m_at;
            if (auto step = command(); !step) {
                return fail(step.error().code, step.error().message + " (command " + offset_text(start) + ")");
            }
            if (m_paper.too_long()) {
                return fail(RenderError::bad_argument, "the job is longer than " + std::to_string(k_max_paper_mm / 1000) +
                                                           " m of paper (command " + offset_text(start) + ")");
            }
        }
        return m_paper.finish();
    }

private:
    using Step = Result<void, RenderError>;

    Result<std::uint8_t, RenderError> next() {
        if (m_at >= m_bytes.size()) {
            return fail(RenderError::truncated, "the job ends inside a command");
        }
        return m_bytes[m_at++];
    }

    Result<std::span<const std::uint8_t>, RenderError> take(std::size_t count) {
        if (m_bytes.size() - m_at < count) {
            return fail(RenderError::truncated, "the job ends inside a command's data");
        }
        auto part = m_bytes.subspan(m_at, count);
        m_at += count;
        return part;
    }

    Step command() {
        auto byte = next();
        if (!byte) {
            return std::unexpected(byte.error());
        }
        switch (*byte) {
            case 0x0A:
                m_paper.feed_lines(1);
                return {};
            case 0x1B:
                return escape();
            case 0x1D:
                return group();
            case 0x10:
                return real_time();
            default:
                return fail(RenderError::unknown_command,
                            "unknown byte " + hex(*byte) + " (escpos-render draws raster jobs, not printer fonts)");
        }
    }

    Step escape() {
        auto code = next();
        if (!code) {
            return std::unexpected(code.error());
        }
        if (*code == '@') {
            m_paper.set_alignment(0);
            m_qr = QrState{};
            return {};
        }
        auto n = next();
        if (!n) {
            return std::unexpected(n.error());
        }
        switch (*code) {
            case 'a':
                if (*n > 2 && (*n < '0' || *n > '2')) {
                    return fail(RenderError::bad_argument, "ESC a " + hex(*n));
                }
                m_paper.set_alignment(*n % 48);
                return {};
            case 'd':
                m_paper.feed_lines(*n);
                return {};
            case 'J':
                m_paper.feed(*n);
                return {};
            default:
                return fail(RenderError::unknown_command, "unknown command ESC " + hex(*code));
        }
    }

    Step real_time() {
        auto code = next();
        auto n = next();
        if (!code || !n) {
            return fail(RenderError::truncated, "the job ends inside DLE");
        }
        if (*code != 0x04 || *n < 1 || *n > 4) {
            return fail(RenderError::unknown_command, "unknown command DLE " + hex(*code) + " " + hex(*n));
        }
        return {};  // a status query prints nothing
    }

    Step group() {
        auto code = next();
        if (!code) {
            return std::unexpected(code.error());
        }
        switch (*code) {
            case 'v':
                return raster();
            case '(':
                return two_d_code();
            case 'V':
                return cut();
            default:
                return fail(RenderError::unknown_command, "unknown command GS " + hex(*code));
        }
    }

    Step raster() {
        auto header = take(6);
        if (!header) {
            return std::unexpected(header.error());
        }
        const auto& h = *header;
        if (h[0] != '0' || (h[1] > 3 && (h[1] < '0' || h[1] > '3'))) {
            return fail(RenderError::bad_argument, "GS v " + hex(h[0]) + " " + hex(h[1]));
        }
        const int mode = h[1] % 48;
        const int row_bytes = h[2] | (h[3] << 8);
        const int rows = h[4] | (h[5] << 8);
        if (row_bytes == 0 || rows == 0) {
            return fail(RenderError::bad_argument, "GS v 0 with an empty image");
        }
        auto data = take(static_cast<std::size_t>(row_bytes) * static_cast<std::size_t>(rows));
        if (!data) {
            return std::unexpected(data.error());
        }
        printer::MonoBitmap image(row_bytes * 8, rows);
        for (int y = 0; y < rows; ++y) {
            for (int x = 0; x < row_bytes * 8; ++x) {
                if (((*data)[static_cast<std::size_t>(y * row_bytes + x / 8)] & (0x80 >> (x % 8))) != 0) {
                    image.set_black(x, y);
                }
            }
        }
        // m: 1 double width, 2 double height, 3 both.
        m_paper.draw(image, (mode & 1) != 0 ? 2 : 1, (mode & 2) != 0 ? 2 : 1);
        return {};
    }

    Step two_d_code() {
        auto k = next();
        auto length_bytes = take(2);
        if (!k || !length_bytes) {
            return fail(RenderError::truncated, "the job ends inside GS (");
        }
        if (*k != 'k') {
            return fail(RenderError::unknown_command, "unknown command GS ( " + hex(*k));
        }
        const std::size_t length = (*length_bytes)[0] | ((*length_bytes)[1] << 8);
        auto body = take(length);
        if (!body) {
            return std::unexpected(body.error());
        }
        if (length < 2 || (*body)[0] != 49) {
            return fail(RenderError::unknown_command, "GS ( k for a symbol other than QR Code");
        }
        const std::uint8_t function = (*body)[1];
        const auto parameters = body->subspan(2);
        auto need = [&](std::size_t count) -> Step {
            if (parameters.size() < count) {
                return fail(RenderError::bad_argument, "GS ( k fn " + std::to_string(function) + " is too short");
            }
            return {};
        };
        switch (function) {
            case 65:
                if (auto ok = need(2); !ok) {
                    return ok;
                }
                m_qr.model2 = parameters[0] == 50;
                return {};
            case 67:
                if (auto ok = need(1); !ok) {
                    return ok;
                }
                if (parameters[0] < 1 || parameters[0] > 16) {
                    return fail(RenderError::bad_argument, "QR module size " + std::to_string(parameters[0]));
                }
                m_qr.options.module_size = parameters[0];
                return {};
            case 69:
                if (auto ok = need(1); !ok) {
                    return ok;
                }
                if (parameters[0] < 48 || parameters[0] > 51) {
                    return fail(RenderError::bad_argument, "QR error level " + hex(parameters[0]));
                }
                m_qr.options.level = static_cast<printer::QrLevel>(parameters[0] - 48);
                return {};
            case 80:
                if (auto ok = need(2); !ok) {
                    return ok;
                }
                m_qr.data.assign(parameters.begin() + 1, parameters.end());
                return {};
            case 81:
                return print_qr();
            default:
                return fail(RenderError::unknown_command, "GS ( k QR function " + std::to_string(function));
        }
    }

    Step print_qr() {
        if (!m_qr.model2) {
            return fail(RenderError::bad_argument, "only QR model 2 is drawn");
        }
        if (m_qr.data.empty()) {
            return fail(RenderError::bad_argument, "QR print with no data stored");
        }
        auto image = printer::qr_bitmap(m_qr.data, m_qr.options, 0);
        if (!image) {
            return fail(RenderError::bad_argument, image.error().message);
        }
        m_paper.draw(*image, 1, 1);
        return {};
    }

    Step cut() {
        auto m = next();
        if (!m) {
            return std::unexpected(m.error());
        }
        switch (*m) {
            case 0:
            case 1:
            case 48:
            case 49:
                m_paper.cut();
                return {};
            case 65:
            case 66: {
                auto n = next();
                if (!n) {
                    return std::unexpected(n.error());
                }
                m_paper.feed(*n);
                m_paper.cut();
                return {};
            }
            default:
                return fail(RenderError::bad_argument, "GS V " + hex(*m));
        }
    }

    std::span<const std::uint8_t> m_bytes;
    std::size_t m_at = 0;
    Paper m_paper;
    QrState m_qr;
};

}  // namespace

Result<PaperImage, RenderError> render_escpos(std::span<const std::uint8_t> bytes, PaperOptions options) {
    return Interpreter(bytes, options).run();
}

}  // namespace madoguchi::escpos
