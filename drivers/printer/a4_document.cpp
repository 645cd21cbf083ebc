#include "a4_document.hpp"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "drivers/text/utf8.hpp"

namespace madoguchi::printer {
namespace {

constexpr double k_points_per_mm = 72.0 / 25.4;
constexpr char32_t k_geta = 0x3013;

struct LoadedFont {
    FT_Face face = nullptr;
    cairo_font_face_t* cairo_face = nullptr;
};

// Opened once per process: a form's PDF must not pay for parsing a 46 MB font each time. The
// faces stay until exit because cairo keeps its own references to them in its font caches.
class FontRegistry {
public:
    static FontRegistry& instance() {
        static FontRegistry* registry = new FontRegistry();
        return *registry;
    }

    const LoadedFont* get(const std::filesystem::path& path) {
        const std::lock_guard lock(m_mutex);
        if (auto found = m_fonts.find(path.string()); found != m_fonts.end()) {
            return &found->second;
        }
        if (m_library == nullptr && FT_Init_FreeType(&m_library) != 0) {
            return nullptr;
        }
        LoadedFont font;
        if (FT_New_Face(m_library, path.c_str(), 0, &font.face) != 0) {
            return nullptr;
        }
        font.cairo_face = cairo_ft_font_face_create_for_ft_face(font.face, 0);
        return &m_fonts.emplace(path.string(), font).first->second;
    }

private:
    std::mutex m_mutex;
    FT_Library m_library = nullptr;
    std::map<std::string, LoadedFont> m_fonts;
};

bool has_glyph(const LoadedFont& font, char32_t code) {
    return FT_Get_Char_Index(font.face, code) != 0;
}

bool never_starts_a_line(char32_t code) {
    static constexpr std::u32string_view k_closing =
        U"、。，．）」』】〕！？ー・：；ぁぃぅぇぉっゃゅょァィゥェォッャュョ.,)]:;!?%";
    return k_closing.find(code) != std::u32string_view::npos;
}

}  // namespace

struct A4Document::State {
    cairo_surface_t* surface = nullptr;
    cairo_t* cairo = nullptr;
    const LoadedFont* regular = nullptr;
    const LoadedFont* bold = nullptr;
    const LoadedFont* fallback = nullptr;
    std::filesystem::path fallback_path;
    bool fallback_tried = false;
    std::size_t missing = 0;

    ~State() {
        if (cairo != nullptr) {
            cairo_destroy(cairo);
        }
        if (surface != nullptr) {
            cairo_surface_destroy(surface);
        }
    }

    const LoadedFont* fallback_font() {
        if (!fallback_tried) {
            fallback_tried = true;
            fallback = FontRegistry::instance().get(fallback_path);
        }
        return fallback;
    }

