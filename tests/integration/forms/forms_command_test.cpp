// `madoguchi forms …` as staff and tests run it, and the kiosk refusing to start on a bad form.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "kiosk/forms_command.hpp"
#include "private_cups.hpp"
#include "tests/support/pdf_text.hpp"
#include "tests/support/subcommand_run.hpp"

using namespace madoguchi;
using namespace madoguchi::testing;

namespace {

testing::SubcommandRun run(const std::vector<const char*>& args) {
    return testing::run_subcommand(run_forms_command, args);
}

constexpr const char* k_answers = R"(
name = "𠮷野　太郎"
name_kana = "よしの　たろう"
address = "東京都中央区築地１丁目１番１号"
subject_address = "東京都中央区築地１丁目１番１号"
birth_date = 1989-01-08
phone = "03-1234-5678"
relationship = "本人"
certificate_kind = "住民票の写し（世帯全員）"
copies = 1
visitor = "本人"

[juminhyo]
purpose = "年金"
)";

}  // namespace

TEST_CASE("forms list names every shipped form with its Japanese and English titles") {
    const testing::SubcommandRun listed = run({"list"});
    CHECK(listed.code == k_forms_exit_ok);
    CHECK(listed.out.find("juminhyo\t住民票の写し等交付請求書\tRequest for copies of the residence record") !=
          std::string::npos);
    CHECK(listed.out.find("jido_teate\t児童手当認定請求書") != std::string::npos);
}

