// The kiosk's own input (issue 6: no system IME): kana marks on the kana before, the typed
// text's limit and wiping, the number pad, choices, and the date picker at the era boundaries.
#include <doctest/doctest.h>

#include "kiosk/answer_editor.hpp"
#include "kiosk/form_definition.hpp"
#include "kiosk/kana.hpp"
#include "kiosk/text_entry.hpp"

using namespace madoguchi;

namespace {

constexpr CalendarDate k_today{2026, 11, 26};

FormQuestion question_of(const FieldDefinition& field) {
    FormQuestion question;
    question.key = field.id;
    question.field = &field;
    question.max_length = field.max_length;
    question.past = field.past;
    return question;
}

FieldDefinition field_of(FieldType type, std::size_t max_length) {
    FieldDefinition field;
    field.id = "the_field_being_answered";
    field.type = type;
    field.max_length = max_length;
    return field;
}

}  // namespace

TEST_CASE("kana marks: dakuten and handakuten on the kana before, a second touch takes them off") {
    CHECK(apply_kana_mark(U'か', KanaMark::dakuten) == U'が');
    CHECK(apply_kana_mark(U'が', KanaMark::dakuten) == U'か');
    CHECK(apply_kana_mark(U'は', KanaMark::handakuten) == U'ぱ');
    CHECK(apply_kana_mark(U'ば', KanaMark::handakuten) == U'ぱ');
    CHECK(apply_kana_mark(U'ぱ', KanaMark::dakuten) == U'ば');
    CHECK(apply_kana_mark(U'ぱ', KanaMark::handakuten) == U'は');
    CHECK(apply_kana_mark(U'う', KanaMark::dakuten) == U'ゔ');
    CHECK(apply_kana_mark(U'ウ', KanaMark::dakuten) == U'ヴ');
    CHECK(apply_kana_mark(U'ツ', KanaMark::small) == U'ッ');
    CHECK(apply_kana_mark(U'ょ', KanaMark::small) == U'よ');
    CHECK(apply_kana_mark(U'ケ', KanaMark::small) == U'ヶ');
    CHECK_FALSE(apply_kana_mark(U'な', KanaMark::dakuten));
    CHECK_FALSE(apply_kana_mark(U'か', KanaMark::handakuten));
    CHECK_FALSE(apply_kana_mark(U'ー', KanaMark::small));
    CHECK_FALSE(apply_kana_mark(U'A', KanaMark::dakuten));
    CHECK(hiragana_to_katakana(U'ん') == U'ン');
    CHECK(gojuon_columns().size() == 10);
    CHECK(gojuon_columns()[1][0] == U'か');
}

TEST_CASE("typed text: marks compose, the limit holds, backspace and wipe empty it") {
    TextEntry entry;
    entry.start(4);
    CHECK_FALSE(entry.mark(KanaMark::dakuten));  // nothing before it
    for (char32_t code : std::u32string_view(U"やまた")) {
        CHECK(entry.type(code));
    }
    CHECK(entry.mark(KanaMark::dakuten));
    CHECK(entry.type(U'ー'));
    CHECK(entry.full());
    CHECK_FALSE(entry.type(U'あ'));
    CHECK(entry.utf8() == "やまだー");
    entry.backspace();
    CHECK(entry.utf8() == "やまだ");
    entry.set("𠮷野　太郎です");
    CHECK(entry.utf8() == "𠮷野　太");  // cut at the limit, characters beyond U+FFFF count once
    entry.wipe();
    CHECK(entry.length() == 0);
    CHECK(entry.utf8().empty());
    entry.start(0);
    CHECK(entry.max_length() == TextEntry::k_capacity);
}

TEST_CASE("the number pad types digits only, up to the field's length") {
    const FieldDefinition phone = field_of(FieldType::phone, 13);
    const FormQuestion question = question_of(phone);
    AnswerEditor editor;
    editor.open(question, {}, k_today);
    CHECK(editor.kind() == EditorKind::number_pad);
    editor.key("03");
    editor.key("a");
    editor.key("１");  // a full-width digit is not on the pad
    editor.key("12345678901234");
    CHECK(editor.values() == std::vector<std::string>{"0312345678901"});
    editor.backspace();
    CHECK(editor.text().utf8() == "031234567890");
    editor.wipe();
    CHECK(editor.question() == nullptr);
}

