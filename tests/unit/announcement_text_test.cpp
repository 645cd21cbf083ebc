#include <doctest/doctest.h>

#include "kiosk/announcement_text.hpp"

using namespace madoguchi;

TEST_CASE("a call in words: kana for the Japanese voice, letter joined to number for the English one") {
    const SpokenCall spoken = spoken_call(Announcement{"A-012", "3"});
    CHECK(spoken.japanese == "うけつけ ばんごう、エー 12 ばん の かた、3 ばん まどぐち へ おこし ください。");
    CHECK(spoken.english == "Ticket A12, please come to counter 3.");
}

TEST_CASE("a call in words: leading zeros, longer numbers, counters that are not numbers") {
    const SpokenCall hundred = spoken_call(Announcement{"B-105", "012"});
    CHECK(hundred.japanese.find("ビー 105 ばん") != std::string::npos);
    CHECK(hundred.japanese.find("12 ばん まどぐち") != std::string::npos);
    CHECK(hundred.english == "Ticket B105, please come to counter 12.");
    const SpokenCall named = spoken_call(Announcement{"W-000", "c-2"});
    CHECK(named.japanese.find("ダブリュー 0 ばん") != std::string::npos);
    CHECK(named.japanese.find("シー 2 まどぐち") != std::string::npos);
    CHECK(named.english == "Ticket W0, please come to counter C2.");
}