TEST_CASE("forms check passes the shipped forms and names the file, line and reason of a bad one") {
    const testing::SubcommandRun good = run({"check"});
    CHECK(good.code == k_forms_exit_ok);
    CHECK(good.out.find("8 form definitions") != std::string::npos);

    const auto dir = fresh_dir("madoguchi_forms_check");
    std::filesystem::copy(MADOGUCHI_SOURCE_DIR "/assets/forms/juminhyo.toml", dir / "juminhyo.toml");
    std::ofstream(dir / "broken.toml")
        << "title = \"壊れた届\"\nen = \"Broken\"\nservice = \"tax\"\n[[sections]]\ntitle = \"a\"\nen = \"a\"\n"
           "[[sections.fields]]\nid = \"when\"\nlabel = \"日\"\nen = \"Day\"\ntype = \"day\"\n";
    const testing::SubcommandRun bad = run({"check", "--dir", dir.c_str()});
    CHECK(bad.code == k_forms_exit_usage);
    CHECK(bad.err.find((dir / "broken.toml").string() + ":11: key sections[1].fields[1].type: \"day\" is not one of") !=
          std::string::npos);

    // A service the city's catalog does not list: the form's file, line and the service named.
    std::filesystem::remove(dir / "broken.toml");
    std::string juminhyo;
    {
        std::ifstream in(dir / "juminhyo.toml");
        juminhyo.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::ofstream(dir / "juminhyo.toml")
        << juminhyo.replace(juminhyo.find("service = \"certificates\""), 24, "service = \"parking\"");
    const testing::SubcommandRun checked =
        run({"check", "--dir", dir.c_str(), "--services", MADOGUCHI_SOURCE_DIR "/assets/services.toml"});
    CHECK(checked.code == k_forms_exit_usage);
    CHECK(checked.err.find((dir / "juminhyo.toml").string() +
                           ":6: key service: \"parking\" is not a service of the catalog") != std::string::npos);
    const testing::SubcommandRun no_catalog =
        run({"check", "--dir", dir.c_str(), "--services", (dir / "absent.toml").c_str()});
    CHECK(no_catalog.code == k_forms_exit_usage);
    std::filesystem::remove_all(dir);
}

TEST_CASE("forms fill writes a PDF from an answers file, bad answers and bad usage exit 2") {
    const auto dir = fresh_dir("madoguchi_forms_fill");
    std::ofstream(dir / "answers.toml") << k_answers;
    const auto pdf = dir / "out.pdf";
    const std::string answers = (dir / "answers.toml").string();
    const testing::SubcommandRun filled =
        run({"fill", "--forms", "juminhyo,inkan_shomei", "--answers", answers.c_str(), "--pdf", pdf.c_str()});
    REQUIRE_MESSAGE(filled.code == k_forms_exit_ok, filled.err);
    CHECK(filled.out.find("2 forms, 2 pages") != std::string::npos);
    const std::string text = pdf_text(pdf);
    CHECK(text.find("住民票の写し等交付請求書") != std::string::npos);
    CHECK(text.find("印鑑登録証明書交付申請書") != std::string::npos);
    CHECK(text.find("𠮷野") != std::string::npos);
    CHECK(text.find("ヨシノ") != std::string::npos);

    std::ofstream(dir / "bad.toml") << std::string(k_answers).replace(std::string(k_answers).find("1989-01-08"), 10,
                                                                      "\"1989-02-30\"");
    const std::string bad_answers = (dir / "bad.toml").string();
    const testing::SubcommandRun bad =
        run({"fill", "--forms", "juminhyo,inkan_shomei", "--answers", bad_answers.c_str(), "--pdf", pdf.c_str()});
    CHECK(bad.code == k_forms_exit_usage);
    CHECK(bad.err.find(bad_answers + ":6: form juminhyo: field birth_date: is not a real date") != std::string::npos);

    const testing::SubcommandRun unknown = run({"fill", "--forms", "juminhyo,nosuch", "--answers", answers.c_str(), "--pdf", pdf.c_str()});
    CHECK(unknown.code == k_forms_exit_usage);
    CHECK(unknown.err.find("no form \"nosuch\"") != std::string::npos);
    CHECK(run({"fill", "--forms", "juminhyo"}).code == k_forms_exit_usage);
    CHECK(run({"fill", "--pin", "1234"}).code == k_forms_exit_usage);
    CHECK(run({}).code == k_forms_exit_usage);
    std::filesystem::remove_all(dir);
}

TEST_CASE("forms print says plainly when CUPS has no printer") {
    const auto dir = fresh_dir("madoguchi_forms_print");
    std::ofstream(dir / "a.pdf") << "%PDF-1.4\n";
    // A scheduler that is not there: no destinations, whatever this machine has configured.
    const std::string socket = (dir / "no-cupsd.sock").string();
    cupsSetServer(socket.c_str());
    const std::string pdf = (dir / "a.pdf").string();
    const testing::SubcommandRun printed = run({"print", "--pdf", pdf.c_str()});
    CHECK(printed.code == k_forms_exit_no_printer);
    CHECK(printed.err.find("CUPS has no printer: cannot reach the scheduler at " + socket + " (is cupsd running?)") !=
          std::string::npos);
    const testing::SubcommandRun named = run({"print", "--pdf", pdf.c_str(), "--destination", "A4"});
    CHECK(named.code == k_forms_exit_no_printer);
    cupsSetServer(nullptr);
    CHECK(run({"print", "--pdf", "/nonexistent.pdf"}).code == k_forms_exit_usage);
    std::filesystem::remove_all(dir);
}

TEST_CASE("forms print hands the PDF to CUPS unchanged") {
    const auto dir = fresh_dir("madoguchi_forms_cups");
    std::ofstream(dir / "answers.toml") << k_answers;
    const auto pdf = dir / "forms.pdf";
    const std::string answers = (dir / "answers.toml").string();
    REQUIRE(
        run({"fill", "--forms", "juminhyo,inkan_shomei", "--answers", answers.c_str(), "--pdf", pdf.c_str()}).code ==
        k_forms_exit_ok);
    {
        PrivateCups cups(dir / "cups");
        const testing::SubcommandRun printed = run({"print", "--pdf", pdf.c_str(), "--destination", "A4"});
        REQUIRE_MESSAGE(printed.code == k_forms_exit_ok, printed.err);
        CHECK(printed.out.starts_with("CUPS job "));
        REQUIRE(cups.wait_for_output());
        CHECK(pdf_text(cups.output()) == pdf_text(pdf));
        CHECK(std::filesystem::file_size(cups.output()) == std::filesystem::file_size(pdf));
        const testing::SubcommandRun wrong = run({"print", "--pdf", pdf.c_str(), "--destination", "Letter"});
        CHECK(wrong.code == k_forms_exit_no_printer);
        CHECK(wrong.err.find("CUPS has no printer named \"Letter\" (it has A4)") != std::string::npos);
    }
    {
        PrivateCups no_queues(dir / "empty_cups", false);
        const testing::SubcommandRun printed = run({"print", "--pdf", pdf.c_str()});
        CHECK(printed.code == k_forms_exit_no_printer);
        CHECK(printed.err.find("CUPS has no printer: no queue has been added (lpadmin") != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("the kiosk refuses to start with a bad form definition and says where") {
    // The program finds its forms at <exe>/../share/madoguchi/forms: a copy of it beside a bad one.
    const auto root = fresh_dir("madoguchi_forms_startup");
    std::filesystem::create_directories(root / "bin");
    std::filesystem::create_directories(root / "share/madoguchi/forms");
    std::filesystem::copy(MADOGUCHI_BINARY, root / "bin/madoguchi");
    std::filesystem::copy(MADOGUCHI_SOURCE_DIR "/assets/forms", root / "share/madoguchi/forms");
    std::ofstream(root / "share/madoguchi/forms/zzz_bad.toml") << "title = \"x\"\nen = \"x\"\nservice = \"tax\"\nsections = 3\n";
    const std::string command = (root / "bin/madoguchi").string() +
                                " --config " MADOGUCHI_SOURCE_DIR "/installer/terminal.toml 2>" +
                                (root / "err.txt").string();
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    std::ifstream err(root / "err.txt");
    const std::string message((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
    CHECK(message.find("zzz_bad.toml:4: key sections: must be one or more [[sections]] tables") != std::string::npos);
    std::filesystem::remove_all(root);
}
