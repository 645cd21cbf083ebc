#include "japanese_date.hpp"

#include <array>
#include <cstdio>
#include <ctime>

namespace madoguchi {
namespace {

struct Era {
    CalendarDate first_day;
    std::string_view kanji;
    std::string_view latin;
};

// The first day of each era, newest first. 明治 is counted from 1868-01-25 (the lunar new year
// of 明治元年 in the Gregorian calendar), as date converters in municipal systems do.
constexpr std::array<Era, 5> k_eras{{
    {{2019, 5, 1}, "令和", "Reiwa"},
    {{1989, 1, 8}, "平成", "Heisei"},
    {{1926, 12, 25}, "昭和", "Showa"},
    {{1912, 7, 30}, "大正", "Taisho"},
    {{1868, 1, 25}, "明治", "Meiji"},
}};

constexpr std::array<std::string_view, 12> k_month_names{"January", "February", "March",     "April",
                                                         "May",     "June",     "July",      "August",
                                                         "September", "October", "November", "December"};

bool on_or_after(const CalendarDate& date, const CalendarDate& first) {
    if (date.year != first.year) {
        return date.year > first.year;
    }
    if (date.month != first.month) {
        return date.month > first.month;
    }
    return date.day >= first.day;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

}  // namespace

bool is_valid_date(const CalendarDate& date) {
    static constexpr std::array<int, 12> k_days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (date.year < 1 || date.year > 9999 || date.month < 1 || date.month > 12 || date.day < 1) {
        return false;
    }
    const int days = k_days[static_cast<std::size_t>(date.month - 1)] + (date.month == 2 && is_leap(date.year) ? 1 : 0);
    return date.day <= days;
}

std::optional<CalendarDate> parse_yyyymmdd(std::string_view yyyymmdd) {
    if (yyyymmdd.size() != 8) {
        return std::nullopt;
    }
    int value[8];
    for (std::size_t i = 0; i < 8; ++i) {
        if (yyyymmdd[i] < '0' || yyyymmdd[i] > '9') {
            return std::nullopt;
        }
        value[i] = yyyymmdd[i] - '0';
    }
    const CalendarDate date{value[0] * 1000 + value[1] * 100 + value[2] * 10 + value[3], value[4] * 10 + value[5],
                            value[6] * 10 + value[7]};
    if (!is_valid_date(date)) {
        return std::nullopt;
    }
    return date;
}

std::optional<EraYear> to_era(const CalendarDate& date) {
    for (const Era& era : k_eras) {
        if (on_or_after(date, era.first_day)) {
            return EraYear{era.kanji, era.latin, date.year - era.first_day.year + 1};
        }
    }
    return std::nullopt;
}

std::span<const std::string_view> era_names() {
    static constexpr std::array<std::string_view, k_eras.size()> k_names{
        k_eras[0].kanji, k_eras[1].kanji, k_eras[2].kanji, k_eras[3].kanji, k_eras[4].kanji};
    return k_names;
}

std::string_view era_latin_name(std::string_view era_kanji) {
    for (const Era& era : k_eras) {
        if (era.kanji == era_kanji) {
            return era.latin;
        }
    }
    return {};
}

std::optional<CalendarDate> era_first_day(std::string_view era_kanji) {
    for (const Era& era : k_eras) {
        if (era.kanji == era_kanji) {
            return era.first_day;
        }
    }
    return std::nullopt;
}

std::optional<int> era_last_year(std::string_view era_kanji) {
    // Newest first: the era before each one ended in the year the later one began.
    for (std::size_t i = 1; i < k_eras.size(); ++i) {
        if (k_eras[i].kanji == era_kanji) {
            return k_eras[i - 1].first_day.year - k_eras[i].first_day.year + 1;
        }
    }
    return std::nullopt;
}

std::optional<CalendarDate> from_era(std::string_view era_kanji, int era_year, int month, int day) {
    for (const Era& era : k_eras) {
        if (era.kanji != era_kanji) {
            continue;
        }
        const CalendarDate date{era.first_day.year + era_year - 1, month, day};
        if (era_year < 1 || !is_valid_date(date)) {
            return std::nullopt;
        }
        const auto counted = to_era(date);
        if (!counted || counted->era_kanji != era_kanji) {
            return std::nullopt;
        }
        return date;
    }
    return std::nullopt;
}

std::string format_date_ja(const CalendarDate& date) {
    const std::string month_day = std::to_string(date.month) + "月" + std::to_string(date.day) + "日";
    const std::string western = std::to_string(date.year) + "年";
    const auto era = to_era(date);
    if (!era) {
        return western + month_day;
    }
    const std::string year = era->year == 1 ? "元" : std::to_string(era->year);
    return std::string(era->era_kanji) + year + "年" + month_day + "（" + western + "）";
}

std::string format_wareki(const CalendarDate& date) {
    const std::string month_day = std::to_string(date.month) + "月" + std::to_string(date.day) + "日";
    const auto era = to_era(date);
    if (!era) {
        return std::to_string(date.year) + "年" + month_day;
    }
    return std::string(era->era_kanji) + (era->year == 1 ? "元" : std::to_string(era->year)) + "年" + month_day;
}

std::string format_iso_date(const CalendarDate& date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
    return text;
}

std::optional<CalendarDate> parse_iso_date(std::string_view iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') {
        return std::nullopt;
    }
    std::string digits;
    digits.append(iso.substr(0, 4)).append(iso.substr(5, 2)).append(iso.substr(8, 2));
    return parse_yyyymmdd(digits);
}

std::string format_date_en(const CalendarDate& date) {
    std::string text = std::to_string(date.day) + " " + std::string(k_month_names[static_cast<std::size_t>(date.month - 1)]) +
                       " " + std::to_string(date.year);
    if (const auto era = to_era(date)) {
        text += " (" + std::string(era->era_latin) + " " + std::to_string(era->year) + ")";
    }
    return text;
}

CalendarDate local_today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return {local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

}  // namespace madoguchi
