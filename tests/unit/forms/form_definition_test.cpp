#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "kiosk/form_definition.hpp"

using namespace madoguchi;

namespace {

// The smallest valid definition; each error case changes one thing in it.
constexpr const char* k_minimal = R"(title = "住民票の写し等交付請求書"
en = "Request for copies of the residence record"
service = "certificates"

[[sections]]
title = "請求者"
en = "Applicant"

[[sections.fields]]
id = "name"
label = "氏名"
en = "Name"
type = "person"
prefill = "name"
required = true
)";

FormError error_of(std::string_view text) {
    const auto form = parse_form(text, "bad.toml", "bad");
    REQUIRE_FALSE(form.has_value());
    return form.error();
}

std::string with(std::string_view extra_field_keys) {
    return std::string(k_minimal) + std::string(extra_field_keys);
}

}  // namespace

TEST_CASE("a minimal definition parses with the layout's defaults") {
    const auto form = parse_form(k_minimal, "juminhyo.toml", "juminhyo");
    REQUIRE_MESSAGE(form.has_value(), (form ? "" : form.error().describe()));
    CHECK(form->id == "juminhyo");
    CHECK(form->title == "住民票の写し等交付請求書");
    REQUIRE(form->sections.size() == 1);
    const FieldDefinition* name = form->field("name");
    REQUIRE(name != nullptr);
    CHECK(name->type == FieldType::person);
    CHECK(name->prefill == Prefill::name);
    CHECK(name->max_length == 40);
    CHECK(name->line == 9);
    CHECK(form->layout.body_pt == doctest::Approx(10));
}

TEST_CASE("a syntax error names the file and the line") {
    const FormError error = error_of("title = \"x\"\nen = \n");
    CHECK(error.code == FormErrorCode::syntax);
    CHECK(error.line == 2);
    CHECK(error.describe().starts_with("bad.toml:2: "));
}

TEST_CASE("an unknown key is an error, at the top and in a field") {
    FormError error = error_of(std::string("colour = \"red\"\n") + k_minimal);
    CHECK(error.code == FormErrorCode::unknown_key);
    CHECK(error.key == "colour");
    CHECK(error.line == 1);
    error = error_of(with("lable = \"氏名\"\n"));
    CHECK(error.code == FormErrorCode::unknown_key);
    CHECK(error.key == "sections[1].fields[1].lable");
    CHECK(error.line == 16);
    CHECK(error.describe() == "bad.toml:16: key sections[1].fields[1].lable: is not a known key");
}

TEST_CASE("a missing key is an error") {
    FormError error = error_of(
        "en = \"x\"\nservice = \"tax\"\n[[sections]]\ntitle = \"a\"\nen = \"a\"\n[[sections.fields]]\nid = \"a\"\n"
        "label = \"a\"\nen = \"a\"\ntype = \"text\"\n");
    CHECK(error.code == FormErrorCode::missing_key);
    CHECK(error.key == "title");
    error = error_of("title = \"x\"\nen = \"x\"\nservice = \"tax\"\n");
    CHECK(error.code == FormErrorCode::missing_key);
    CHECK(error.key == "sections");
    error = error_of(
        "title = \"x\"\nen = \"x\"\nservice = \"tax\"\n[[sections]]\ntitle = \"a\"\nen = \"a\"\n"
        "[[sections.fields]]\nid = \"a\"\nen = \"a\"\ntype = \"text\"\n");
    CHECK(error.code == FormErrorCode::missing_key);
    CHECK(error.key == "sections[1].fields[1].label");
}

TEST_CASE("a wrong type is an error") {
    FormError error = error_of(with("max_length = \"forty\"\n"));
    CHECK(error.code == FormErrorCode::wrong_type);
    CHECK(error.key == "sections[1].fields[1].max_length");
    error =
        error_of(std::string(k_minimal).replace(std::string(k_minimal).find("required = true"), 15, "required = 1"));
    CHECK(error.code == FormErrorCode::wrong_type);
    CHECK(error.reason == "must be true or false");
    error = error_of(std::string("notes = \"one\"\n") + k_minimal);
    CHECK(error.code == FormErrorCode::wrong_type);
    CHECK(error.key == "notes");
}

