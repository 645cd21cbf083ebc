#include "form_pdf.hpp"

#include <algorithm>
#include <array>

#include "log.hpp"

namespace madoguchi {
namespace {

using printer::A4Document;
using printer::Weight;

constexpr double k_mm_per_point = 25.4 / 72.0;
constexpr double k_frame_mm = 0.4;
constexpr double k_rule_mm = 0.2;
constexpr double k_section_band_mm = 6.5;
constexpr double k_smallest_pt = 6.0;

double line_height_mm(double size_pt) {
    return size_pt * k_mm_per_point * 1.3;
}

class FormPainter {
public:
    FormPainter(A4Document& document, const FilledForm& form)
        : m_document(document), m_form(form), m_layout(form.form->layout) {
        m_left = m_layout.margin_mm;
        m_width = printer::k_a4_width_mm - 2 * m_layout.margin_mm;
        m_bottom = printer::k_a4_height_mm - m_layout.margin_mm - 6;
    }

    std::size_t paint() {
        heading(false);
        for (const FormSection& section : m_form.form->sections) {
            section_band(section);
            for (std::size_t i = 0; i < section.fields.size(); ++i) {
                const FieldDefinition& field = section.fields[i];
                const bool pair = field.half_width && i + 1 < section.fields.size() && section.fields[i + 1].half_width;
                if (pair) {
                    row({&field, &section.fields[i + 1]});
                    ++i;
                } else {
                    row({&field, nullptr});
                }
            }
        }
        notes();
        footer();
        return m_pages;
    }

private:
    double body() const { return m_layout.body_pt; }

    void heading(bool continued) {
        m_y = m_layout.margin_mm;
        if (!m_form.form->addressee.empty()) {
            m_document.text(m_left, m_y + line_height_mm(body()), m_form.form->addressee, body());
        }
        m_y += line_height_mm(body()) + 2;
        const std::string title = m_form.form->title + (continued ? "（続き）" : "");
        const double title_width = m_document.text_width(title, m_layout.title_pt, Weight::bold);
        m_y += line_height_mm(m_layout.title_pt);
        m_document.text(m_left + (m_width - title_width) / 2, m_y, title, m_layout.title_pt, Weight::bold);
        m_y += 3;
        if (!continued && !m_form.form->declaration.empty()) {
            m_y += line_height_mm(body());
            m_document.text(m_left, m_y, m_form.form->declaration, body());
            m_y += 2;
        }
        m_y += 2;
    }

    void make_room(double height) {
        if (m_y + height <= m_bottom) {
            return;
        }
        footer();
        m_document.next_page();
        ++m_pages;
        heading(true);
    }

    void section_band(const FormSection& section) {
        make_room(k_section_band_mm + m_layout.row_height_mm);
        m_document.fill_rectangle(m_left, m_y, m_width, k_section_band_mm, 0.88);
        m_document.rectangle(m_left, m_y, m_width, k_section_band_mm, k_frame_mm);
        m_document.text(m_left + 2, m_y + k_section_band_mm / 2 + body() * k_mm_per_point * 0.35, section.title, body(),
                        Weight::bold);
        m_y += k_section_band_mm;
    }

    double height_of(const FieldDefinition& field) const {
        return field.height_mm > 0 ? field.height_mm : m_layout.row_height_mm;
    }

    void row(std::array<const FieldDefinition*, 2> fields) {
        double height = height_of(*fields[0]);
        if (fields[1] != nullptr) {
            height = std::max(height, height_of(*fields[1]));
        }
        make_room(height);
        const double cell_width = fields[1] != nullptr ? m_width / 2 : m_width;
        const double label_width =
            fields[1] != nullptr ? std::min(m_layout.label_width_mm, cell_width * 0.4) : m_layout.label_width_mm;
        for (std::size_t i = 0; i < 2 && fields[i] != nullptr; ++i) {
            const double x = m_left + cell_width * static_cast<double>(i);
            m_document.rectangle(x, m_y, cell_width, height, k_frame_mm);
            m_document.line(x + label_width, m_y, x + label_width, m_y + height, k_rule_mm);
            label(*fields[i], x, label_width, height);
            value(*fields[i], x + label_width, cell_width - label_width, height);
        }
        m_y += height;
    }

    void label(const FieldDefinition& field, double x, double width, double height) {
        lines_in_box(field.label, x + 1.5, m_y, width - 3, height, body() * 0.9, false);
    }

    void value(const FieldDefinition& field, double x, double width, double height) {
        const FilledValue* filled = m_form.value(field.id);
        if (field.signature) {
            return;
        }
        if (field.type == FieldType::choice) {
            options_in_box(field, filled, x + 2, width - 4, height);
            return;
        }
        if (filled == nullptr) {
            return;
        }
        const double size = field.type == FieldType::person ? body() * 1.25 : body();
        lines_in_box(filled->printed(), x + 2, m_y, width - 4, height, size, true);
    }

