#include <doctest/doctest.h>

#include "kiosk/form_definition.hpp"
#include "kiosk/form_fill.hpp"

using namespace madoguchi;

namespace {

const std::vector<FormDefinition>& shipped() {
    static const std::vector<FormDefinition> forms = *load_forms(MADOGUCHI_SOURCE_DIR "/assets/forms");
    return forms;
}

const FormDefinition& form(std::string_view id) {
    for (const FormDefinition& candidate : shipped()) {
        if (candidate.id == id) {
            return candidate;
        }
    }
    FAIL("no form " << id);
    return shipped().front();
}

constexpr CalendarDate k_today{2026, 11, 26};

FieldDefinition field_of(FieldType type, std::size_t max_length = 40) {
    FieldDefinition field;
    field.id = "f";
    field.type = type;
    field.max_length = max_length;
    return field;
}

FillResult<std::vector<std::string>> check(const FieldDefinition& field, std::vector<std::string> values) {
    return check_answer(field, Answer(std::move(values), 7), k_today);
}

std::string printed_date(std::string_view iso, bool wareki = true) {
    FieldDefinition field = field_of(FieldType::date);
    field.wareki = wareki;
    FilledValue value;
    value.field = &field;
    value.values = *check(field, {std::string(iso)});
    return value.printed();
}

Answers answers_from(std::string_view toml) {
    auto answers = parse_answers(toml, "answers.toml");
    REQUIRE_MESSAGE(answers.has_value(), (answers ? "" : answers.error().describe()));
    return std::move(*answers);
}

constexpr const char* k_juminhyo_answers = R"(
phone = "03-1234-5678"
relationship = "Myself"
certificate_kind = "住民票の写し（世帯全員）"
copies = 1
purpose = "年金"
)";

card::PersonalAttributes card_of_yoshino() {
    card::PersonalAttributes attributes;
    attributes.name = "𠮷野　太郎";
    attributes.address = "東京都中央区築地１丁目１番１号";
    attributes.birth_date = "19890108";
    attributes.sex = card::Sex::male;
    return attributes;
}

}  // namespace

TEST_CASE("dates print in 和暦, and the era changes on its first day") {
    CHECK(printed_date("1989-01-07") == "昭和64年1月7日");
    CHECK(printed_date("1989-01-08") == "平成元年1月8日");
    CHECK(printed_date("2019-04-30") == "平成31年4月30日");
    CHECK(printed_date("2019-05-01") == "令和元年5月1日");
    CHECK(printed_date("1926-12-25") == "昭和元年12月25日");
    CHECK(printed_date("1912-07-30") == "大正元年7月30日");
    CHECK(printed_date("1868-01-25") == "明治元年1月25日");
    CHECK(printed_date("2019-05-01", false) == "2019年5月1日");
}

TEST_CASE("impossible dates and dates outside the tables are refused") {
    const FieldDefinition date = field_of(FieldType::date);
    for (const char* bad : {"2019-02-29", "1900-02-29", "2019-13-01", "2019-04-31", "2019-00-10", "2019/05/01",
                            "R1-05-01", "令和元年5月1日", "19890108", ""}) {
        const auto result = check(date, {bad});
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().reason == "is not a real date in the form YYYY-MM-DD");
        CHECK(result.error().line == 7);
    }
    CHECK(check(date, {"2000-02-29"}).has_value());
    CHECK(check(date, {"1868-01-24"}).error().reason.find("before the first era") != std::string::npos);
    FieldDefinition birth = date;
    birth.past = true;
    CHECK(check(birth, {"2026-11-26"}).has_value());
    CHECK(check(birth, {"2026-11-27"}).error().reason == "lies in the future");
}

