#include "ticket_layout.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>

#include "catalog.hpp"
#include "drivers/printer/escpos_encoder.hpp"
#include "drivers/printer/text_raster.hpp"
#include "i18n.hpp"

namespace madoguchi {
namespace {

using printer::MonoBitmap;

// Line heights in dots at 8 dots/mm; profiles with other resolutions scale them.
constexpr int k_heading_dots = 36;
constexpr int k_body_dots = 28;
constexpr int k_small_dots = 24;
constexpr int k_gap_dots = 16;
constexpr std::string_view k_japanese = "ja";

// Marks a msgid for xgettext (--keyword=tr); in_both translates it twice.
constexpr const char* tr(const char* msgid) { return msgid; }

TwoLanguages in_both(const Translator& translator, std::string_view language, const char* msgid) {
    TwoLanguages text{translator.tr(k_japanese, msgid), ""};
    if (language != k_japanese) {
        text.local = translator.tr(language, msgid);
    }
    return text;
}

TwoLanguages filled(const TwoLanguages& pattern, std::string_view value) {
    return {fill(pattern.ja, {value}), pattern.local.empty() ? "" : fill(pattern.local, {value})};
}

// Where a line may break: between words when the text has spaces, else between any two
// characters (Japanese), never inside a UTF-8 sequence.
std::vector<std::size_t> break_points(std::string_view text) {
    std::vector<std::size_t> points;
    const bool words = text.find(' ') != std::string_view::npos;
    for (std::size_t i = 1; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (words ? text[i] == ' ' : (byte & 0xC0) != 0x80) {
            points.push_back(i);
        }
    }
    points.push_back(text.size());
    return points;
}

int width_of(const text::TextRasterizer& rasterizer, std::string_view text, int height) {
    return rasterizer.render_line(text, height).width;
}

// Greedy wrapping by measured width, so long service names fit 58 mm paper as well as 80 mm.
std::vector<std::string> wrap(const text::TextRasterizer& rasterizer, std::string_view text, int height,
                              int max_width) {
    std::vector<std::string> lines;
    while (!text.empty()) {
        std::size_t fitting = 0;
        for (const std::size_t point : break_points(text)) {
            if (fitting != 0 && width_of(rasterizer, text.substr(0, point), height) > max_width) {
                break;
            }
            fitting = point;
        }
        lines.emplace_back(text.substr(0, fitting));
        text.remove_prefix(fitting);
        while (text.starts_with(' ')) {
            text.remove_prefix(1);
        }
    }
    return lines;
}

int ink_rows(const MonoBitmap& image) {
    int top = image.height();
    int bottom = -1;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (image.black(x, y)) {
                top = std::min(top, y);
                bottom = y;
                break;
            }
        }
    }
    return bottom < top ? 0 : bottom - top + 1;
}

// Narrower columns by nearest neighbour: a number too wide for 58 mm paper at full height is
// condensed rather than clipped, because its height is what makes it readable from afar.
MonoBitmap condensed(const MonoBitmap& image, int max_width) {
    if (image.width() <= max_width) {
        return image;
    }
    MonoBitmap narrow(max_width, image.height());
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < max_width; ++x) {
            if (image.black(x * image.width() / max_width, y)) {
                narrow.set_black(x, y);
            }
        }
    }
    return narrow;
}

MonoBitmap number_image(const text::TextRasterizer& rasterizer, std::string_view number,
                        const printer::PrinterProfile& profile) {
    const int target = k_number_height_mm * profile.dots_per_mm;
    MonoBitmap image = printer::threshold(rasterizer.render_line(number, target));
    const int ink = ink_rows(image);
    if (ink > 0 && ink < target) {
        // The line box includes room for ascenders and descenders the digits do not use.
        image = printer::threshold(rasterizer.render_line(number, (target * target + ink - 1) / ink + 1));
    }
    return condensed(image, profile.dots_per_line);
}

class Layout {
public:
    Layout(printer::EscPosEncoder& encoder, const text::TextRasterizer& rasterizer, const printer::PrinterProfile& profile)
        : m_encoder(encoder), m_rasterizer(rasterizer), m_profile(profile) {}

    printer::PrinterResult<void> text(std::string_view text, int dots_at_8) {
        const int height = dots_at_8 * m_profile.dots_per_mm / 8;
        for (const std::string& line : wrap(m_rasterizer, text, height, m_profile.dots_per_line)) {
            if (auto placed = m_encoder.raster(printer::text_line(m_rasterizer, line, height, m_profile.dots_per_line));
                !placed) {
                return placed;
            }
        }
        return {};
    }

