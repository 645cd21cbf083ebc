#pragma once
// A4 pages as PDF (cairo), measured in millimetres from the top-left corner. Text takes each
// character from the first font of the chain that has it (BIZ UDGothic, then IPAmj Mincho for
// rare kanji in names); a character no font has is printed as 〓 (geta, the mark Japanese
// typesetting uses for a missing kanji) and counted, never dropped and never a crash.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/card/secure_bytes.hpp"
#include "kiosk/error.hpp"

// cairo's surface, named here without its header (only this driver builds against cairo).
struct _cairo_surface;

namespace madoguchi::printer {

inline constexpr double k_a4_width_mm = 210.0;
inline constexpr double k_a4_height_mm = 297.0;

enum class A4Error { fonts, output };

struct A4Fonts {
    std::filesystem::path regular{"/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf"};
    std::filesystem::path bold{"/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Bold.ttf"};
    std::filesystem::path fallback{"/usr/share/fonts/truetype/ipamj/ipamjm.ttf"};
};

enum class Weight { regular, bold };

class A4Document {
public:
    // Fonts are opened once per process and shared by every document that names the same files.
    static Result<A4Document, A4Error> create(const std::filesystem::path& pdf, const A4Fonts& fonts);
    // The PDF goes into `sink` (wiped when freed) instead of a file: a filled form is personal
    // data, and printing it needs no copy on disk. `sink` must outlive finish().
    static Result<A4Document, A4Error> create_in_memory(card::SecureBytes& sink, const A4Fonts& fonts);
    A4Document(A4Document&&) noexcept;
    A4Document& operator=(A4Document&&) noexcept;
    ~A4Document();

    // Draws one line with its baseline at `baseline_mm`; returns its width in mm.
    double text(double x_mm, double baseline_mm, std::string_view utf8, double size_pt,
                Weight weight = Weight::regular);
    double text_width(std::string_view utf8, double size_pt, Weight weight = Weight::regular);
    void rectangle(double x_mm, double y_mm, double width_mm, double height_mm, double line_mm);
    void fill_rectangle(double x_mm, double y_mm, double width_mm, double height_mm, double grey);
    void line(double x1_mm, double y1_mm, double x2_mm, double y2_mm, double line_mm);
    void next_page();

    // Characters drawn as 〓 so far because no font has them.
    std::size_t missing_characters() const;
    // Writes the last page and closes the file; the document takes no more drawing after it.
    Result<void, A4Error> finish();

private:
    struct State;
    explicit A4Document(std::unique_ptr<State> state);
    // The fonts first, so that nothing is created when they are missing; then the surface.
    static Result<A4Document, A4Error> open(const std::function<::_cairo_surface*()>& make_surface,
                                            const std::string& where, const A4Fonts& fonts);
    std::unique_ptr<State> m_state;
};

// Splits `utf8` into lines no wider than `width_mm`, breaking between characters (Japanese has
// no spaces to break at) and keeping 、。）」 off the start of a line.
std::vector<std::string> wrap_to_width(A4Document& document, std::string_view utf8, double width_mm, double size_pt);

}  // namespace madoguchi::printer