TEST_CASE("over-long input is refused with the limit and without the text") {
    const FieldDefinition name = field_of(FieldType::person, 40);
    std::string long_name;
    for (int i = 0; i < 41; ++i) {
        long_name += "郎";
    }
    auto result = check(name, {long_name});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().reason == "is longer than 40 characters (41)");
    CHECK(result.error().reason.find("郎") == std::string::npos);
    long_name.resize(long_name.size() - 3);
    CHECK(check(name, {long_name}).has_value());
    CHECK_FALSE(check(field_of(FieldType::address, 120), {std::string(100'000, 'a')}).has_value());
}

TEST_CASE("free text is one printable line of valid UTF-8") {
    const FieldDefinition text = field_of(FieldType::text);
    CHECK(check(text, {"築地\n２丁目"}).error().reason == "must be one line without control characters");
    CHECK(check(text, {"a\x01"}).error().reason == "must be one line without control characters");
    CHECK(check(text, {"\xE7\xAF"}).error().reason == "is not valid UTF-8");
    CHECK(*check(text, {"𠮷野"}) == std::vector<std::string>{"𠮷野"});
}

TEST_CASE("kana becomes katakana with full-width spaces, anything else is refused") {
    const FieldDefinition kana = field_of(FieldType::kana);
    CHECK(check(kana, {"よしの たろう"})->front() == "ヨシノ　タロウ");
    CHECK(check(kana, {"ヴィーナス・ヨシノ"})->front() == "ヴィーナス・ヨシノ");
    CHECK(check(kana, {"吉野"}).error().reason == "must be written in kana (katakana or hiragana)");
    CHECK_FALSE(check(kana, {"yoshino"}).has_value());
}

TEST_CASE("telephone numbers and numbers are digits, full-width accepted, zeros kept") {
    const FieldDefinition phone = field_of(FieldType::phone, 13);
    CHECK(check(phone, {"０３－１２３４－５６７８"})->front() == "03-1234-5678");
    CHECK(check(phone, {"09012345678"})->front() == "09012345678");
    CHECK_FALSE(check(phone, {"03-1234-567"}).has_value());
    CHECK_FALSE(check(phone, {"3-1234-56789"}).has_value());
    CHECK_FALSE(check(phone, {"03-1234-5678 ext"}).has_value());
    CHECK_FALSE(check(phone, {"03--12345678"}).has_value());
    FieldDefinition number = field_of(FieldType::number, 7);
    number.max = 9999999;
    CHECK(check(number, {"0012345"})->front() == "0012345");
    CHECK(check(number, {"12345678"}).error().reason == "has more than 7 digits");
    CHECK(check(number, {"-1"}).error().reason == "must be a whole number (digits only)");
    number.min = 1;
    number.max = 20;
    CHECK(check(number, {"21"}).error().reason == "must be between 1 and 20");
}

TEST_CASE("a choice takes an option in Japanese or English and stores the Japanese") {
    const FieldDefinition& relationship = *form("juminhyo").field("relationship");
    CHECK(check(relationship, {"Same household"})->front() == "同一世帯の方");
    CHECK(check(relationship, {"本人"})->front() == "本人");
    CHECK(check(relationship, {"友人"}).error().reason == "is not one of the field's options");
    CHECK(check(relationship, {"本人", "同一世帯の方"}).error().reason == "takes one value");
    const FieldDefinition& items = *form("juminhyo").field("included_items");
    CHECK(check(items, {"世帯主・続柄", "Individual number"})->size() == 2);
}

TEST_CASE("the card fills what it can, the citizen's answer wins and is not marked as the card's") {
    const auto card = card_of_yoshino();
    Profile profile;
    profile.card = &card;
    profile.today = k_today;
    const FormDefinition* chosen[] = {&form("juminhyo")};
    auto filled = fill_forms(chosen, answers_from(k_juminhyo_answers), profile);
    REQUIRE_MESSAGE(filled.has_value(), (filled ? "" : filled.error().describe("answers.toml")));
    const FilledForm& juminhyo = filled->front();
    CHECK(juminhyo.value("name")->printed() == "𠮷野　太郎");
    CHECK(juminhyo.value("name")->from_card);
    CHECK(juminhyo.value("birth_date")->printed() == "平成元年1月8日");
    CHECK(juminhyo.value("date_filed")->printed() == "令和8年11月26日");
    CHECK_FALSE(juminhyo.value("date_filed")->from_card);
    CHECK(juminhyo.value("subject_address")->printed() == "東京都中央区築地１丁目１番１号");
    CHECK(juminhyo.value("signature") == nullptr);
    CHECK(juminhyo.value("name_kana") == nullptr);

    auto edited =
        fill_forms(chosen, answers_from(std::string(k_juminhyo_answers) + "name_kana = \"よしの　たろう\"\n"), profile);
    REQUIRE(edited.has_value());
    CHECK(edited->front().value("name_kana")->printed() == "ヨシノ　タロウ");
    CHECK_FALSE(edited->front().value("name_kana")->from_card);
}

TEST_CASE("at the kiosk a required field nobody filled is left blank for the counter") {
    const auto card = card_of_yoshino();
    Profile profile;
    profile.card = &card;
    profile.today = k_today;
    const FormDefinition* chosen[] = {&form("juminhyo")};
    CHECK(fill_forms(chosen, Answers{}, profile).error().code == FillErrorCode::missing);
    auto filled = fill_forms(chosen, Answers{}, profile, MissingRequired::leave_blank);
    REQUIRE(filled.has_value());
    CHECK(filled->front().value("phone") == nullptr);
    CHECK(filled->front().value("name")->from_card);
}

TEST_CASE("answers that are missing, misplaced or meant for the pen are errors") {
    const auto card = card_of_yoshino();
    Profile profile;
    profile.card = &card;
    profile.today = k_today;
    const FormDefinition* chosen[] = {&form("juminhyo")};

    Profile without_card;
    without_card.today = k_today;
    auto missing = fill_forms(chosen, answers_from(k_juminhyo_answers), without_card);
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().code == FillErrorCode::missing);
    CHECK(missing.error().describe("answers.toml") == "answers.toml: form juminhyo: field address: is required");

    auto typo = fill_forms(chosen, answers_from(std::string(k_juminhyo_answers) + "phnoe = \"03\"\n"), profile);
    CHECK(typo.error().code == FillErrorCode::unknown_field);
    CHECK(typo.error().describe("answers.toml") == "answers.toml:7: field phnoe: no chosen form has this field");

    auto other = fill_forms(chosen, answers_from(std::string(k_juminhyo_answers) + "[koseki]\ncopies = 1\n"), profile);
    CHECK(other.error().code == FillErrorCode::unknown_form);

    auto signed_ =
        fill_forms(chosen, answers_from(std::string(k_juminhyo_answers) + "signature = \"𠮷野\"\n"), profile);
    CHECK(signed_.error().code == FillErrorCode::not_answerable);
    CHECK(signed_.error().reason.find("𠮷野") == std::string::npos);

    auto wrong =
        fill_forms(chosen, answers_from(std::string(k_juminhyo_answers) + "[juminhyo]\ncopies = 30\n"), profile);
    CHECK(wrong.error().describe("answers.toml") ==
          "answers.toml:8: form juminhyo: field copies: must be between 1 and 20");
}

TEST_CASE("an answers file with a bad value or bad syntax names the line") {
    auto bad = parse_answers("phone = \"03\"\ncopies = true\n", "answers.toml");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().describe() ==
          "answers.toml:2: key copies: must be text, a whole number, a date or a list of texts");
    auto syntax = parse_answers("phone = \"03\n", "answers.toml");
    CHECK(syntax.error().code == FormErrorCode::syntax);
    CHECK(syntax.error().line == 1);
    CHECK(load_answers("/nonexistent/answers.toml").error().code == FormErrorCode::unreadable);
}

TEST_CASE("the individual number comes from the card only: an answer for it is refused, never echoed") {
    const std::vector<const FormDefinition*> chosen{&form("kojin_bango_card")};
    Profile profile;
    profile.today = k_today;
    auto typed = fill_forms(chosen, answers_from("individual_number = \"123456789018\"\n"), profile,
                            MissingRequired::leave_blank);
    REQUIRE_FALSE(typed.has_value());
    CHECK(typed.error().code == FillErrorCode::not_answerable);
    CHECK(typed.error().describe("answers.toml").find("123456789018") == std::string::npos);

    card::IndividualNumber number;
    number.digits = "123456789018";
    profile.individual_number = &number;
    auto filled = fill_forms(chosen, answers_from("phone = \"0312345678\"\n"), profile, MissingRequired::leave_blank);
    REQUIRE(filled.has_value());
    REQUIRE((*filled)[0].value("individual_number") != nullptr);
    CHECK((*filled)[0].value("individual_number")->printed() == "123456789018");
    CHECK((*filled)[0].value("individual_number")->from_card);

    profile.individual_number = nullptr;
    auto without = fill_forms(chosen, answers_from("phone = \"0312345678\"\n"), profile, MissingRequired::leave_blank);
    REQUIRE(without.has_value());
    CHECK((*without)[0].value("individual_number") == nullptr);
}
