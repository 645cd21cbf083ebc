#pragma once
// Forms as data (assets/forms/*.toml): the official Japanese title and labels, the English the
// kiosk shows next to them, each field's type and checks, which profile field fills it, which
// boxes stay blank for a handwritten signature or seal, and the A4 layout. A bad definition is
// an error naming the file, the key and the line; the kiosk refuses to start with one.
#include <cstdint>
#include <expected>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"

namespace madoguchi {

enum class FieldType { text, kana, date, choice, number, phone, address, person };

// Where a value can come from without the citizen writing it. The individual number is read
// from the card only when a chosen form has a field for it, and is never shown in full.
enum class Prefill { none, name, name_kana, address, birth_date, sex, today, individual_number };

std::string_view field_type_name(FieldType type);
std::string_view prefill_name(Prefill prefill);

struct FieldDefinition {
    std::string id;
    std::string label;     // official Japanese, as printed
    std::string label_en;  // for the kiosk's English screens
    FieldType type = FieldType::text;
    Prefill prefill = Prefill::none;
    bool required = false;
    // Printed empty: the citizen signs (自署) or seals it by hand at the counter.
    bool signature = false;
    std::size_t max_length = 0;           // characters, not bytes
    std::vector<std::string> options;     // choice: official Japanese
    std::vector<std::string> options_en;  // choice: same order
    bool multiple = false;                // choice: several may be ticked
    std::int64_t min = 0;                 // number
    std::int64_t max = 0;                 // number
    bool wareki = true;                   // date: printed as 和暦 (else 西暦)
    bool past = false;                    // date: must not lie after today
    double height_mm = 0;                 // 0: the layout's row height
    bool half_width = false;              // shares its row with the next half-width field
    std::uint32_t line = 0;
};

struct FormSection {
    std::string title;
    std::string title_en;
    std::vector<FieldDefinition> fields;
};

struct FormLayout {
    double margin_mm = 15;
    double title_pt = 16;
    double body_pt = 10;
    double label_width_mm = 38;
    double row_height_mm = 9;
};

struct FormDefinition {
    std::string id;  // the file's stem
    int version = 1;
    std::string title;
    std::string title_en;
    // The service (assets/services.toml) whose counter handles it: the kiosk's ticket is for it.
    std::string service;
    std::uint32_t service_line = 0;
    std::string addressee;    // （あて先）中央区長
    std::string declaration;  // 次のとおり請求します。
    std::vector<std::string> notes;
    FormLayout layout;
    std::vector<FormSection> sections;
    std::filesystem::path file;

    const FieldDefinition* field(std::string_view id) const;
    // Some field takes its value from `prefill`.
    bool prefills(Prefill prefill) const;
};

enum class FormErrorCode { unreadable, syntax, unknown_key, missing_key, wrong_type, bad_value };

struct FormError {
    FormErrorCode code;
    std::string file;
    std::string key;         // dotted, e.g. "sections[1].fields[2].type"; empty for the whole file
    std::uint32_t line = 0;  // 0 when the file has no line for it (a missing key)
    std::string reason;

    // "FILE:LINE: key KEY: REASON"
    std::string describe() const;
};

template <typename T>
using FormResult = std::expected<T, FormError>;

// `id` is the form's identifier (the file's stem), checked like the field ids.
FormResult<FormDefinition> parse_form(std::string_view text, std::string_view file_name, std::string_view id);
FormResult<FormDefinition> load_form(const std::filesystem::path& path);
// Every *.toml in `directory`, sorted by id; the first bad file stops it.
FormResult<std::vector<FormDefinition>> load_forms(const std::filesystem::path& directory);

// Every form's service must be one `catalog` lists; else an error at the form's `service` key.
FormResult<void> check_form_services(std::span<const FormDefinition> forms, const ServiceCatalog& catalog);

// Every title, label and option of `forms` in both languages: what the screens draw from them.
std::string form_texts(std::span<const FormDefinition> forms);

// The forms a terminal ships with: <data>/forms.
std::filesystem::path forms_dir();

}  // namespace madoguchi
