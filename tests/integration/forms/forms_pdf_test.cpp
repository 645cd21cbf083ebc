// Filled forms drawn by cairo and read back with pdftotext.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "drivers/text/utf8.hpp"

#include "tests/support/pdf_text.hpp"
#include "kiosk/form_definition.hpp"
#include "kiosk/form_fill.hpp"
#include "kiosk/form_pdf.hpp"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

const std::vector<FormDefinition>& shipped() {
    static const std::vector<FormDefinition> forms = *load_forms(MADOGUCHI_SOURCE_DIR "/assets/forms");
    return forms;
}

// Fills every required field a card does not fill with the first value its type accepts.
Answers answers_for(const FormDefinition& form) {
    Answers answers;
    for (const FormSection& section : form.sections) {
        for (const FieldDefinition& field : section.fields) {
            if (!field.required || field.prefill != Prefill::none || field.signature) {
                continue;
            }
            std::string value;
            switch (field.type) {
                case FieldType::choice:
                    value = field.options.front();
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
                    value = "中央";
                    break;
            }
            answers.shared.emplace(field.id, Answer({value}, 1));
        }
    }
    return answers;
}

card::PersonalAttributes yoshino(std::string name = "𠮷野　太郎") {
    card::PersonalAttributes attributes;
    attributes.name = std::move(name);
    attributes.address = "東京都中央区築地１丁目１番１号";
    attributes.birth_date = "19890108";
    attributes.sex = card::Sex::female;
    return attributes;
}

// Captures what the process writes to stderr (the log) while `work` runs.
template <typename Work>
std::string captured_log(Work work) {
    std::fflush(stderr);
    std::FILE* capture = std::tmpfile();
    const int saved = ::dup(2);
    ::dup2(::fileno(capture), 2);
    work();
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    std::rewind(capture);
    std::string text;
    char buffer[1024];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, capture)) > 0) {
        text.append(buffer, got);
    }
    std::fclose(capture);
    return text;
}

}  // namespace