    // Each option whole on one line, ■ when chosen and □ when not, as a citizen would circle it.
    // Smaller type when they do not fit the box's height.
    void options_in_box(const FieldDefinition& field, const FilledValue* filled, double x, double width,
                        double height) {
        double size_pt = body();
        std::vector<std::string> lines = option_lines(field, filled, width, size_pt);
        while (size_pt > k_smallest_pt && static_cast<double>(lines.size()) * line_height_mm(size_pt) > height - 1) {
            size_pt -= 0.5;
            lines = option_lines(field, filled, width, size_pt);
        }
        draw_lines(lines, x, m_y, height, size_pt);
    }

    std::vector<std::string> option_lines(const FieldDefinition& field, const FilledValue* filled, double width,
                                          double size_pt) {
        std::vector<std::string> lines(1);
        for (const std::string& option : field.options) {
            const bool chosen = filled != nullptr && filled->chosen(option);
            const std::string tick = std::string(chosen ? "■" : "□") + option;
            const std::string longer = lines.back() + (lines.back().empty() ? "" : "　") + tick;
            if (!lines.back().empty() && m_document.text_width(longer, size_pt) > width) {
                lines.push_back(tick);
            } else {
                lines.back() = longer;
            }
        }
        return lines;
    }

    void draw_lines(const std::vector<std::string>& lines, double x, double y, double height, double size_pt) {
        const double block = static_cast<double>(lines.size()) * line_height_mm(size_pt);
        double baseline = y + std::max(0.5, (height - block) / 2) + size_pt * k_mm_per_point * 1.02;
        for (const std::string& line : lines) {
            m_document.text(x, baseline, line, size_pt);
            baseline += line_height_mm(size_pt);
        }
    }

    // Wraps `text` into the box, smaller if it must be, and centres it vertically.
    void lines_in_box(const std::string& text, double x, double y, double width, double height, double size_pt,
                      bool shrink) {
        std::vector<std::string> lines = printer::wrap_to_width(m_document, text, width, size_pt);
        while (shrink && size_pt > k_smallest_pt &&
               static_cast<double>(lines.size()) * line_height_mm(size_pt) > height - 1) {
            size_pt -= 0.5;
            lines = printer::wrap_to_width(m_document, text, width, size_pt);
        }
        draw_lines(lines, x, y, height, size_pt);
    }

    void notes() {
        const double size = body() * 0.85;
        m_y += 3;
        for (const std::string& note : m_form.form->notes) {
            for (const std::string& line : printer::wrap_to_width(m_document, note, m_width, size)) {
                make_room(line_height_mm(size));
                m_y += line_height_mm(size);
                m_document.text(m_left, m_y, line, size);
            }
        }
    }

    void footer() {
        const std::string mark =
            m_form.form->id + " v" + std::to_string(m_form.form->version) + "  p." + std::to_string(m_pages);
        const double size = 7;
        const double width = m_document.text_width(mark, size);
        m_document.text(m_left + m_width - width, printer::k_a4_height_mm - m_layout.margin_mm + 2, mark, size);
    }

    A4Document& m_document;
    const FilledForm& m_form;
    const FormLayout& m_layout;
    double m_left = 0;
    double m_width = 0;
    double m_bottom = 0;
    double m_y = 0;
    std::size_t m_pages = 1;
};

}  // namespace

namespace {

Result<FormsPdfReport, printer::A4Error> paint_all(std::span<const FilledForm> forms,
                                                   Result<A4Document, printer::A4Error> document) {
    if (!document) {
        return std::unexpected(document.error());
    }
    FormsPdfReport report;
    for (std::size_t i = 0; i < forms.size(); ++i) {
        if (i > 0) {
            document->next_page();
        }
        const std::size_t missing_before = document->missing_characters();
        report.pages += FormPainter(*document, forms[i]).paint();
        const std::size_t missing = document->missing_characters() - missing_before;
        if (missing > 0) {
            // The count and where, never the characters: they come from a name or an address.
            log::warn("form_characters_missing",
                      {{"form", forms[i].form->id}, {"count", std::to_string(missing)}, {"shown_as", "U+3013"}});
        }
    }
    report.missing_characters = document->missing_characters();
    if (auto finished = document->finish(); !finished) {
        return std::unexpected(finished.error());
    }
    return report;
}

}  // namespace

Result<FormsPdfReport, printer::A4Error> write_forms_pdf(std::span<const FilledForm> forms,
                                                         const std::filesystem::path& pdf,
                                                         const printer::A4Fonts& fonts) {
    return paint_all(forms, A4Document::create(pdf, fonts));
}

Result<FormsPdfReport, printer::A4Error> write_forms_pdf(std::span<const FilledForm> forms, card::SecureBytes& pdf,
                                                         const printer::A4Fonts& fonts) {
    return paint_all(forms, A4Document::create_in_memory(pdf, fonts));
}

}  // namespace madoguchi
