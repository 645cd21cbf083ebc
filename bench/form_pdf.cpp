// form_pdf: how long one filled form takes to become an A4 PDF (fill, lay out, draw with cairo,
// embed the font subsets, write the file), per shipped form, next to a baseline measured in the
// same run: cairo writing one A4 page with one line of Japanese in the same BIZ UDGothic face
// (the floor any PDF of ours pays: a surface, a font subset, a file). The first document of the
// process also opens the fonts; it is reported apart as "cold". The goal is 200 ms per form.
//
//   form_pdf_bench [--runs N]
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/form_definition.hpp"
#include "kiosk/form_fill.hpp"
#include "kiosk/form_pdf.hpp"
#include "kiosk/log.hpp"

namespace {

using namespace madoguchi;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Summary {
    double median = 0;
    double p95 = 0;
};

Summary summarise(std::vector<double> samples) {
    std::ranges::sort(samples);
    return {samples[samples.size() / 2], samples[std::min(samples.size() - 1, samples.size() * 95 / 100)]};
}

// One A4 page, one line of text, the same face through cairo-ft: nothing of ours in between.
double plain_cairo_page(FT_Face face, const std::filesystem::path& out) {
    const auto start = Clock::now();
    cairo_surface_t* surface = cairo_pdf_surface_create(out.c_str(), 595.28, 841.89);
    cairo_t* cr = cairo_create(surface);
    cairo_font_face_t* font = cairo_ft_font_face_create_for_ft_face(face, 0);
    cairo_set_font_face(cr, font);
    cairo_set_font_size(cr, 16);
    cairo_move_to(cr, 72, 72);
    cairo_show_text(cr, "住民票の写し等交付請求書");
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_surface_destroy(surface);
    cairo_font_face_destroy(font);
    return ms_since(start);
}

Answers answers_for(const FormDefinition& form) {
    Answers answers;
    for (const FormSection& section : form.sections) {
        for (const FieldDefinition& field : section.fields) {
            if (field.prefill != Prefill::none || field.signature) {
                continue;
            }
            std::string value;
            switch (field.type) {
                case FieldType::choice:
                    value = field.options.back();
                    break;
                case FieldType::date:
                    value = "2020-04-01";
                    break;
                case FieldType::number:
                    value = std::to_string(std::max<std::int64_t>(field.min, 1));
                    break;
                case FieldType::phone:
                    value = "03-1234-5678";
                    break;
                case FieldType::kana:
                    value = "ヨシノ　タロウ";
                    break;
                default:
                    value = "東京都中央区築地２丁目";
                    break;
            }
            answers.shared.emplace(field.id, Answer({value}, 1));
        }
    }
    return answers;
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 20;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--runs" && i + 1 < argc) {
            const std::string_view value = argv[++i];
            if (std::from_chars(value.data(), value.data() + value.size(), runs).ec != std::errc() || runs < 1) {
                std::fputs("usage: form_pdf_bench [--runs N]\n", stderr);
                return 2;
            }
        } else {
            std::fputs("usage: form_pdf_bench [--runs N]\n", stderr);
            return 2;
        }
    }
    log::set_min_level(log::Level::error);
    auto forms = load_forms(MADOGUCHI_SOURCE_DIR "/assets/forms");
    if (!forms) {
        std::fprintf(stderr, "%s\n", forms.error().describe().c_str());
        return 1;
    }
    const auto dir = std::filesystem::temp_directory_path() / ("form_pdf_bench_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);

    card::PersonalAttributes card;
    card.name = "𠮷野　太郎";
    card.address = "東京都中央区築地１丁目１番１号　マドグチマンション１０１号室";
    card.birth_date = "19890108";
    card.sex = card::Sex::male;
    Profile profile;
    profile.card = &card;
    profile.name_kana = "ヨシノ　タロウ";
    profile.today = {2026, 11, 26};

    const printer::A4Fonts fonts;
    FT_Library library = nullptr;
    FT_Face face = nullptr;
    if (FT_Init_FreeType(&library) != 0 || FT_New_Face(library, fonts.regular.c_str(), 0, &face) != 0) {
        std::fprintf(stderr, "cannot open %s\n", fonts.regular.c_str());
        return 1;
    }
    std::vector<double> baseline;
    for (int i = 0; i < runs; ++i) {
        baseline.push_back(plain_cairo_page(face, dir / "baseline.pdf"));
    }

    const auto fill = [&](const FormDefinition& form) {
        const FormDefinition* chosen[] = {&form};
        return fill_forms(chosen, answers_for(form), profile);
    };
    const auto cold_start = Clock::now();
    {
        auto filled = fill(forms->front());
        if (!filled || !write_forms_pdf(*filled, dir / "cold.pdf", fonts)) {
            std::fputs("the first form failed\n", stderr);
            return 1;
        }
    }
    const double cold = ms_since(cold_start);

    const Summary base = summarise(baseline);
    std::printf("form_pdf: %d runs each, median and p95 in ms (fill + layout + PDF written)\n", runs);
    std::printf("  %-28s %8.2f %8.2f\n", "baseline: plain cairo page", base.median, base.p95);
    std::printf("  %-28s %8.2f          (first document: fonts opened)\n", "cold: first form", cold);
    bool within_goal = true;
    for (const FormDefinition& form : *forms) {
        std::vector<double> samples;
        for (int i = 0; i < runs; ++i) {
            const auto start = Clock::now();
            auto filled = fill(form);
            if (!filled || !write_forms_pdf(*filled, dir / (form.id + ".pdf"), fonts)) {
                std::fprintf(stderr, "%s failed\n", form.id.c_str());
                return 1;
            }
            samples.push_back(ms_since(start));
        }
        const Summary figures = summarise(samples);
        within_goal = within_goal && figures.p95 <= 200;
        std::printf("  %-28s %8.2f %8.2f   %5.1f× baseline\n", form.id.c_str(), figures.median, figures.p95,
                    figures.median / base.median);
    }
    std::printf("goal (p95 ≤ 200 ms per form): %s\n", within_goal ? "met" : "NOT met");
    FT_Done_Face(face);
    FT_Done_FreeType(library);
    std::filesystem::remove_all(dir);
    return 0;
}