TEST_CASE("choices: one replaces another, a multiple choice toggles, short number ranges are buttons") {
    FieldDefinition purpose = field_of(FieldType::choice, 0);
    purpose.options = {"年金", "就職", "その他"};
    purpose.options_en = {"Pension", "Employment", "Other"};
    const FormQuestion single = question_of(purpose);
    AnswerEditor editor;
    editor.open(single, {}, k_today);
    CHECK(editor.kind() == EditorKind::choice);
    editor.choose("年金");
    editor.choose("その他");
    editor.choose("存在しない");
    CHECK(editor.values() == std::vector<std::string>{"その他"});

    purpose.multiple = true;
    const FormQuestion multiple = question_of(purpose);
    editor.open(multiple, {}, k_today);
    editor.choose("その他");
    editor.choose("年金");
    CHECK(editor.values() == std::vector<std::string>{"年金", "その他"});  // the form's order
    editor.choose("年金");
    CHECK(editor.values() == std::vector<std::string>{"その他"});

    FieldDefinition copies = field_of(FieldType::number, 10);
    copies.min = 1;
    copies.max = 20;
    const FormQuestion count = question_of(copies);
    editor.open(count, std::vector<std::string>{"2"}, k_today);
    CHECK(editor.kind() == EditorKind::choice);
    CHECK(editor.options().size() == 20);
    CHECK(editor.chosen("2"));
    copies.max = 99999999;
    const FormQuestion wide = question_of(copies);
    editor.open(wide, {}, k_today);
    CHECK(editor.kind() == EditorKind::number_pad);
}

TEST_CASE("the date picker: eras at their boundaries, impossible days, 西暦 and back") {
    FieldDefinition birth = field_of(FieldType::date, 10);
    const FormQuestion question = question_of(birth);
    AnswerEditor editor;
    editor.open(question, {}, k_today);
    CHECK(editor.kind() == EditorKind::date);
    CHECK(editor.date().era == "令和");
    CHECK(editor.date().year == 8);
    CHECK(editor.values() == std::vector<std::string>{"2026-11-26"});

    editor.set_date({"平成", 31, 5, 1});
    CHECK(editor.values().empty());  // no such day: it is 令和元年5月1日
    editor.set_date({"令和", 1, 5, 1});
    CHECK(editor.values() == std::vector<std::string>{"2019-05-01"});
    editor.set_date({"昭和", 64, 1, 7});
    CHECK(editor.values() == std::vector<std::string>{"1989-01-07"});
    editor.set_date({"平成", 1, 1, 8});
    CHECK(editor.values() == std::vector<std::string>{"1989-01-08"});
    editor.set_date({"光文", 1, 1, 8});
    CHECK(editor.date().era == "平成");  // not an era: ignored

    // Turning the parts: years stay in the era, months and days go round.
    CHECK(step_date({"昭和", 60, 1, 1}, DateField::year, 10).year == 64);
    CHECK(step_date({"昭和", 3, 1, 1}, DateField::year, -10).year == 1);
    CHECK(step_date({"令和", 8, 1, 1}, DateField::year, 10).year == 18);
    CHECK(step_date({"", 1990, 12, 1}, DateField::month, 1).month == 1);
    CHECK(step_date({"", 1990, 1, 1}, DateField::day, -1).day == 31);
    CHECK_FALSE(date_of(step_date({"", 1990, 2, 28}, DateField::day, 2)));  // 2月30日

    // Another era: the same day when it is in it, else that era's year with the same number.
    const DateParts heisei = with_era({"", 1989, 1, 8}, "平成");
    CHECK(heisei.era == "平成");
    CHECK(heisei.year == 1);
    const DateParts western = with_era({"昭和", 64, 1, 7}, "");
    CHECK(western.year == 1989);
    CHECK(western.day == 7);
    const DateParts showa = with_era({"令和", 8, 3, 4}, "昭和");
    CHECK(showa.era == "昭和");
    CHECK(showa.year == 8);
    CHECK(with_era({"", 1985, 2, 30}, "昭和").year == 60);
    CHECK(with_era({"", 1985, 3, 4}, "光文").era.empty());
}

TEST_CASE("an earlier answer or the card's value opens the editor for correction") {
    const FieldDefinition name = field_of(FieldType::kana, 60);
    const FormQuestion question = question_of(name);
    AnswerEditor editor;
    editor.open(question, std::vector<std::string>{"ヨシノ　タロウ"}, k_today);
    CHECK(editor.kind() == EditorKind::keyboard);
    CHECK(editor.mode() == KeyboardMode::katakana);
    editor.backspace();
    editor.key("ヲ");
    CHECK(editor.values() == std::vector<std::string>{"ヨシノ　タロヲ"});
    FieldDefinition birth = field_of(FieldType::date, 10);
    const FormQuestion date = question_of(birth);
    editor.open(date, std::vector<std::string>{"1989-01-08"}, k_today);
    CHECK(editor.date().era == "平成");
    CHECK(editor.date().year == 1);
    birth.wareki = false;
    const FormQuestion western = question_of(birth);
    editor.open(western, std::vector<std::string>{"1989-01-08"}, k_today);
    CHECK(editor.date().era.empty());
    CHECK(editor.date().year == 1989);
}