    printer::PrinterResult<void> both(const TwoLanguages& text_pair, int ja_dots, int local_dots) {
        if (!text_pair.ja.empty()) {
            if (auto placed = text(text_pair.ja, ja_dots); !placed) {
                return placed;
            }
        }
        if (!text_pair.local.empty()) {
            return text(text_pair.local, local_dots);
        }
        return {};
    }

    void gap() { m_encoder.feed_dots(static_cast<std::uint8_t>(k_gap_dots * m_profile.dots_per_mm / 8)); }

private:
    printer::EscPosEncoder& m_encoder;
    const text::TextRasterizer& m_rasterizer;
    const printer::PrinterProfile& m_profile;
};

}  // namespace

std::string tokyo_time(std::int64_t unix_ms) {
    using namespace std::chrono;
    const auto local = sys_time<milliseconds>(milliseconds(unix_ms)) + hours(9);
    const auto day = floor<days>(local);
    const year_month_day date(day);
    const hh_mm_ss clock(floor<minutes>(local - day));
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d", int(date.year()), unsigned(date.month()),
                  unsigned(date.day()), int(clock.hours().count()), int(clock.minutes().count()));
    return text;
}

TicketContent ticket_content(const IssuedTicket& ticket, const ServiceCatalog& catalog, const Translator& translator,
                             std::string_view language) {
    const bool japanese = language == k_japanese;
    TicketContent content;
    if (const Site* site = catalog.site(ticket.site)) {
        content.site = {site->name_ja, japanese ? "" : site->name_en};
    } else {
        content.site = {ticket.site, ""};
    }
    if (const Service* service = catalog.service(ticket.service)) {
        content.service = {service->name_ja, japanese ? "" : service->name_en};
    } else {
        content.service = {ticket.service, ""};
    }
    if (ticket.priority) {
        content.priority = in_both(translator, language, tr("Priority ticket"));
    }
    content.number = ticket.number;
    content.issued_at = tokyo_time(ticket.issued_at_ms);
    if (ticket.ahead) {
        content.ahead = *ticket.ahead == 0 ? in_both(translator, language, tr("No one is ahead of you"))
                                           : filled(in_both(translator, language, tr("People ahead of you: {}")),
                                                    std::to_string(*ticket.ahead));
    }
    if (ticket.wait_minutes) {
        content.wait = filled(in_both(translator, language, tr("Estimated wait: about {} minutes")),
                              std::to_string(*ticket.wait_minutes));
    }
    content.qr_url = ticket.qr_url;
    content.scan_prompt = in_both(translator, language, tr("Scan to follow your turn on your phone"));
    return content;
}

printer::PrinterResult<std::vector<std::uint8_t>> ticket_job(const TicketContent& content,
                                                              const printer::PrinterProfile& profile,
                                                              const text::TextRasterizer& rasterizer) {
    printer::EscPosEncoder encoder(profile.dots_per_line);
    encoder.initialize().align(printer::Alignment::center);
    Layout layout(encoder, rasterizer, profile);
    using Step = std::function<printer::PrinterResult<void>()>;
    const Step steps[] = {
        [&] { return layout.both(content.site, k_heading_dots, k_small_dots); },
        [&] {
            layout.gap();
            return layout.both(content.service, k_heading_dots, k_body_dots);
        },
        [&] { return layout.both(content.priority, k_heading_dots, k_body_dots); },
        [&] {
            layout.gap();
            return encoder.raster(number_image(rasterizer, content.number, profile));
        },
        [&] {
            layout.gap();
            return layout.text(content.issued_at, k_body_dots);
        },
        [&] { return layout.both(content.ahead, k_body_dots, k_small_dots); },
        [&] { return layout.both(content.wait, k_body_dots, k_small_dots); },
        [&] {
            layout.gap();
            // 4 dots a module on 58 mm paper keeps the QR inside the 48 mm print width.
            const printer::QrOptions qr{profile.dots_per_line >= 576 ? 6 : 4, printer::QrLevel::medium};
            return profile.native_qr ? encoder.qr_native(content.qr_url, qr) : encoder.qr_raster(content.qr_url, qr);
        },
        [&] {
            layout.gap();
            return layout.both(content.scan_prompt, k_body_dots, k_small_dots);
        },
    };
    for (const Step& step : steps) {
        if (auto placed = step(); !placed) {
            return std::unexpected(placed.error());
        }
    }
    encoder.feed_lines(4);
    if (profile.cutter) {
        encoder.cut(printer::Cut::partial);
    }
    return encoder.bytes();
}

}  // namespace madoguchi
