#pragma once
// Dates as Japanese forms and citizens write them: 和暦 (era + year) next to 西暦. Birth dates on
// the card are YYYYMMDD in the Gregorian calendar; the era changes on the day, not the year
// (昭和64年1月7日 is followed by 平成元年1月8日).
#include <optional>
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