TEST_CASE("every shipped form prints its title and the card's name and address") {
    const auto dir = fresh_dir("madoguchi_forms_pdf");
    const auto card = yoshino();
    for (const FormDefinition& form : shipped()) {
        CAPTURE(form.id);
        Profile profile;
        profile.card = &card;
        profile.name_kana = "ヨシノ　タロウ";
        profile.today = {2026, 11, 26};
        const FormDefinition* chosen[] = {&form};
        auto filled = fill_forms(chosen, answers_for(form), profile);
        REQUIRE_MESSAGE(filled.has_value(), (filled ? "" : filled.error().describe(form.id)));
        const auto pdf = dir / (form.id + ".pdf");
        auto report = write_forms_pdf(*filled, pdf, printer::A4Fonts{});
        REQUIRE(report.has_value());
        CHECK(report->missing_characters == 0);
        CHECK(pdf_pages(pdf) == static_cast<int>(report->pages));
        const std::string text = pdf_text(pdf);
        CHECK(text.find(form.title) != std::string::npos);
        CHECK(text.find("𠮷野") != std::string::npos);
        CHECK(text.find("太郎") != std::string::npos);
        CHECK(text.find("東京都中央区築地１丁目１番１号") != std::string::npos);
        CHECK(text.find("令和8年11月26日") != std::string::npos);
        CHECK(text.find("平成元年1月8日") != std::string::npos);
        if (form.field("sex") != nullptr) {
            CHECK(text.find("■女") != std::string::npos);
            CHECK(text.find("□男") != std::string::npos);
        }
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("several forms make one PDF, each starting on its own page") {
    const auto dir = fresh_dir("madoguchi_forms_many");
    const auto card = yoshino();
    Profile profile;
    profile.card = &card;
    profile.name_kana = "ヨシノ　タロウ";
    profile.today = {2026, 11, 26};
    std::vector<const FormDefinition*> chosen;
    Answers answers;
    for (const FormDefinition& form : shipped()) {
        chosen.push_back(&form);
        Answers one = answers_for(form);
        for (auto& [key, answer] : one.shared) {
            answers.per_form[form.id].emplace(key, std::move(answer));
        }
    }
    auto filled = fill_forms(chosen, answers, profile);
    REQUIRE(filled.has_value());
    auto report = write_forms_pdf(*filled, dir / "all.pdf", printer::A4Fonts{});
    REQUIRE(report.has_value());
    CHECK(report->pages >= shipped().size());
    CHECK(pdf_pages(dir / "all.pdf") == static_cast<int>(report->pages));
    const std::string text = pdf_text(dir / "all.pdf");
    for (const FormDefinition& form : shipped()) {
        CHECK(text.find(form.title) != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("a character no font has prints as 〓 and is logged without the name") {
    const auto dir = fresh_dir("madoguchi_forms_missing");
    // U+1F980 is in neither BIZ UDGothic nor IPAmj Mincho.
    const auto card = yoshino("🦀野　花子");
    Profile profile;
    profile.card = &card;
    profile.name_kana = "ヨシノ　タロウ";
    profile.today = {2026, 11, 26};
    const FormDefinition& juminhyo = *std::ranges::find_if(shipped(), [](const auto& f) { return f.id == "juminhyo"; });
    const FormDefinition* chosen[] = {&juminhyo};
    auto filled = fill_forms(chosen, answers_for(juminhyo), profile);
    REQUIRE(filled.has_value());
    Result<FormsPdfReport, printer::A4Error> report =
        std::unexpected(Error<printer::A4Error>{printer::A4Error::output, ""});
    const std::string log =
        captured_log([&] { report = write_forms_pdf(*filled, dir / "missing.pdf", printer::A4Fonts{}); });
    REQUIRE(report.has_value());
    CHECK(report->missing_characters == 1);
    CHECK(log.find("form_characters_missing") != std::string::npos);
    CHECK(log.find("juminhyo") != std::string::npos);
    CHECK(log.find("花子") == std::string::npos);
    CHECK(log.find("🦀") == std::string::npos);
    const std::string text = pdf_text(dir / "missing.pdf");
    CHECK(text.find("〓野") != std::string::npos);
    CHECK(text.find("花子") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("the longest address a field takes still fits its box") {
    const auto dir = fresh_dir("madoguchi_forms_long");
    std::string address = "東京都中央区築地";
    while (text::decode_utf8(address).size() < 120) {
        address += "１";
    }
    card::PersonalAttributes card = yoshino();
    card.address = address;
    Profile profile;
    profile.card = &card;
    profile.name_kana = "ヨシノ　タロウ";
    profile.today = {2026, 11, 26};
    const FormDefinition& koseki = *std::ranges::find_if(shipped(), [](const auto& f) { return f.id == "koseki"; });
    const FormDefinition* chosen[] = {&koseki};
    auto filled = fill_forms(chosen, answers_for(koseki), profile);
    REQUIRE(filled.has_value());
    auto report = write_forms_pdf(*filled, dir / "long.pdf", printer::A4Fonts{});
    REQUIRE(report.has_value());
    std::string text = pdf_text(dir / "long.pdf");
    std::erase(text, '\n');
    CHECK(text.find("東京都中央区築地１１１１") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("unusable fonts or an unwritable file are errors, not crashes") {
    printer::A4Fonts fonts;
    fonts.regular = "/nonexistent/font.ttf";
    const std::vector<FilledForm> none;
    CHECK(write_forms_pdf(none, "/tmp/never.pdf", fonts).error().code == printer::A4Error::fonts);
    CHECK(write_forms_pdf(none, "/nonexistent/dir/out.pdf", printer::A4Fonts{}).error().code ==
          printer::A4Error::output);
}

TEST_CASE("a form longer than a page goes on over the next, titled as continued") {
    std::string text = "title = \"長い届\"\nen = \"Long\"\nservice = \"tax\"\n[[sections]]\ntitle = \"欄\"\nen = \"Boxes\"\n";
    Answers answers;
    for (int i = 1; i <= 30; ++i) {
        const std::string id = "box" + std::to_string(i);
        text += "[[sections.fields]]\nid = \"" + id + "\"\nlabel = \"欄" + std::to_string(i) +
                "\"\nen = \"Box\"\ntype = \"text\"\nheight_mm = 12\n";
        answers.shared.emplace(id, Answer({"値" + std::to_string(i)}, 1));
    }
    const auto form = parse_form(text, "long.toml", "long");
    REQUIRE(form.has_value());
    Profile profile;
    profile.today = {2026, 11, 26};
    const FormDefinition* chosen[] = {&*form};
    auto filled = fill_forms(chosen, answers, profile);
    REQUIRE(filled.has_value());
    const auto dir = fresh_dir("madoguchi_forms_pages");
    auto report = write_forms_pdf(*filled, dir / "long.pdf", printer::A4Fonts{});
    REQUIRE(report.has_value());
    CHECK(report->pages == 2);
    CHECK(pdf_pages(dir / "long.pdf") == 2);
    const std::string pdf = pdf_text(dir / "long.pdf");
    CHECK(pdf.find("長い届（続き）") != std::string::npos);
    CHECK(pdf.find("値1") != std::string::npos);
    CHECK(pdf.find("値30") != std::string::npos);
    std::filesystem::remove_all(dir);
}