TEST_CASE("bad values are errors with the reason") {
    FormError error =
        error_of(std::string(k_minimal).replace(std::string(k_minimal).find("\"person\""), 8, "\"persn\""));
    CHECK(error.code == FormErrorCode::bad_value);
    CHECK(error.key == "sections[1].fields[1].type");
    CHECK(error.line == 13);
    CHECK(error.reason.find("not one of text, kana, date") != std::string::npos);

    error =
        error_of(std::string(k_minimal).replace(std::string(k_minimal).find("\"name\"\nrequired"), 6, "\"address\""));
    CHECK(error.key == "sections[1].fields[1].prefill");
    CHECK(error.reason == "address fills only an address field");
    error = error_of(
        std::string(k_minimal).replace(std::string(k_minimal).find("\"name\"\nrequired"), 6, "\"individual_number\""));
    CHECK(error.key == "sections[1].fields[1].prefill");
    CHECK(error.reason == "individual_number fills only a number field");

    error = error_of(with("signature = true\n"));
    CHECK(error.key == "sections[1].fields[1].signature");

    error = error_of(with("max_length = 1000\n"));
    CHECK(error.code == FormErrorCode::bad_value);
    CHECK(error.reason == "must be between 1 and 400");

    error = error_of(std::string(k_minimal) + "[layout]\nbody_pt = 40\n");
    CHECK(error.key == "layout.body_pt");
    CHECK(error.line == 17);
}

TEST_CASE("a form names the service that handles it, a well-formed id the catalog knows") {
    const std::string minimal(k_minimal);
    FormError error = error_of(std::string(minimal).replace(minimal.find("service = \"certificates\"\n"), 25, ""));
    CHECK(error.code == FormErrorCode::missing_key);
    CHECK(error.key == "service");
    error = error_of(std::string(minimal).replace(minimal.find("\"certificates\""), 14, "\"Certificates!\""));
    CHECK(error.code == FormErrorCode::bad_value);
    CHECK(error.describe() == "bad.toml:3: key service: must be a service id: lower-case letters, digits and _");
    error = error_of(std::string(minimal).replace(minimal.find("\"certificates\""), 14, "3"));
    CHECK(error.code == FormErrorCode::wrong_type);
    CHECK(error.key == "service");

    const auto catalog = load_service_catalog(MADOGUCHI_SOURCE_DIR "/assets/services.toml");
    REQUIRE(catalog.has_value());
    auto form = parse_form(k_minimal, "juminhyo.toml", "juminhyo");
    REQUIRE(form.has_value());
    CHECK(form->service == "certificates");
    std::vector<FormDefinition> forms;
    forms.push_back(std::move(*form));
    CHECK(check_form_services(forms, *catalog).has_value());
    auto unknown = parse_form(std::string(minimal).replace(minimal.find("\"certificates\""), 14, "\"parking\""),
                              "parking.toml", "parking");
    REQUIRE(unknown.has_value());
    forms.push_back(std::move(*unknown));
    const auto checked = check_form_services(forms, *catalog);
    REQUIRE_FALSE(checked.has_value());
    CHECK(checked.error().describe() == "parking.toml:3: key service: \"parking\" is not a service of the catalog");
}

TEST_CASE("choices need their options in both languages") {
    const std::string choice = std::string(k_minimal) +
                               "[[sections.fields]]\nid = \"sex\"\nlabel = \"性別\"\nen = \"Sex\"\ntype = \"choice\"\n";
    FormError error = error_of(choice);
    CHECK(error.code == FormErrorCode::missing_key);
    CHECK(error.key == "sections[1].fields[2].options");
    error = error_of(choice + "options = [\"男\", \"女\"]\noptions_en = [\"Male\"]\n");
    CHECK(error.key == "sections[1].fields[2].options_en");
    error = error_of(choice + "options = [\"男\", \"男\"]\noptions_en = [\"Male\", \"Male\"]\n");
    CHECK(error.reason == "lists an option twice");
    error = error_of(choice + "options = [\"はい\", \"いいえ\"]\noptions_en = [\"Yes\", \"No\"]\nprefill = \"sex\"\n");
    CHECK(error.key == "sections[1].fields[2].prefill");
    CHECK(parse_form(choice + "options = [\"男\", \"女\"]\noptions_en = [\"Male\", \"Female\"]\nprefill = \"sex\"\n",
                     "ok.toml", "ok")
              .has_value());
}

