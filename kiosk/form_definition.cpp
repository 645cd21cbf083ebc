#include "form_definition.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <sstream>

#include "paths.hpp"

namespace madoguchi {
namespace {

using Unexpected = std::unexpected<FormError>;

std::uint32_t line_of(const toml::node& node) {
    return node.source().begin.line;
}

constexpr std::array<std::pair<FieldType, std::string_view>, 8> k_types{{
    {FieldType::text, "text"},
    {FieldType::kana, "kana"},
    {FieldType::date, "date"},
    {FieldType::choice, "choice"},
    {FieldType::number, "number"},
    {FieldType::phone, "phone"},
    {FieldType::address, "address"},
    {FieldType::person, "person"},
}};

constexpr std::array<std::pair<Prefill, std::string_view>, 8> k_prefills{{
    {Prefill::none, "none"},
    {Prefill::name, "name"},
    {Prefill::name_kana, "name_kana"},
    {Prefill::address, "address"},
    {Prefill::birth_date, "birth_date"},
    {Prefill::sex, "sex"},
    {Prefill::today, "today"},
    {Prefill::individual_number, "individual_number"},
}};

// The longest value a box takes when the definition does not say: enough for the longest real
// address or name, short enough that it still fits its box on paper.
std::size_t default_max_length(FieldType type) {
    switch (type) {
        case FieldType::person:
            return 40;
        case FieldType::kana:
            return 60;
        case FieldType::address:
            return 120;
        case FieldType::phone:
            return 13;
        case FieldType::number:
            return 10;
        case FieldType::date:
            return 10;
        case FieldType::choice:
            return 0;
        case FieldType::text:
            return 100;
    }
    return 100;
}

bool is_identifier(std::string_view id) {
    return !id.empty() && id.size() <= 48 &&
           std::ranges::all_of(id,
                               [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }) &&
           id.front() >= 'a' && id.front() <= 'z';
}

// Reads one table of a definition. The first problem is kept and every later read returns a
// harmless default, so callers read all keys and check `failed()` once per table.
class TableReader {
public:
    TableReader(const toml::table& table, std::string_view file, std::string prefix, std::optional<FormError>& error)
        : m_table(table), m_file(file), m_prefix(std::move(prefix)), m_error(error) {}

    std::string dotted(std::string_view key) const {
        return m_prefix.empty() ? std::string(key) : m_prefix + "." + std::string(key);
    }

    void fail(FormErrorCode code, std::string_view key, std::uint32_t line, std::string reason) {
        if (!m_error) {
            m_error = FormError{code, std::string(m_file), dotted(key), line, std::move(reason)};
        }
    }

    void fail_at(std::string_view key, std::string reason) {
        const toml::node* node = m_table.get(key);
        fail(FormErrorCode::bad_value, key, node != nullptr ? line_of(*node) : line_of(m_table), std::move(reason));
    }

    void check_keys(std::initializer_list<std::string_view> known) {
        for (const auto& [key, node] : m_table) {
            if (std::ranges::find(known, key.str()) == known.end()) {
                fail(FormErrorCode::unknown_key, key.str(), line_of(node), "is not a known key");
            }
        }
    }

    std::string string(std::string_view key, bool required, std::size_t max_bytes = 400) {
        const toml::node* node = m_table.get(key);
        if (node == nullptr) {
            if (required) {
                fail(FormErrorCode::missing_key, key, 0, "is required");
            }
            return {};
        }
        if (!node->is_string()) {
            fail(FormErrorCode::wrong_type, key, line_of(*node), "must be a string");
            return {};
        }
        std::string value = node->as_string()->get();
        if (required && value.empty()) {
            fail(FormErrorCode::bad_value, key, line_of(*node), "must not be empty");
        }
        if (value.size() > max_bytes) {
            fail(FormErrorCode::bad_value, key, line_of(*node),
                 "is longer than " + std::to_string(max_bytes) + " bytes");
        }
        return value;
    }

    std::vector<std::string> strings(std::string_view key) {
        std::vector<std::string> values;
        const toml::node* node = m_table.get(key);
        if (node == nullptr) {
            return values;
        }
        const toml::array* array = node->as_array();
        if (array == nullptr) {
            fail(FormErrorCode::wrong_type, key, line_of(*node), "must be a list of strings");
            return values;
        }
        for (const toml::node& item : *array) {
            if (!item.is_string() || item.as_string()->get().empty()) {
                fail(FormErrorCode::wrong_type, key, line_of(item), "must hold only non-empty strings");
                return values;
            }
            values.push_back(item.as_string()->get());
        }
        return values;
    }