    // Runs of text that one font draws, in order; `measure_only` leaves the count untouched.
    std::vector<std::pair<const LoadedFont*, std::string>> runs(std::string_view utf8, Weight weight,
                                                                bool measure_only) {
        const LoadedFont* primary = weight == Weight::bold ? bold : regular;
        std::vector<std::pair<const LoadedFont*, std::string>> result;
        for (char32_t code : text::decode_utf8(utf8)) {
            const LoadedFont* font = primary;
            if (!has_glyph(*primary, code)) {
                const LoadedFont* second = fallback_font();
                if (second != nullptr && has_glyph(*second, code)) {
                    font = second;
                } else {
                    code = k_geta;
                    if (!measure_only) {
                        ++missing;
                    }
                }
            }
            if (result.empty() || result.back().first != font) {
                result.emplace_back(font, std::string());
            }
            text::append_utf8(result.back().second, code);
        }
        return result;
    }
};

A4Document::A4Document(std::unique_ptr<State> state) : m_state(std::move(state)) {}
A4Document::A4Document(A4Document&&) noexcept = default;
A4Document& A4Document::operator=(A4Document&&) noexcept = default;
A4Document::~A4Document() = default;

namespace {

cairo_status_t append_to_sink(void* closure, const unsigned char* data, unsigned int length) {
    auto* sink = static_cast<card::SecureBytes*>(closure);
    sink->insert(sink->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Result<A4Document, A4Error> A4Document::open(const std::function<cairo_surface_t*()>& make_surface,
                                             const std::string& where, const A4Fonts& fonts) {
    auto state = std::make_unique<State>();
    state->regular = FontRegistry::instance().get(fonts.regular);
    state->bold = FontRegistry::instance().get(fonts.bold);
    if (state->regular == nullptr || state->bold == nullptr) {
        return fail(A4Error::fonts, "cannot open the fonts " + fonts.regular.string() + " and " + fonts.bold.string());
    }
    state->fallback_path = fonts.fallback;
    state->surface = make_surface();
    if (cairo_surface_status(state->surface) != CAIRO_STATUS_SUCCESS) {
        return fail(A4Error::output,
                    "cannot write " + where + ": " + cairo_status_to_string(cairo_surface_status(state->surface)));
    }
    cairo_pdf_surface_set_metadata(state->surface, CAIRO_PDF_METADATA_CREATOR, "madoguchi");
    state->cairo = cairo_create(state->surface);
    cairo_scale(state->cairo, k_points_per_mm, k_points_per_mm);
    cairo_set_source_rgb(state->cairo, 0, 0, 0);
    return A4Document(std::move(state));
}

Result<A4Document, A4Error> A4Document::create(const std::filesystem::path& pdf, const A4Fonts& fonts) {
    return open(
        [&pdf] {
            return cairo_pdf_surface_create(pdf.c_str(), k_a4_width_mm * k_points_per_mm,
                                            k_a4_height_mm * k_points_per_mm);
        },
        pdf.string(), fonts);
}

Result<A4Document, A4Error> A4Document::create_in_memory(card::SecureBytes& sink, const A4Fonts& fonts) {
    return open(
        [&sink] {
            return cairo_pdf_surface_create_for_stream(append_to_sink, &sink, k_a4_width_mm * k_points_per_mm,
                                                       k_a4_height_mm * k_points_per_mm);
        },
        "the PDF in memory", fonts);
}

double A4Document::text(double x_mm, double baseline_mm, std::string_view utf8, double size_pt, Weight weight) {
    cairo_t* cr = m_state->cairo;
    cairo_move_to(cr, x_mm, baseline_mm);
    for (const auto& [font, run] : m_state->runs(utf8, weight, false)) {
        cairo_set_font_face(cr, font->cairo_face);
        cairo_set_font_size(cr, size_pt / k_points_per_mm);
        cairo_show_text(cr, run.c_str());
    }
    double x = x_mm;
    double y = baseline_mm;
    cairo_get_current_point(cr, &x, &y);
    return x - x_mm;
}

double A4Document::text_width(std::string_view utf8, double size_pt, Weight weight) {
    cairo_t* cr = m_state->cairo;
    double width = 0;
    for (const auto& [font, run] : m_state->runs(utf8, weight, true)) {
        cairo_set_font_face(cr, font->cairo_face);
        cairo_set_font_size(cr, size_pt / k_points_per_mm);
        cairo_text_extents_t extents{};
        cairo_text_extents(cr, run.c_str(), &extents);
        width += extents.x_advance;
    }
    return width;
}

void A4Document::rectangle(double x_mm, double y_mm, double width_mm, double height_mm, double line_mm) {
    cairo_rectangle(m_state->cairo, x_mm, y_mm, width_mm, height_mm);
    cairo_set_line_width(m_state->cairo, line_mm);
    cairo_stroke(m_state->cairo);
}

void A4Document::fill_rectangle(double x_mm, double y_mm, double width_mm, double height_mm, double grey) {
    cairo_save(m_state->cairo);
    cairo_set_source_rgb(m_state->cairo, grey, grey, grey);
    cairo_rectangle(m_state->cairo, x_mm, y_mm, width_mm, height_mm);
    cairo_fill(m_state->cairo);
    cairo_restore(m_state->cairo);
}

void A4Document::line(double x1_mm, double y1_mm, double x2_mm, double y2_mm, double line_mm) {
    cairo_move_to(m_state->cairo, x1_mm, y1_mm);
    cairo_line_to(m_state->cairo, x2_mm, y2_mm);
    cairo_set_line_width(m_state->cairo, line_mm);
    cairo_stroke(m_state->cairo);
}

void A4Document::next_page() {
    cairo_show_page(m_state->cairo);
}

std::size_t A4Document::missing_characters() const {
    return m_state->missing;
}

Result<void, A4Error> A4Document::finish() {
    cairo_show_page(m_state->cairo);
    cairo_destroy(m_state->cairo);
    m_state->cairo = nullptr;
    cairo_surface_finish(m_state->surface);
    const cairo_status_t status = cairo_surface_status(m_state->surface);
    cairo_surface_destroy(m_state->surface);
    m_state->surface = nullptr;
    if (status != CAIRO_STATUS_SUCCESS) {
        return fail(A4Error::output, std::string("cannot finish the PDF: ") + cairo_status_to_string(status));
    }
    return {};
}

std::vector<std::string> wrap_to_width(A4Document& document, std::string_view utf8, double width_mm, double size_pt) {
    std::vector<std::string> lines(1);
    double used = 0;
    for (char32_t code : text::decode_utf8(utf8)) {
        std::string one;
        text::append_utf8(one, code);
        const double width = document.text_width(one, size_pt);
        if (used + width > width_mm && !lines.back().empty() && !never_starts_a_line(code)) {
            lines.emplace_back();
            used = 0;
        }
        lines.back() += one;
        used += width;
    }
    return lines;
}

}  // namespace madoguchi::printer