TEST_CASE("field ids are unique and well formed, and so is the file's name") {
    const std::string twice = with("[[sections.fields]]\nid = \"name\"\nlabel = \"a\"\nen = \"a\"\ntype = \"text\"\n");
    FormError error = error_of(twice);
    CHECK(error.key == "sections[1].fields[2].id");
    CHECK(error.line == 17);
    CHECK(error.reason == "\"name\" is already a field of this form");
    error = error_of(std::string(k_minimal).replace(std::string(k_minimal).find("id = \"name\""), 11, "id = \"Name\""));
    CHECK(error.key == "sections[1].fields[1].id");
    CHECK_FALSE(parse_form(k_minimal, "Bad Name.toml", "Bad Name").has_value());
}

TEST_CASE("a directory's first bad file stops the load, and an empty one is an error") {
    const auto directory = std::filesystem::temp_directory_path() / "madoguchi_forms_test";
    std::filesystem::remove_all(directory);
    std::filesystem::create_directories(directory);
    CHECK(load_forms(directory).error().reason == "holds no form definitions (*.toml)");
    std::ofstream(directory / "good.toml") << k_minimal;
    std::ofstream(directory / "worse.toml") << with("colour = 1\n");
    const auto forms = load_forms(directory);
    REQUIRE_FALSE(forms.has_value());
    CHECK(forms.error().file == (directory / "worse.toml").string());
    CHECK(forms.error().line == 16);
    CHECK(load_form(directory / "absent.toml").error().code == FormErrorCode::unreadable);
    std::filesystem::remove_all(directory);
}

TEST_CASE("the shipped forms are valid and carry their official titles and fields") {
    const auto forms = load_forms(MADOGUCHI_SOURCE_DIR "/assets/forms");
    REQUIRE_MESSAGE(forms.has_value(), (forms ? "" : forms.error().describe()));
    const std::vector<std::pair<std::string, std::string>> expected{
        {"inkan_shomei", "印鑑登録証明書交付申請書"},
        {"inkan_toroku", "印鑑登録申請書"},
        {"jido_teate", "児童手当認定請求書"},
        {"jumin_ido", "住民異動届（転入・転出・転居）"},
        {"juminhyo", "住民票の写し等交付請求書"},
        {"kojin_bango_card", "個人番号カード交付申請書（申請時来庁方式）"},
        {"kokuho", "国民健康保険資格取得・喪失届"},
        {"koseki", "戸籍証明書等請求書"},
    };
    REQUIRE(forms->size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const FormDefinition& form = (*forms)[i];
        CHECK(form.id == expected[i].first);
        CHECK(form.title == expected[i].second);
        CHECK_FALSE(form.title_en.empty());
        // Every form names who applies and how to reach them, and is signed by hand.
        CHECK(form.field("name") != nullptr);
        CHECK(form.field("address") != nullptr);
        CHECK(form.field("phone") != nullptr);
        REQUIRE(form.field("signature") != nullptr);
        CHECK(form.field("signature")->signature);
    }
    const FormDefinition& ido = (*forms)[3];
    CHECK(ido.field("move_kind")->options == std::vector<std::string>{"転入", "転出", "転居"});
    CHECK(ido.field("new_address")->required);
    CHECK(ido.field("domicile") != nullptr);
    const FormDefinition& juminhyo = (*forms)[4];
    CHECK(juminhyo.field("included_items")->multiple);
    CHECK(juminhyo.field("purpose")->required);
    CHECK((*forms)[0].field("seal_card_number") != nullptr);
    CHECK((*forms)[1].field("seal_impression")->signature);
    CHECK((*forms)[5].field("photo")->signature);
    CHECK((*forms)[2].field("account_number")->type == FieldType::number);
    CHECK((*forms)[6].field("nhi_change")->options == std::vector<std::string>{"資格取得", "資格喪失"});
    CHECK((*forms)[7].field("domicile_head")->required);
    CHECK(juminhyo.service == "certificates");
    CHECK((*forms)[2].service == "child_support");
    CHECK(ido.service == "moving");
    const auto catalog = load_service_catalog(MADOGUCHI_SOURCE_DIR "/assets/services.toml");
    REQUIRE(catalog.has_value());
    CHECK(check_form_services(*forms, *catalog).has_value());
}
