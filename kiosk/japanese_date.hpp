#pragma once
// Dates as Japanese forms and citizens write them: 和暦 (era + year) next to 西暦. Birth dates on
// the card are YYYYMMDD in the Gregorian calendar; the era changes on the day, not the year
// (昭和64年1月7日 is followed by 平成元年1月8日).
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace madoguchi {

struct CalendarDate {
    int year = 0;
    int month = 0;
    int day = 0;
};

// nullopt unless `yyyymmdd` is eight digits naming a real day.
std::optional<CalendarDate> parse_yyyymmdd(std::string_view yyyymmdd);
bool is_valid_date(const CalendarDate& date);

struct EraYear {
    std::string_view era_kanji;   // 令和
    std::string_view era_latin;   // Reiwa
    int year = 0;                 // 1 is written 元年 in Japanese
};

// nullopt before 明治 began (1868-01-25, the first day the era counts in our tables).
std::optional<EraYear> to_era(const CalendarDate& date);

// The eras a citizen may pick, newest first (令和, 平成, 昭和, 大正, 明治).
std::span<const std::string_view> era_names();
std::string_view era_latin_name(std::string_view era_kanji);
// The day that `era_year` of the era names (1 for 元年), or nullopt when it does not exist:
// not a real day, or outside the era (平成31年5月1日 is 令和元年5月1日; 昭和64年1月7日 is the
// last day of 昭和 and 平成元年1月8日 the first of 平成).
std::optional<CalendarDate> from_era(std::string_view era_kanji, int era_year, int month, int day);
// The era's first day; nullopt for a name that is not an era.
std::optional<CalendarDate> era_first_day(std::string_view era_kanji);
// The last year the era counts (昭和: 64); nullopt for the present era and for unknown names.
std::optional<int> era_last_year(std::string_view era_kanji);

// "昭和60年3月4日（1985年）" and "4 March 1985 (Showa 60)": the forms the kiosk shows.
std::string format_date_ja(const CalendarDate& date);
std::string format_date_en(const CalendarDate& date);
// As a form is filled in: "平成元年1月8日", or "1868年1月1日" before the eras in our tables.
std::string format_wareki(const CalendarDate& date);
// "2019-05-01"; parse_iso_date takes only that shape and only real days.
std::string format_iso_date(const CalendarDate& date);
std::optional<CalendarDate> parse_iso_date(std::string_view iso);
// Today in the terminal's local time zone (the ward's).
CalendarDate local_today();

}  // namespace madoguchi
