#include <doctest/doctest.h>

#include <vector>

#include "kiosk/command_line.hpp"

using namespace madoguchi;

namespace {
std::expected<CommandLine, std::string> parse(std::initializer_list<const char*> args) {
    std::vector<const char*> argv{"madoguchi"};
    argv.insert(argv.end(), args);
    return parse_command_line(argv);
}
}  // namespace

TEST_CASE("defaults: run the terminal with the system configuration, full screen") {
    const auto command_line = parse({});
    REQUIRE(command_line.has_value());
    CHECK(command_line->command == Command::run);
    CHECK(command_line->config_path == "/etc/madoguchi/terminal.toml");
    CHECK_FALSE(command_line->windowed);
}

TEST_CASE("options and subcommands") {
    const auto windowed = parse({"--windowed", "1280x720", "--config", "t.toml", "--lang", "en"});
    REQUIRE(windowed.has_value());
    CHECK(windowed->windowed->width == 1280);
    CHECK(windowed->windowed->height == 720);
    CHECK(windowed->config_path == "t.toml");
    CHECK(windowed->language == "en");
    CHECK(parse({"--config", "t.toml", "doctor"})->command == Command::doctor);
    CHECK(parse({"--version"})->command == Command::version);
    const auto shot = parse({"--screenshot", "a.png", "--screen", "menu"});
    CHECK(shot->screenshot == "a.png");
    CHECK(shot->screen == "menu");
    CHECK(parse({"--role", "display"})->role == Role::display);
    CHECK_FALSE(parse({})->role.has_value());
}

TEST_CASE("the card subcommand takes the rest of the line as its own") {
    // subcommand_args points into argv, as it does into main()'s: keep it alive here too.
    const std::vector<const char*> argv{"madoguchi", "card", "read", "--json", "--reader", "Virtual PCD 00 00"};
    const auto card = parse_command_line(argv);
    REQUIRE(card.has_value());
    CHECK(card->command == Command::card);
    REQUIRE(card->subcommand_args.size() == 4);
    CHECK(std::string_view(card->subcommand_args[0]) == "read");
    CHECK(std::string_view(card->subcommand_args[3]) == "Virtual PCD 00 00");
}

TEST_CASE("the forms subcommand takes the rest of the line as its own") {
    const std::vector<const char*> argv{"madoguchi", "forms", "fill", "--forms", "juminhyo", "--pdf", "out.pdf"};
    const auto forms = parse_command_line(argv);
    REQUIRE(forms.has_value());
    CHECK(forms->command == Command::forms);
    REQUIRE(forms->subcommand_args.size() == 5);
    CHECK(std::string_view(forms->subcommand_args[0]) == "fill");
}

TEST_CASE("bad usage is an error with a reason") {
    CHECK_FALSE(parse({"--windowed", "big"}).has_value());
    CHECK_FALSE(parse({"--windowed", "0x720"}).has_value());
    CHECK_FALSE(parse({"--windowed"}).has_value());
    CHECK_FALSE(parse({"--frames", "-1"}).has_value());
    CHECK_FALSE(parse({"--config"}).has_value());
    CHECK_FALSE(parse({"--role"}).has_value());
    CHECK(parse({"--role", "lobby"}).error() == "--role needs one of citizen, counter, floor, display");
    CHECK(parse({"--bogus"}).error() == "unknown argument: --bogus");
    CHECK_FALSE(parse({"doctor", "doctor"}).has_value());
}
