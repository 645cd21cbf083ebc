#include "my_number_data.hpp"

#include <openssl/crypto.h>

#include <string>

#include "drivers/text/utf8.hpp"
#include "tlv.hpp"

namespace madoguchi::card {
namespace {

constexpr std::uint32_t k_tag_attributes = 0xFF20;
constexpr std::uint32_t k_tag_offsets = 0xDF21;
constexpr std::uint32_t k_tag_name = 0xDF22;
constexpr std::uint32_t k_tag_address = 0xDF23;
constexpr std::uint32_t k_tag_birth_date = 0xDF24;
constexpr std::uint32_t k_tag_sex = 0xDF25;
constexpr std::uint32_t k_tag_number = 0xFF10;
constexpr std::size_t k_offsets_size = 8;
constexpr std::size_t k_number_digits = 12;
// How many bytes may precede the template. Two are reported on newer cards; a little more is
// allowed, far less than would let a stray FF 20 inside a value be mistaken for the start.
constexpr std::size_t k_max_prefix = 8;

bool all_digits(std::span<const std::uint8_t> bytes) {
    for (std::uint8_t byte : bytes) {
        if (byte < '0' || byte > '9') {
            return false;
        }
    }
    return !bytes.empty();
}

int digit(std::uint8_t byte) {
    return byte - '0';
}

CardResult<std::string> utf8_field(const Tlv* element, std::string_view what) {
    if (element == nullptr) {
        return fail(CardError::malformed_response, std::string(what) + " is missing");
    }
    std::string text(reinterpret_cast<const char*>(element->value.data()), element->value.size());
    for (std::size_t pos = 0; pos < text.size();) {
        if (text::decode_utf8(text, pos) == text::k_replacement_character) {
            wipe_string(text);
            return fail(CardError::malformed_response, std::string(what) + " is not valid UTF-8");
        }
    }
    if (text.empty()) {
        return fail(CardError::malformed_response, std::string(what) + " is empty");
    }
    return text;
}

// Where FF 20 starts, if it does within the allowed prefix of `head`.
std::optional<std::size_t> template_start(std::span<const std::uint8_t> head) {
    for (std::size_t pos = 0; pos <= k_max_prefix && pos + 1 < head.size(); ++pos) {
        if (head[pos] == 0xFF && head[pos + 1] == 0x20) {
            return pos;
        }
    }
    return std::nullopt;
}

}  // namespace

std::string_view sex_name(Sex sex) {
    switch (sex) {
        case Sex::male:
            return "male";
        case Sex::female:
            return "female";
        case Sex::not_applicable:
            return "not_applicable";
        case Sex::unknown:
            return "unknown";
    }
    return "unknown";
}

void wipe_string(std::string& text) {
    // capacity() covers the whole buffer in use, whether inline or on the heap.
    OPENSSL_cleanse(text.data(), text.capacity());
    text.clear();
}

PersonalAttributes::PersonalAttributes(PersonalAttributes&& other) noexcept
    : name(std::move(other.name)),
      address(std::move(other.address)),
      birth_date(std::move(other.birth_date)),
      sex(other.sex) {
    other.wipe();
}

PersonalAttributes& PersonalAttributes::operator=(PersonalAttributes&& other) noexcept {
    if (this != &other) {
        wipe();
        name = std::move(other.name);
        address = std::move(other.address);
        birth_date = std::move(other.birth_date);
        sex = other.sex;
        other.wipe();
    }
    return *this;
}

PersonalAttributes::~PersonalAttributes() {
    wipe();
}

void PersonalAttributes::wipe() {
    wipe_string(name);
    wipe_string(address);
    wipe_string(birth_date);
    sex = Sex::unknown;
}

std::string PersonalAttributes::birth_date_iso() const {
    if (birth_date.size() != 8) {
        return {};
    }
    return birth_date.substr(0, 4) + "-" + birth_date.substr(4, 2) + "-" + birth_date.substr(6, 2);
}

IndividualNumber::IndividualNumber(IndividualNumber&& other) noexcept : digits(std::move(other.digits)) {
    other.wipe();
}

IndividualNumber& IndividualNumber::operator=(IndividualNumber&& other) noexcept {
    if (this != &other) {
        wipe();
        digits = std::move(other.digits);
        other.wipe();
    }
    return *this;
}

IndividualNumber::~IndividualNumber() {
    wipe();
}

void IndividualNumber::wipe() {
    wipe_string(digits);
}

CardResult<std::optional<std::size_t>> attributes_file_size(std::span<const std::uint8_t> head) {
    const auto start = template_start(head);
    if (!start) {
        if (head.size() > k_max_prefix + 1) {
            return fail(CardError::malformed_response, "no FF 20 template near the start of EF 0002");
        }
        return std::optional<std::size_t>{};
    }
    auto size = tlv_total_size(head.subspan(*start));
    if (!size) {
        return std::unexpected(size.error());
    }
    if (!*size) {
        return std::optional<std::size_t>{};
    }
    return std::optional<std::size_t>{*start + **size};
}

CardResult<PersonalAttributes> parse_attributes(std::span<const std::uint8_t> file) {
    const auto start = template_start(file);
    if (!start) {
        return fail(CardError::malformed_response, "no FF 20 template near the start of EF 0002");
    }
    std::size_t pos = *start;
    auto outer = next_tlv(file, pos);
    if (!outer) {
        return std::unexpected(outer.error());
    }
    if (!*outer || (*outer)->tag != k_tag_attributes) {
        return fail(CardError::malformed_response, "EF 0002 template is not FF 20");
    }
    auto elements = parse_tlvs((*outer)->value);
    if (!elements) {
        return std::unexpected(elements.error());
    }
    // DF21 holds the offsets of the four fields; the fields are found by walking the bounds-checked
    // TLVs instead, because the offsets' base differs on cards with bytes before the template.
    const Tlv* offsets = find_tlv(*elements, k_tag_offsets);
    if (offsets == nullptr || offsets->value.size() != k_offsets_size) {
        return fail(CardError::malformed_response, "EF 0002 has no 8-byte DF21 offset table");
    }

    PersonalAttributes attributes;
    auto name = utf8_field(find_tlv(*elements, k_tag_name), "name (DF22)");
    if (!name) {
        return std::unexpected(name.error());
    }
    attributes.name = std::move(*name);
    wipe_string(*name);
    auto address = utf8_field(find_tlv(*elements, k_tag_address), "address (DF23)");
    if (!address) {
        return std::unexpected(address.error());
    }
    attributes.address = std::move(*address);
    wipe_string(*address);

    const Tlv* birth = find_tlv(*elements, k_tag_birth_date);
    if (birth == nullptr || birth->value.size() != 8 || !all_digits(birth->value)) {
        return fail(CardError::malformed_response, "birth date (DF24) is not 8 digits");
    }
    const int month = digit(birth->value[4]) * 10 + digit(birth->value[5]);
    const int day = digit(birth->value[6]) * 10 + digit(birth->value[7]);
    if (month < 1 || month > 12 || day < 1 || day > 31) {
        return fail(CardError::malformed_response, "birth date (DF24) has no valid month and day");
    }
    attributes.birth_date.assign(reinterpret_cast<const char*>(birth->value.data()), birth->value.size());

    const Tlv* sex = find_tlv(*elements, k_tag_sex);
    if (sex == nullptr || sex->value.size() != 1) {
        return fail(CardError::malformed_response, "sex (DF25) is not one byte");
    }
    switch (sex->value[0]) {
        case '1':
            attributes.sex = Sex::male;
            break;
        case '2':
            attributes.sex = Sex::female;
            break;
        case '9':
            attributes.sex = Sex::not_applicable;
            break;
        case '0':
            attributes.sex = Sex::unknown;
            break;
        default:
            return fail(CardError::malformed_response, "sex (DF25) is not 1, 2, 9 or 0");
    }
    return attributes;
}

int individual_number_check_digit(std::string_view first_eleven) {
    if (first_eleven.size() != k_number_digits - 1) {
        return -1;
    }
    int sum = 0;
    for (int n = 1; n <= 11; ++n) {
        const char c = first_eleven[static_cast<std::size_t>(11 - n)];
        if (c < '0' || c > '9') {
            return -1;
        }
        const int weight = n <= 6 ? n + 1 : n - 5;
        sum += (c - '0') * weight;
    }
    const int remainder = sum % 11;
    return remainder <= 1 ? 0 : 11 - remainder;
}

CardResult<IndividualNumber> parse_individual_number(std::span<const std::uint8_t> file) {
    std::size_t pos = 0;
    auto element = next_tlv(file, pos);
    if (!element) {
        return std::unexpected(element.error());
    }
    if (!*element || (*element)->tag != k_tag_number) {
        return fail(CardError::malformed_response, "EF 0001 does not start with FF 10");
    }
    const auto value = (*element)->value;
    if (value.size() != k_number_digits || !all_digits(value)) {
        return fail(CardError::malformed_response, "individual number is not 12 digits");
    }
    IndividualNumber number;
    number.digits.assign(reinterpret_cast<const char*>(value.data()), value.size());
    const int expected = individual_number_check_digit(std::string_view(number.digits).substr(0, 11));
    if (expected != digit(value[11])) {
        number.wipe();
        return fail(CardError::wrong_check_digit, "individual number check digit does not match");
    }
    return number;
}

}  // namespace madoguchi::card
