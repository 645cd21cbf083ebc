#include <doctest/doctest.h>

#include "kiosk/japanese_date.hpp"

using namespace madoguchi;

namespace {
std::string ja(std::string_view yyyymmdd) { return format_date_ja(*parse_yyyymmdd(yyyymmdd)); }
std::string en(std::string_view yyyymmdd) { return format_date_en(*parse_yyyymmdd(yyyymmdd)); }
}  // namespace

TEST_CASE("the era changes on the day, and a first year is 元年") {
    CHECK(ja("19890107") == "昭和64年1月7日（1989年）");
    CHECK(ja("19890108") == "平成元年1月8日（1989年）");
    CHECK(ja("20190430") == "平成31年4月30日（2019年）");
    CHECK(ja("20190501") == "令和元年5月1日（2019年）");
    CHECK(ja("19261224") == "大正15年12月24日（1926年）");
    CHECK(ja("19261225") == "昭和元年12月25日（1926年）");
    CHECK(ja("19120729") == "明治45年7月29日（1912年）");
    CHECK(ja("19120730") == "大正元年7月30日（1912年）");
    CHECK(ja("19850304") == "昭和60年3月4日（1985年）");
    CHECK(ja("20261125") == "令和8年11月25日（2026年）");
}

TEST_CASE("English shows the western date first and the era after it") {
    CHECK(en("19850304") == "4 March 1985 (Showa 60)");
    CHECK(en("20190501") == "1 May 2019 (Reiwa 1)");
}

TEST_CASE("before Meiji there is no era to show") {
    CHECK_FALSE(to_era({1868, 1, 24}).has_value());
    CHECK(ja("18680124") == "1868年1月24日");
    CHECK(to_era({1868, 1, 25})->era_kanji == "明治");
}

TEST_CASE("impossible dates are refused") {
    CHECK_FALSE(parse_yyyymmdd("19850230"));
    CHECK_FALSE(parse_yyyymmdd("19000229"));  // 1900 is not a leap year
    CHECK(parse_yyyymmdd("20000229"));        // 2000 is
    CHECK_FALSE(parse_yyyymmdd("19851301"));
    CHECK_FALSE(parse_yyyymmdd("19850100"));
    CHECK_FALSE(parse_yyyymmdd("1985034"));
    CHECK_FALSE(parse_yyyymmdd("1985-3-4"));
    CHECK_FALSE(parse_yyyymmdd("00000101"));
    CHECK_FALSE(parse_yyyymmdd(""));
}

TEST_CASE("a date picked by era exists only inside its era") {
    CHECK_FALSE(from_era("平成", 31, 5, 1));  // that day is 令和元年5月1日
    CHECK(format_iso_date(*from_era("令和", 1, 5, 1)) == "2019-05-01");
    CHECK(format_iso_date(*from_era("平成", 31, 4, 30)) == "2019-04-30");
    CHECK_FALSE(from_era("令和", 1, 4, 30));
    CHECK(format_iso_date(*from_era("昭和", 64, 1, 7)) == "1989-01-07");  // the last day of 昭和
    CHECK_FALSE(from_era("昭和", 64, 1, 8));
    CHECK(format_iso_date(*from_era("平成", 1, 1, 8)) == "1989-01-08");  // the first day of 平成
    CHECK_FALSE(from_era("平成", 1, 1, 7));
    CHECK_FALSE(from_era("平成", 2, 2, 30));
    CHECK_FALSE(from_era("平成", 0, 6, 1));
    CHECK_FALSE(from_era("光文", 1, 1, 1));
    CHECK(era_last_year("昭和") == 64);
    CHECK(era_last_year("平成") == 31);
    CHECK_FALSE(era_last_year("令和"));
    CHECK(era_names().front() == "令和");
    CHECK(era_latin_name("昭和") == "Showa");
}
