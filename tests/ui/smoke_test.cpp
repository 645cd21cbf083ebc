#include <doctest/doctest.h>
#include <stb_image.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>
#include <filesystem>
#include <set>
#include <string>

namespace {

const std::string k_config = MADOGUCHI_SOURCE_DIR "/installer/terminal.toml";

struct Run {
    int status = -1;
    std::string output;
};

Run run_capturing(const std::string& command) {
    Run run;
    std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
        run.output += buffer;
    }
    const int status = ::pclose(pipe);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

// xvfb-run can fail after the program has run (it could not remove its temporary directory
// while other X servers came and went), so the program's own exit status is printed and read.
Run run_in_xvfb(const std::string& command) {
    constexpr std::string_view marker = "madoguchi-exit=";
    Run run = run_capturing("xvfb-run -a -s '-screen 0 1920x1080x24' sh -c \"" + command + "; echo " +
                            std::string(marker) + "\\$?\"");
    const auto at = run.output.rfind(marker);
    run.status = at == std::string::npos ? -1 : std::atoi(run.output.c_str() + at + marker.size());
    return run;
}

int run_under_xvfb(const std::string& arguments) {
    return run_in_xvfb(MADOGUCHI_APP " --config " + k_config + " " + arguments + " 2>/dev/null").status;
}

struct Picture {
    int width = 0;
    int height = 0;
    std::size_t colours = 0;
    double non_background = 0;  // share of pixels unlike the top-left one
};

Picture inspect(const std::filesystem::path& png) {
    Picture picture;
    int channels = 0;
    unsigned char* pixels = stbi_load(png.c_str(), &picture.width, &picture.height, &channels, 4);
    REQUIRE_MESSAGE(pixels != nullptr, "cannot read " << png);
    std::set<std::uint32_t> colours;
    std::size_t different = 0;
    const auto pixel = [&](std::size_t i) {
        return std::uint32_t(pixels[i * 4]) << 16 | std::uint32_t(pixels[i * 4 + 1]) << 8 | pixels[i * 4 + 2];
    };
    const std::size_t count = static_cast<std::size_t>(picture.width) * static_cast<std::size_t>(picture.height);
    for (std::size_t i = 0; i < count; ++i) {
        colours.insert(pixel(i));
        different += pixel(i) != pixel(0) ? 1 : 0;
    }
    stbi_image_free(pixels);
    picture.colours = colours.size();
    picture.non_background = static_cast<double>(different) / static_cast<double>(count);
    return picture;
}

}  // namespace

