#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "drivers/printer/printer_profile.hpp"

using namespace madoguchi::printer;

namespace {

ProfileError error_of(const std::string& text) {
    auto profile = parse_profile(text, "bad.toml");
    REQUIRE_FALSE(profile);
    return profile.error();
}

}  // namespace

TEST_CASE("every shipped profile loads and is one of the allowed head widths") {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(MADOGUCHI_SOURCE_DIR "/assets/printers")) {
        CAPTURE(entry.path().string());
        auto profile = load_profile(entry.path());
        REQUIRE_MESSAGE(profile, (profile ? "" : profile.error().describe()));
        CHECK_FALSE(profile->name.empty());
        ++count;
    }
    CHECK(count >= 4);
}

TEST_CASE("a profile's USB ids, width, QR and cutter are read") {
    auto profile = parse_profile(R"(
name = "Test"
dots_per_line = 384
native_qr = false
cutter = false
[[usb]]
vendor = "04B8"
product = "0e15"
[[usb]]
vendor = "2730"
product = "0fff"
)",
                                 "test.toml");
    REQUIRE(profile);
    CHECK(profile->dots_per_line == 384);
    CHECK(profile->dots_per_mm == 8);
    CHECK_FALSE(profile->native_qr);
    CHECK_FALSE(profile->cutter);
    CHECK(profile->matches(0x04B8, 0x0E15));
    CHECK(profile->matches(0x2730, 0x0FFF));
    CHECK_FALSE(profile->matches(0x04B8, 0x0202));
}

TEST_CASE("a vendor outside the allowlist is an error at its key and line") {
    const ProfileError error = error_of("name = \"X\"\n[[usb]]\nvendor = \"04b8\"\nproduct = \"0202\"\n"
                                        "[[usb]]\nvendor = \"1234\"\nproduct = \"0001\"\n");
    CHECK(error.code == ProfileErrorCode::bad_value);
    CHECK(error.key == "usb[1].vendor");
    CHECK(error.line == 6);
    CHECK(error.describe() == "bad.toml:6: key usb[1].vendor: " + error.reason);
}

TEST_CASE("bad values, types and keys name the file, the key and the line") {
    SUBCASE("width not a printer's") {
        const ProfileError error = error_of("name = \"X\"\ndots_per_line = 600\n");
        CHECK(error.code == ProfileErrorCode::bad_value);
        CHECK(error.key == "dots_per_line");
        CHECK(error.line == 2);
    }
    SUBCASE("wrong type") {
        const ProfileError error = error_of("name = \"X\"\n\nnative_qr = \"yes\"\n");
        CHECK(error.code == ProfileErrorCode::wrong_type);
        CHECK(error.key == "native_qr");
        CHECK(error.line == 3);
    }
    SUBCASE("misspelt key") {
        const ProfileError error = error_of("name = \"X\"\ncuter = true\n");
        CHECK(error.code == ProfileErrorCode::unknown_key);
        CHECK(error.key == "cuter");
        CHECK(error.line == 2);
    }
    SUBCASE("product id not hexadecimal") {
        const ProfileError error = error_of("name = \"X\"\n[[usb]]\nvendor = \"0519\"\nproduct = \"zz01\"\n");
        CHECK(error.key == "usb[0].product");
        CHECK(error.line == 4);
    }
    SUBCASE("missing name") {
        const ProfileError error = error_of("dots_per_line = 576\n");
        CHECK(error.code == ProfileErrorCode::missing_key);
        CHECK(error.key == "name");
        CHECK(error.line == 0);
    }
    SUBCASE("syntax") {
        const ProfileError error = error_of("name = \"X\"\ndots_per_line = = 3\n");
        CHECK(error.code == ProfileErrorCode::syntax);
        CHECK(error.line == 2);
        CHECK(error.file == "bad.toml");
    }
}

TEST_CASE("a bad profile file on disk is reported with its path and line") {
    const auto path = std::filesystem::temp_directory_path() / ("printer-profile-" + std::to_string(::getpid()) + ".toml");
    std::ofstream(path) << "name = \"X\"\n[[usb]]\nvendor = 1208\nproduct = \"0202\"\n";
    auto profile = load_profile(path);
    std::filesystem::remove(path);
    REQUIRE_FALSE(profile);
    CHECK(profile.error().file == path.string());
    CHECK(profile.error().key == "usb[0].vendor");
    CHECK(profile.error().line == 3);
    CHECK(profile.error().code == ProfileErrorCode::wrong_type);

    auto missing = load_profile(path);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ProfileErrorCode::unreadable);
}
