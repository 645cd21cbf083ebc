// `madoguchi forms fill --from-card`: the virtual card through pcscd to a filled A4 PDF.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "card_rig.hpp"
#include "kiosk/forms_command.hpp"
#include "tests/support/pdf_text.hpp"
#include "tests/support/subcommand_run.hpp"

using namespace madoguchi;
using namespace madoguchi::card::testing;

namespace {

testing::SubcommandRun run_forms(const std::vector<const char*>& args, const std::string& input) {
    PcscRig::instance();
    return testing::run_subcommand(run_forms_command, args, input);
}

const char* const k_profile = R"(
[card]
name = "番号　𠮷子"
address = "大阪府大阪市北区中之島１丁目３番２０号"
birth_date = "19890108"
sex = "2"
number = "123456789018"
pin = "4321"
)";

// What the citizen adds to the card's four attributes for 印鑑登録申請書.
const char* const k_answers = R"(
name_kana = "ばんごう　よしこ"
phone = "090-1234-5678"
identity_document = "マイナンバーカード"
)";

}  // namespace

TEST_CASE("forms fill --from-card prints the card's name, address, birth date and sex on the form") {
    const auto dir = std::filesystem::temp_directory_path() / ("madoguchi_forms_card_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "answers.toml") << k_answers;
    const std::string answers = (dir / "answers.toml").string();
    const std::string pdf = (dir / "inkan.pdf").string();
    SimCard sim(k_profile);

    const testing::SubcommandRun wrong = run_forms(
        {"fill", "--forms", "inkan_toroku", "--answers", answers.c_str(), "--from-card", "--pdf", pdf.c_str()},
        "0000\n");
    CHECK(wrong.code == k_card_exit_wrong_pin);
    CHECK(wrong.err.find("2 tries left") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(pdf));

    const testing::SubcommandRun filled = run_forms({"fill", "--forms", "inkan_toroku", "--answers", answers.c_str(), "--from-card",
                                  "--reader", k_reader, "--pdf", pdf.c_str()},
                                 "4321\n");
    REQUIRE_MESSAGE(filled.code == k_forms_exit_ok, filled.err);
    const std::string text = testing::pdf_text(pdf);
    CHECK(text.find("印鑑登録申請書") != std::string::npos);
    CHECK(text.find("番号") != std::string::npos);
    CHECK(text.find("𠮷子") != std::string::npos);
    CHECK(text.find("大阪府大阪市北区中之島１丁目３番２０号") != std::string::npos);
    CHECK(text.find("平成元年1月8日") != std::string::npos);
    CHECK(text.find("■女") != std::string::npos);
    CHECK(text.find("バンゴウ") != std::string::npos);
    // Nothing personal on the terminal's own output.
    CHECK(filled.out.find("番号") == std::string::npos);
    CHECK(filled.err.find("番号") == std::string::npos);
    // 印鑑登録申請書 has no field for the individual number: it is not on the form.
    CHECK(text.find("123456789018") == std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("forms fill --from-card puts the individual number on the My Number card application only") {
    const auto dir = std::filesystem::temp_directory_path() / ("madoguchi_forms_number_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "answers.toml") << "name_kana = \"ばんごう　よしこ\"\nphone = \"09012345678\"\n";
    const std::string answers = (dir / "answers.toml").string();
    const std::string pdf = (dir / "kojin_bango.pdf").string();
    SimCard sim(k_profile);

    const testing::SubcommandRun filled =
        run_forms({"fill", "--forms", "kojin_bango_card", "--answers", answers.c_str(), "--from-card", "--reader",
                   k_reader, "--pdf", pdf.c_str()},
                  "4321\n");
    REQUIRE_MESSAGE(filled.code == k_forms_exit_ok, filled.err);
    const std::string text = testing::pdf_text(pdf);
    CHECK(text.find("個人番号カード交付申請書") != std::string::npos);
    CHECK(text.find("123456789018") != std::string::npos);
    CHECK(filled.out.find("123456789018") == std::string::npos);
    CHECK(filled.err.find("123456789018") == std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("forms fill --from-card guesses the furigana, and asks for it when the name cannot be read") {
    const auto dir = std::filesystem::temp_directory_path() / ("madoguchi_furigana_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "answers.toml") << "phone = \"090-1234-5678\"\nidentity_document = \"運転免許証\"\n";
    const std::string answers = (dir / "answers.toml").string();
    const std::string pdf = (dir / "inkan.pdf").string();
    {
        SimCard sim(
            "[card]\nname = \"山田　花子\"\naddress = \"東京都中央区築地１丁目１番１号\"\n"
            "birth_date = \"19850304\"\nsex = \"2\"\npin = \"4321\"\n");
        const testing::SubcommandRun filled = run_forms(
            {"fill", "--forms", "inkan_toroku", "--answers", answers.c_str(), "--from-card", "--pdf", pdf.c_str()},
            "4321\n");
        REQUIRE_MESSAGE(filled.code == k_forms_exit_ok, filled.err);
        const std::string text = testing::pdf_text(pdf);
        CHECK(text.find("ヤマダ") != std::string::npos);
        CHECK(text.find("ハナコ") != std::string::npos);
    }
    std::filesystem::remove(pdf);
    SimCard sim(k_profile);
    const testing::SubcommandRun unreadable = run_forms(
        {"fill", "--forms", "inkan_toroku", "--answers", answers.c_str(), "--from-card", "--pdf", pdf.c_str()},
        "4321\n");
    CHECK(unreadable.code == k_forms_exit_usage);
    CHECK(unreadable.err.find("form inkan_toroku: field name_kana: is required") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(pdf));
    std::filesystem::remove_all(dir);
}