TEST_CASE("every screen renders, in Japanese and in English") {
    const auto dir = std::filesystem::temp_directory_path() / ("madoguchi-smoke-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (const char* screen : {"attract", "menu", "idle", "ticket-service", "ticket-priority", "ticket-printing",
                               "ticket-take", "ticket-take-forms", "ticket-take-forms-printed", "ticket-take-forms-print-failed", "ticket-problem", "menu-assisted", "forms-choose", "forms-review", "forms-review-number", "forms-number", "forms-extras-kana",
                               "forms-extras-phone", "forms-extras-choice", "forms-extras-date", "display",
                               "display-offline", "counter-login", "counter-password", "counter-setup",
                               "counter-working", "counter-notice", "counter-forms", "counter-transfer", "floor-overview", "floor-overview-offline",
                               "floor-statistics", "floor-kiosks", "floor-overview-assist", "floor-overview-assist-login"}) {
        for (const char* language : {"ja", "en"}) {
            CAPTURE(screen);
            CAPTURE(language);
            const auto png = dir / (std::string(screen) + "-" + language + ".png");
            REQUIRE(run_under_xvfb(std::string("--screenshot ") + png.string() + " --screen " + screen + " --lang " +
                                   language) == 0);
            const Picture picture = inspect(png);
            CHECK(picture.width == 1920);
            CHECK(picture.height == 1080);
            // Anti-aliased text and buttons give many colours; a blank or one-colour frame fails.
            CHECK(picture.colours > 20);
            CHECK(picture.non_background > 0.01);
        }
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("the kiosk's event loop starts, draws and exits") {
    CHECK(run_under_xvfb("--windowed 1280x720 --frames 3") == 0);
}

TEST_CASE("a counter terminal starts at its log-in, draws and exits, even with no server to reach") {
    CHECK(run_under_xvfb("--role counter --windowed 1280x720 --frames 3") == 0);
}

TEST_CASE("doctor: what is in place, and for what is not, a fix, and exit code 1 then") {
    // Under Xvfb with the fonts installed, but no pcscd, no terminal key and no server here.
    const Run run = run_in_xvfb(MADOGUCHI_APP " doctor --config " +
                                  k_config + " --lang en");
    CAPTURE(run.output);
    CHECK(run.status == 1);
    CHECK(run.output.find("ok    configuration: ") != std::string::npos);
    CHECK(run.output.find("ok    fonts: ") != std::string::npos);
    CHECK(run.output.find("ok    display: x11") != std::string::npos);
    CHECK(run.output.find("FAIL  outbox: terminal key /etc/madoguchi/terminal.key is missing") != std::string::npos);
    CHECK(run.output.find("FAIL  server: ") != std::string::npos);
    // The shipped configuration looks for a USB receipt printer, and this machine has none.
    CHECK(run.output.find("FAIL  receipt printer: no USB printer found") != std::string::npos);
    CHECK(run.output.find("Fix: connect and switch on the printer") != std::string::npos);
    CHECK(run.output.find("Fix: create the terminal key") != std::string::npos);
    CHECK(run.output.find("ok    forms: 8 form definitions") != std::string::npos);
    CHECK(run.output.find("FAIL  application key: application key /etc/madoguchi/application.key is missing") !=
          std::string::npos);
    CHECK(run.output.find("ok    furigana: ") != std::string::npos);
    CHECK(run.output.find("A4 printer: ") != std::string::npos);
    CHECK(run.output.find("Some checks failed") != std::string::npos);

    const Run japanese = run_capturing(MADOGUCHI_APP " doctor --config /nonexistent.toml --lang ja");
    CHECK(japanese.status == 1);
    CHECK(japanese.output.find("FAIL  設定: /nonexistent.toml: ") != std::string::npos);
    CHECK(japanese.output.find("対処: installer/terminal.toml を") != std::string::npos);
}

TEST_CASE("a bad configuration stops the kiosk with exit code 2") {
    const auto bad = std::filesystem::temp_directory_path() / ("madoguchi-bad-" + std::to_string(::getpid()) + ".toml");
    {
        std::FILE* file = std::fopen(bad.c_str(), "w");
        REQUIRE(file != nullptr);
        std::fputs("[terminal]\nsite = \"chuo\"\nrole = \"king\"\n[server]\nurl = \"https://a\"\n", file);
        std::fclose(file);
    }
    const std::string command = MADOGUCHI_APP " --config " + bad.string() + " --frames 1 2>&1";
    std::FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
        output += buffer;
    }
    const int status = ::pclose(pipe);
    std::filesystem::remove(bad);
    CHECK(WEXITSTATUS(status) == 2);
    CHECK(output.find(bad.string() + ":3: key terminal.role:") != std::string::npos);
}

TEST_CASE("a display: doctor checks its voices and its sound card") {
    const auto config =
        std::filesystem::temp_directory_path() / ("madoguchi-display-" + std::to_string(::getpid()) + ".toml");
    {
        std::FILE* file = std::fopen(config.c_str(), "w");
        REQUIRE(file != nullptr);
        std::fputs("[terminal]\nsite = \"chuo\"\nrole = \"display\"\n[server]\nurl = \"https://127.0.0.1:1\"\n", file);
        std::fclose(file);
    }
    const Run doctor = run_capturing(MADOGUCHI_APP " doctor --config " + config.string() + " --lang en");
    CAPTURE(doctor.output);
    // The voices must be there; a sound card may not be (CI): then the fix says what to do.
    const bool heard = doctor.output.find("ok    announcements: Japanese and English voices") != std::string::npos;
    const bool silent = doctor.output.find("FAIL  announcements: no audio") != std::string::npos &&
                        doctor.output.find("Fix: connect the speakers") != std::string::npos;
    CHECK((heard || silent));
    std::filesystem::remove(config);
}

TEST_CASE("a counter: doctor checks its camera, and says what to do when it is no camera") {
    const auto config =
        std::filesystem::temp_directory_path() / ("madoguchi-counter-" + std::to_string(::getpid()) + ".toml");
    {
        std::FILE* file = std::fopen(config.c_str(), "w");
        REQUIRE(file != nullptr);
        std::fputs("[terminal]\nsite = \"chuo\"\nrole = \"counter\"\n[server]\nurl = \"https://127.0.0.1:1\"\n"
                   "[counter]\ncamera = \"/dev/null\"\n",
                   file);
        std::fclose(file);
    }
    const Run doctor = run_capturing(MADOGUCHI_APP " doctor --config " + config.string() + " --lang en");
    CAPTURE(doctor.output);
    CHECK(doctor.status == 1);
    CHECK(doctor.output.find("FAIL  ticket camera: /dev/null: not a V4L2 device") != std::string::npos);
    CHECK(doctor.output.find("Fix: connect the camera and set [counter] camera to its node") != std::string::npos);
    std::filesystem::remove(config);
}
