#include "application_payload.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace madoguchi {
namespace {

using json = nlohmann::json;

constexpr int k_format = 1;
constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The ticket is authenticated with the payload: a payload cannot be filed under another ticket.
std::string associated_data(std::string_view ticket_id) {
    return "madoguchi-application-v1\n" + std::string(ticket_id);
}

void wipe(std::string& text) {
    card::wipe_string(text);
}

std::string form_ids(std::span<const FilledForm> forms) {
    std::string ids;
    for (const FilledForm& form : forms) {
        ids += (ids.empty() ? "" : ",") + form.form->id;
    }
    return ids;
}

std::string plain_json(std::span<const FilledForm> forms) {
    json document{{"format", k_format}, {"forms", json::array()}};
    for (const FilledForm& form : forms) {
        json values = json::object();
        for (const FilledValue& value : form.values) {
            values[value.field->id] = json{{"values", value.values}, {"card", value.from_card}};
        }
        document["forms"].push_back(json{{"id", form.form->id}, {"version", form.form->version}, {"values", values}});
    }
    return document.dump();
}

Result<FilledForm, ApplicationError> form_from(const json& entry, std::span<const FormDefinition> definitions,
                                               const CalendarDate& today) {
    if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_string() || !entry.contains("values") ||
        !entry["values"].is_object()) {
        return fail(ApplicationError::malformed, "a form entry lacks its id or values");
    }
    const std::string id = entry["id"].get<std::string>();
    const auto definition =
        std::ranges::find_if(definitions, [&](const FormDefinition& candidate) { return candidate.id == id; });
    if (definition == definitions.end()) {
        return fail(ApplicationError::form, "the application has form \"" + id + "\", which this terminal lacks");
    }
    FilledForm filled{&*definition, {}};
    for (const FormSection& section : definition->sections) {
        for (const FieldDefinition& field : section.fields) {
            if (!entry["values"].contains(field.id)) {
                continue;
            }
            const json& stored = entry["values"][field.id];
            if (!stored.is_object() || !stored.contains("values") || !stored["values"].is_array() ||
                !std::ranges::all_of(stored["values"], [](const json& v) { return v.is_string(); })) {
                return fail(ApplicationError::malformed, "field " + field.id + " of " + id + " is malformed");
            }
            Answer answer(stored["values"].get<std::vector<std::string>>(), 0);
            // The citizen's "today" was the day they applied; the counter may open it later.
            FieldDefinition unbounded = field;
            unbounded.past = false;
            auto checked = check_answer(unbounded, answer, today);
            if (!checked) {
                return fail(ApplicationError::form, "field " + field.id + " of " + id + " " + checked.error().reason);
            }
            FilledValue value;
            value.field = &field;
            value.values = std::move(*checked);
            value.from_card = stored.value("card", false);
            filled.values.push_back(std::move(value));
        }
    }
    for (const auto& [key, unused] : entry["values"].items()) {
        if (definition->field(key) == nullptr) {
            return fail(ApplicationError::form, "form " + id + " has no field " + key);
        }
    }
    return filled;
}

}  // namespace

std::string base64url_encode(std::span<const std::uint8_t> bytes) {
    std::string text;
    text.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::uint32_t chunk = (std::uint32_t(bytes[i]) << 16) |
                                    (i + 1 < bytes.size() ? std::uint32_t(bytes[i + 1]) << 8 : 0) |
                                    (i + 2 < bytes.size() ? std::uint32_t(bytes[i + 2]) : 0);
        // 1, 2 or 3 bytes make 2, 3 or 4 characters; base64url drops the padding.
        const std::size_t produced = std::min<std::size_t>(3, bytes.size() - i) + 1;
        for (std::size_t j = 0; j < produced; ++j) {
            text += k_alphabet[(chunk >> (18 - 6 * j)) & 0x3F];
        }
    }
    return text;
}

std::optional<card::SecureBytes> base64url_decode(std::string_view text) {
    if (text.size() % 4 == 1) {
        return std::nullopt;
    }
    card::SecureBytes bytes;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const std::size_t index = k_alphabet.find(c);
        if (index == std::string_view::npos) {
            return std::nullopt;
        }
        buffer = (buffer << 6) | static_cast<std::uint32_t>(index);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes.push_back(static_cast<std::uint8_t>((buffer >> bits) & 0xFF));
        }
    }
    return bytes;
}

Result<SecretKey, ApplicationError> load_application_key(const std::filesystem::path& path) {
    auto key = load_secret_key(path, "application key");
    if (!key) {
        return fail(ApplicationError::key, key.error());
    }
    return *key;
}

Result<card::SecureBytes, ApplicationError> application_request(std::string_view ticket_id,
                                                                std::span<const FilledForm> forms, const SecretKey& key,
                                                                std::string_view language) {
    std::string plain = plain_json(forms);
    const auto sealed =
        seal(key, {reinterpret_cast<const std::uint8_t*>(plain.data()), plain.size()}, associated_data(ticket_id));
    wipe(plain);
    if (!sealed) {
        return fail(ApplicationError::key, "the application could not be sealed");
    }
    json versions = json::object();
    for (const FilledForm& form : forms) {
        versions[form.form->id] = form.form->version;
    }
    const std::string body = json{{"ticket_id", ticket_id},
                                  {"form", form_ids(forms)},
                                  {"payload", base64url_encode(*sealed)},
                                  {"metadata", {{"format", k_format}, {"versions", versions}, {"language", language}}}}
                                 .dump();
    return card::SecureBytes(body.begin(), body.end());
}

Result<std::string, ApplicationError> enqueue_application(Outbox& outbox, std::string_view ticket_id,
                                                          std::span<const FilledForm> forms, const SecretKey& key,
                                                          std::string_view language,
                                                          std::chrono::system_clock::time_point now) {
    auto body = application_request(ticket_id, forms, key, language);
    if (!body) {
        return std::unexpected(body.error());
    }
    auto stored = outbox.enqueue("POST", "/api/v1/applications", *body, now);
    if (!stored) {
        return fail(ApplicationError::storage, stored.error().message);
    }
    return *stored;
}

Result<std::vector<FilledForm>, ApplicationError> open_application(std::string_view payload, std::string_view ticket_id,
                                                                   std::span<const FormDefinition> definitions,
                                                                   const SecretKey& key, const CalendarDate& today) {
    const auto sealed = base64url_decode(payload);
    if (!sealed) {
        return fail(ApplicationError::malformed, "the payload is not base64url");
    }
    auto plain = open_sealed(key, *sealed, associated_data(ticket_id));
    if (!plain) {
        return fail(ApplicationError::sealed,
                    "the application does not open with this site's application key for this ticket");
    }
    json document = json::parse(plain->begin(), plain->end(), nullptr, false);
    if (!document.is_object() || document.value("format", 0) != k_format || !document.contains("forms") ||
        !document["forms"].is_array()) {
        return fail(ApplicationError::malformed, "the application is not in format " + std::to_string(k_format));
    }
    std::vector<FilledForm> forms;
    for (const json& entry : document["forms"]) {
        auto form = form_from(entry, definitions, today);
        if (!form) {
            return std::unexpected(form.error());
        }
        forms.push_back(std::move(*form));
    }
    return forms;
}

}  // namespace madoguchi