    bool boolean(std::string_view key, bool fallback) {
        const toml::node* node = m_table.get(key);
        if (node == nullptr) {
            return fallback;
        }
        if (!node->is_boolean()) {
            fail(FormErrorCode::wrong_type, key, line_of(*node), "must be true or false");
            return fallback;
        }
        return node->as_boolean()->get();
    }

    std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
        const toml::node* node = m_table.get(key);
        if (node == nullptr) {
            return fallback;
        }
        if (!node->is_integer()) {
            fail(FormErrorCode::wrong_type, key, line_of(*node), "must be a whole number");
            return fallback;
        }
        const std::int64_t value = node->as_integer()->get();
        if (value < min || value > max) {
            fail(FormErrorCode::bad_value, key, line_of(*node),
                 "must be between " + std::to_string(min) + " and " + std::to_string(max));
            return fallback;
        }
        return value;
    }

    double number(std::string_view key, double fallback, double min, double max) {
        const toml::node* node = m_table.get(key);
        if (node == nullptr) {
            return fallback;
        }
        std::optional<double> value = node->value<double>();
        if (!value || node->is_boolean() || node->is_string()) {
            fail(FormErrorCode::wrong_type, key, line_of(*node), "must be a number");
            return fallback;
        }
        if (*value < min || *value > max) {
            fail(FormErrorCode::bad_value, key, line_of(*node),
                 "must be between " + std::to_string(int(min)) + " and " + std::to_string(int(max)));
            return fallback;
        }
        return *value;
    }

    template <typename Enum, std::size_t N>
    Enum one_of(std::string_view key, const std::array<std::pair<Enum, std::string_view>, N>& names, Enum fallback,
                bool required) {
        const std::string name = string(key, required);
        if (name.empty()) {
            return fallback;
        }
        std::string known;
        for (const auto& [value, value_name] : names) {
            if (value_name == name) {
                return value;
            }
            known += (known.empty() ? "" : ", ") + std::string(value_name);
        }
        fail_at(key, "\"" + name + "\" is not one of " + known);
        return fallback;
    }

    const toml::array* tables(std::string_view key, bool required) {
        const toml::node* node = m_table.get(key);
        if (node == nullptr) {
            if (required) {
                fail(FormErrorCode::missing_key, key, 0, "is required");
            }
            return nullptr;
        }
        const toml::array* array = node->as_array();
        if (array == nullptr || !array->is_array_of_tables() || array->empty()) {
            fail(FormErrorCode::wrong_type, key, line_of(*node), "must be one or more [[" + dotted(key) + "]] tables");
            return nullptr;
        }
        return array;
    }

