#include <doctest/doctest.h>

#include "drivers/text/utf8.hpp"

using namespace madoguchi::text;

TEST_CASE("decodes ASCII, kana, kanji and characters beyond U+FFFF") {
    CHECK(decode_utf8("A窓𠮷") == std::vector<char32_t>{U'A', U'窓', U'\U00020BB7'});
    CHECK(decode_utf8("山田\u3000太郎").at(2) == U'\u3000');
}

TEST_CASE("invalid bytes become U+FFFD and decoding goes on") {
    CHECK(decode_utf8("\xff" "A") == std::vector<char32_t>{k_replacement_character, U'A'});
    CHECK(decode_utf8("\xe7\xaa") == std::vector<char32_t>{k_replacement_character});  // truncated
    CHECK(decode_utf8("\xc0\xaf") == std::vector<char32_t>{k_replacement_character});  // overlong '/'
    CHECK(decode_utf8("\xed\xa0\x80") == std::vector<char32_t>{k_replacement_character});  // surrogate
    CHECK(decode_utf8("\xe7" "A") == std::vector<char32_t>{k_replacement_character, U'A'});
    CHECK(decode_utf8("").empty());
}

TEST_CASE("encodes each length of UTF-8, and decoding gives the code points back") {
    std::string out;
    for (const char32_t code : {U'A', U'é', U'窓', U'\U00020BB7'}) {
        append_utf8(out, code);
    }
    CHECK(out == "Aé窓𠮷");
    CHECK(decode_utf8(out) == std::vector<char32_t>{U'A', U'é', U'窓', U'\U00020BB7'});
}
