// libFuzzer target for the form files a ward writes and the answers a citizen or a script gives:
// form definitions, answers files, every field type's check, and base64url payloads.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kiosk/application_payload.hpp"
#include "kiosk/form_definition.hpp"
#include "kiosk/form_fill.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace madoguchi;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const CalendarDate today{2026, 11, 26};
    if (auto form = parse_form(text, "fuzz.toml", "fuzz")) {
        const FormDefinition* chosen[] = {&*form};
        Profile profile;
        profile.today = today;
        (void)fill_forms(chosen, Answers{}, profile);
    }
    if (auto answers = parse_answers(text, "fuzz.toml")) {
        (void)answers;
    }
    for (FieldType type : {FieldType::text, FieldType::kana, FieldType::date, FieldType::number, FieldType::phone,
                           FieldType::person, FieldType::address}) {
        FieldDefinition field;
        field.type = type;
        field.max_length = 120;
        field.max = 999'999'999'999;
        (void)check_answer(field, Answer({std::string(text)}, 1), today);
    }
    (void)base64url_decode(text);
    return 0;
}