    std::uint32_t line() const { return line_of(m_table); }
    bool failed() const { return m_error.has_value(); }

private:
    const toml::table& m_table;
    std::string_view m_file;
    std::string m_prefix;
    std::optional<FormError>& m_error;
};

struct PrefillRule {
    Prefill prefill;
    FieldType type;
    std::string_view reason;
};

constexpr std::array<PrefillRule, 7> k_prefill_rules{{
    {Prefill::name, FieldType::person, "name fills only a person field"},
    {Prefill::name_kana, FieldType::kana, "name_kana fills only a kana field"},
    {Prefill::address, FieldType::address, "address fills only an address field"},
    {Prefill::birth_date, FieldType::date, "a date fills only a date field"},
    {Prefill::today, FieldType::date, "a date fills only a date field"},
    {Prefill::sex, FieldType::choice, "sex fills only a choice field whose options include 男 and 女"},
    {Prefill::individual_number, FieldType::number, "individual_number fills only a number field"},
}};

// Rules between keys: each prefill fits only one type, and a signature box is never filled.
void check_field_rules(TableReader& reader, const FieldDefinition& field) {
    const auto has_option = [&](std::string_view option) {
        return std::ranges::find(field.options, option) != field.options.end();
    };
    for (const PrefillRule& rule : k_prefill_rules) {
        if (rule.prefill != field.prefill) {
            continue;
        }
        const bool fits =
            field.type == rule.type && (rule.prefill != Prefill::sex || (has_option("男") && has_option("女")));
        if (!fits) {
            reader.fail_at("prefill", std::string(rule.reason));
        }
    }
    if (field.signature && (field.prefill != Prefill::none || field.required)) {
        reader.fail_at("signature", "a signature box is written by hand: it takes no prefill and is not required");
    }
    if (field.type == FieldType::choice) {
        if (field.options.empty()) {
            reader.fail(FormErrorCode::missing_key, "options", 0, "a choice needs its options");
        } else if (field.options_en.size() != field.options.size()) {
            reader.fail_at("options_en", "needs one English option for each of the " +
                                             std::to_string(field.options.size()) + " options");
        }
        const std::set<std::string> unique(field.options.begin(), field.options.end());
        if (unique.size() != field.options.size()) {
            reader.fail_at("options", "lists an option twice");
        }
    } else if (!field.options.empty() || !field.options_en.empty()) {
        reader.fail_at("options", "only a choice has options");
    }
    if (field.type == FieldType::number && field.min > field.max) {
        reader.fail_at("min", "is larger than max");
    }
}

FieldDefinition read_field(const toml::table& table, std::string_view file, std::string prefix,
                           std::optional<FormError>& error) {
    TableReader reader(table, file, std::move(prefix), error);
    reader.check_keys({"id", "label", "en", "type", "prefill", "required", "signature", "max_length", "options",
                       "options_en", "multiple", "min", "max", "wareki", "past", "height_mm", "half_width"});
    FieldDefinition field;
    field.line = reader.line();
    field.id = reader.string("id", true);
    if (!field.id.empty() && !is_identifier(field.id)) {
        reader.fail_at("id", "must be lower-case letters, digits and _ (starting with a letter)");
    }
    field.label = reader.string("label", true, 120);
    field.label_en = reader.string("en", true, 120);
    field.type = reader.one_of("type", k_types, FieldType::text, true);
    field.prefill = reader.one_of("prefill", k_prefills, Prefill::none, false);
    field.required = reader.boolean("required", false);
    field.signature = reader.boolean("signature", false);
    field.max_length = static_cast<std::size_t>(
        reader.integer("max_length", static_cast<std::int64_t>(default_max_length(field.type)), 1, 400));
    field.options = reader.strings("options");
    field.options_en = reader.strings("options_en");
    field.multiple = reader.boolean("multiple", false);
    field.min = reader.integer("min", 0, 0, 999'999'999'999);
    field.max = reader.integer("max", 99, 0, 999'999'999'999);
    field.wareki = reader.boolean("wareki", true);
    field.past = reader.boolean("past", false);
    field.height_mm = reader.number("height_mm", 0, 6, 120);
    field.half_width = reader.boolean("half_width", false);
    if (!reader.failed()) {
        check_field_rules(reader, field);
    }
    return field;
}

FormLayout read_layout(const toml::table& root, std::string_view file, std::optional<FormError>& error) {
    FormLayout layout;
    const toml::node* node = root.get("layout");
    if (node == nullptr) {
        return layout;
    }
    if (!node->is_table()) {
        error = FormError{FormErrorCode::wrong_type, std::string(file), "layout", line_of(*node), "must be a table"};
        return layout;
    }
    TableReader reader(*node->as_table(), file, "layout", error);
    reader.check_keys({"margin_mm", "title_pt", "body_pt", "label_width_mm", "row_height_mm"});
    layout.margin_mm = reader.number("margin_mm", layout.margin_mm, 5, 30);
    layout.title_pt = reader.number("title_pt", layout.title_pt, 10, 28);
    layout.body_pt = reader.number("body_pt", layout.body_pt, 7, 14);
    layout.label_width_mm = reader.number("label_width_mm", layout.label_width_mm, 20, 80);
    layout.row_height_mm = reader.number("row_height_mm", layout.row_height_mm, 6, 30);
    return layout;
}

FormResult<FormDefinition> read_form(const toml::table& root, std::string_view file, std::string_view id) {
    std::optional<FormError> error;
    TableReader reader(root, file, "", error);
    reader.check_keys({"version", "title", "en", "service", "addressee", "declaration", "notes", "layout", "sections"});
    FormDefinition form;
    form.id = id;
    form.file = file;
    if (!is_identifier(form.id)) {
        return Unexpected(FormError{FormErrorCode::bad_value, std::string(file), "", 0,
                                    "the file name must be lower-case letters, digits and _ (it is the form's id)"});
    }
    form.version = static_cast<int>(reader.integer("version", 1, 1, 9999));
    form.title = reader.string("title", true, 120);
    form.title_en = reader.string("en", true, 120);
    form.service = reader.string("service", true, 48);
    if (const toml::node* service = root.get("service"); service != nullptr) {
        form.service_line = line_of(*service);
    }
    if (!form.service.empty() && !is_valid_id(form.service)) {
        reader.fail_at("service", "must be a service id: lower-case letters, digits and _");
    }
    form.addressee = reader.string("addressee", false, 120);
    form.declaration = reader.string("declaration", false);
    form.notes = reader.strings("notes");
    form.layout = read_layout(root, file, error);
    const toml::array* sections = reader.tables("sections", true);
    if (error) {
        return Unexpected(*error);
    }
    std::set<std::string, std::less<>> seen;
    for (std::size_t s = 0; s < sections->size(); ++s) {
        const toml::table& section_table = *sections->get(s)->as_table();
        const std::string section_key = "sections[" + std::to_string(s + 1) + "]";
        TableReader section_reader(section_table, file, section_key, error);
        section_reader.check_keys({"title", "en", "fields"});
        FormSection section;
        section.title = section_reader.string("title", true, 120);
        section.title_en = section_reader.string("en", true, 120);
        const toml::array* fields = section_reader.tables("fields", true);
        if (error) {
            return Unexpected(*error);
        }
        for (std::size_t f = 0; f < fields->size(); ++f) {
            const toml::table& field_table = *fields->get(f)->as_table();
            const std::string field_key = section_key + ".fields[" + std::to_string(f + 1) + "]";
            FieldDefinition field = read_field(field_table, file, field_key, error);
            if (error) {
                return Unexpected(*error);
            }
            if (!seen.insert(field.id).second) {
                return Unexpected(FormError{FormErrorCode::bad_value, std::string(file), field_key + ".id",
                                            line_of(*field_table.get("id")),
                                            "\"" + field.id + "\" is already a field of this form"});
            }
            section.fields.push_back(std::move(field));
        }
        form.sections.push_back(std::move(section));
    }
    return form;
}

}  // namespace

std::string_view field_type_name(FieldType type) {
    for (const auto& [value, name] : k_types) {
        if (value == type) {
            return name;
        }
    }
    return "text";
}

std::string_view prefill_name(Prefill prefill) {
    for (const auto& [value, name] : k_prefills) {
        if (value == prefill) {
            return name;
        }
    }
    return "none";
}

const FieldDefinition* FormDefinition::field(std::string_view field_id) const {
    for (const FormSection& section : sections) {
        for (const FieldDefinition& candidate : section.fields) {
            if (candidate.id == field_id) {
                return &candidate;
            }
        }
    }
    return nullptr;
}

std::string form_texts(std::span<const FormDefinition> forms) {
    std::string text;
    for (const FormDefinition& form : forms) {
        text += form.title + form.title_en;
        for (const FormSection& section : form.sections) {
            text += section.title + section.title_en;
            for (const FieldDefinition& field : section.fields) {
                text += field.label + field.label_en;
                for (const std::string& option : field.options) {
                    text += option;
                }
                for (const std::string& option : field.options_en) {
                    text += option;
                }
            }
        }
    }
    return text;
}

bool FormDefinition::prefills(Prefill prefill) const {
    return std::ranges::any_of(sections, [&](const FormSection& section) {
        return std::ranges::any_of(section.fields, [&](const FieldDefinition& field) { return field.prefill == prefill; });
    });
}

std::string FormError::describe() const {
    std::string text = file;
    if (line > 0) {
        text += ":" + std::to_string(line);
    }
    text += ": ";
    if (!key.empty()) {
        text += "key " + key + ": ";
    }
    return text + reason;
}

FormResult<FormDefinition> parse_form(std::string_view text, std::string_view file_name, std::string_view id) {
    toml::table root;
    try {
        root = toml::parse(text, file_name);
    } catch (const toml::parse_error& error) {
        return Unexpected(FormError{FormErrorCode::syntax, std::string(file_name), "", error.source().begin.line,
                                    std::string(error.description())});
    }
    return read_form(root, file_name, id);
}

FormResult<FormDefinition> load_form(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return Unexpected(FormError{FormErrorCode::unreadable, path.string(), "", 0,
                                    "cannot be opened (missing, or no permission to read it)"});
    }
    std::ostringstream text;
    text << file.rdbuf();
    return parse_form(text.str(), path.string(), path.stem().string());
}

FormResult<std::vector<FormDefinition>> load_forms(const std::filesystem::path& directory) {
    std::error_code error;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
        if (entry.path().extension() == ".toml") {
            files.push_back(entry.path());
        }
    }
    if (error || files.empty()) {
        return Unexpected(
            FormError{FormErrorCode::unreadable, directory.string(), "", 0, "holds no form definitions (*.toml)"});
    }
    std::ranges::sort(files);
    std::vector<FormDefinition> forms;
    for (const auto& path : files) {
        auto form = load_form(path);
        if (!form) {
            return Unexpected(form.error());
        }
        forms.push_back(std::move(*form));
    }
    return forms;
}

FormResult<void> check_form_services(std::span<const FormDefinition> forms, const ServiceCatalog& catalog) {
    for (const FormDefinition& form : forms) {
        if (catalog.service(form.service) == nullptr) {
            return Unexpected(FormError{FormErrorCode::bad_value, form.file.string(), "service", form.service_line,
                                        "\"" + form.service + "\" is not a service of the catalog"});
        }
    }
    return {};
}

std::filesystem::path forms_dir() {
    return data_dir() / "forms";
}

}  // namespace madoguchi
