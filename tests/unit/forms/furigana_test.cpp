#include <doctest/doctest.h>

#include "kiosk/furigana.hpp"

using namespace madoguchi;

TEST_CASE("MeCab reads common names into katakana, family and given name apart") {
    auto furigana = Furigana::open();
    REQUIRE_MESSAGE(furigana.has_value(), (furigana ? "" : furigana.error().message));
    CHECK(furigana->reading("山田　太郎") == "ヤマダ　タロウ");
    CHECK(furigana->reading("鈴木　花子") == "スズキ　ハナコ");
    CHECK(furigana->reading("田中") == "タナカ");
}

TEST_CASE("no guess for a name with a part the dictionary cannot read, nor for nothing") {
    auto furigana = Furigana::open();
    REQUIRE(furigana.has_value());
    CHECK_FALSE(furigana->reading("𠮷野　太郎").has_value());
    CHECK_FALSE(furigana->reading("").has_value());
    CHECK_FALSE(furigana->reading("　").has_value());
    CHECK_FALSE(furigana->reading("Smith　John").has_value());
}

TEST_CASE("a missing dictionary is an error that names the package") {
    const auto missing = Furigana::open("/nonexistent/dic");
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().message.find("mecab-ipadic-utf8") != std::string::npos);
}
