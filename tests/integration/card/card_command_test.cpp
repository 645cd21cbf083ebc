// `madoguchi card status|read` against pcscd + vpcd + mynacard-sim.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "card_rig.hpp"
#include "kiosk/card_command.hpp"
#include "tests/support/subcommand_run.hpp"

using namespace madoguchi;
using namespace madoguchi::card::testing;

namespace {

testing::SubcommandRun run(const std::vector<const char*>& args, const std::string& input = "") {
    PcscRig::instance();
    return testing::run_subcommand(run_card_command, args, input);
}

const char* const k_profile = R"(
[card]
name = "番号　𠮷子"
address = "大阪府大阪市北区中之島１丁目３番２０号"
birth_date = "19700101"
sex = "1"
number = "123456789018"
pin = "4321"
)";

}  // namespace

TEST_CASE("card read --json prints exactly the four attributes and --number adds the number") {
    SimCard sim(k_profile);
    auto plain = run({"read", "--json"}, "4321\n");
    CHECK(plain.code == k_card_exit_ok);
    CHECK(plain.out ==
          "{\"name\":\"番号\u3000\U00020BB7子\",\"address\":\"大阪府大阪市北区中之島１丁目３番２０号\","
          "\"birth_date\":\"1970-01-01\",\"sex\":\"male\"}\n");
    auto with_number = run({"read", "--json", "--number", "--reader", k_reader}, "4321\n");
    CHECK(with_number.code == k_card_exit_ok);
    CHECK(with_number.out.find(",\"individual_number\":\"123456789018\"}") != std::string::npos);
    auto text = run({"read"}, "4321");
    CHECK(text.code == k_card_exit_ok);
    CHECK(text.out.find("birth_date: 1970-01-01\nsex: male\n") != std::string::npos);
}

TEST_CASE("card read: wrong PIN exits 3 with the tries left, the third blocks with 4") {
    SimCard sim(k_profile);
    auto first = run({"read", "--json"}, "0000\n");
    CHECK(first.code == k_card_exit_wrong_pin);
    CHECK(first.out.empty());
    CHECK(first.err.find("2 tries left") != std::string::npos);
    CHECK(run({"read"}, "0000\n").err.find("1 try left") != std::string::npos);
    CHECK(run({"read"}, "0000\n").code == k_card_exit_blocked);
    CHECK(run({"read"}, "4321\n").code == k_card_exit_blocked);
    auto status = run({"status"});
    CHECK(status.out.find("pin: blocked") != std::string::npos);
}

TEST_CASE("card read: no card exits 5, another card 6, bad input 2, wrong check digit 1") {
    CHECK(run({"read"}, "4321\n").code == k_card_exit_no_card);
    CHECK(run({"read", "--reader", "No Such Reader"}, "4321\n").code == k_card_exit_no_card);
    CHECK(run({"read"}, "12a4\n").code == k_card_exit_usage);
    CHECK(run({"read"}, "").code == k_card_exit_usage);
    CHECK(run({"read", "1234"}, "1234\n").code == k_card_exit_usage);
    CHECK(run({"frobnicate"}).code == k_card_exit_usage);
    CHECK(run({}).code == k_card_exit_usage);
    {
        SimCard other("[encoding]\nhas_attributes_ap = false\n");
        CHECK(run({"read"}, "4321\n").code == k_card_exit_not_my_number_card);
        CHECK(run({"status"}).code == k_card_exit_not_my_number_card);
    }
    SimCard bad_number("[card]\nnumber = \"123456789010\"\npin = \"4321\"\n");
    auto result = run({"read", "--number"}, "4321\n");
    CHECK(result.code == k_card_exit_failure);
    CHECK(result.out.empty());
    CHECK(result.err.find("check digit") != std::string::npos);
}

TEST_CASE("card status lists readers, the card, the AP and the tries without using one") {
    auto empty = run({"status"});
    CHECK(empty.code == k_card_exit_no_card);
    CHECK(empty.out.find("card present: no") != std::string::npos);
    SimCard sim(k_profile);
    for (int i = 0; i < 3; ++i) {
        auto status = run({"status"});
        CHECK(status.code == k_card_exit_ok);
        CHECK(status.out.find("readers: 2\nreader: Virtual PCD 00 00\n  card present: yes\n  my number card: yes\n"
                              "  pin tries left: 3\n") != std::string::npos);
    }
}
