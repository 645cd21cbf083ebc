#pragma once
// The contents of the 券面事項入力補助AP's files (DESIGN.md §5), parsed and validated. Personal
// data lives only in these structs; wipe() overwrites it and the destructors call wipe().
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "card_error.hpp"

namespace madoguchi::card {

enum class Sex { male, female, not_applicable, unknown };

std::string_view sex_name(Sex sex);

struct PersonalAttributes {
    std::string name;        // UTF-8, U+3000 between family and given name
    std::string address;     // UTF-8, full-width digits as the card has them
    std::string birth_date;  // YYYYMMDD as on the card
    Sex sex = Sex::unknown;

    PersonalAttributes() = default;
    PersonalAttributes(const PersonalAttributes&) = delete;
    PersonalAttributes& operator=(const PersonalAttributes&) = delete;
    PersonalAttributes(PersonalAttributes&& other) noexcept;
    PersonalAttributes& operator=(PersonalAttributes&& other) noexcept;
    ~PersonalAttributes();

    void wipe();
    // YYYY-MM-DD
    std::string birth_date_iso() const;
};

struct IndividualNumber {
    std::string digits;  // 12 ASCII digits, check digit verified

    IndividualNumber() = default;
    IndividualNumber(const IndividualNumber&) = delete;
    IndividualNumber& operator=(const IndividualNumber&) = delete;
    IndividualNumber(IndividualNumber&& other) noexcept;
    IndividualNumber& operator=(IndividualNumber&& other) noexcept;
    ~IndividualNumber();

    void wipe();
};

// Overwrites the characters, including a short string's inline buffer, then empties it.
void wipe_string(std::string& text);

// EF 0002: the FF 20 template, found wherever it starts (some cards put bytes before it).
CardResult<PersonalAttributes> parse_attributes(std::span<const std::uint8_t> file);

// EF 0001: FF 10 0C + 12 digits.
CardResult<IndividualNumber> parse_individual_number(std::span<const std::uint8_t> file);

// The check digit of the first 11 digits (個人番号の指定等に関する省令 第五条), or -1 when
// `first_eleven` is not 11 ASCII digits.
int individual_number_check_digit(std::string_view first_eleven);

// How far the template (including any bytes before it) reaches in a file whose first bytes are
// `head`: lets a reader stop after the last chunk it needs. nullopt while `head` is too short.
CardResult<std::optional<std::size_t>> attributes_file_size(std::span<const std::uint8_t> head);

}  // namespace madoguchi::card
