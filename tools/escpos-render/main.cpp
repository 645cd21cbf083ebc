// escpos-render: ESC/POS bytes → PNG at the printer's resolution, for tests and the demo.
//   escpos-render [--profile FILE | --dots-per-line N] [--dots-per-mm N] INPUT OUTPUT.png
// Exit codes: 0 rendered, 1 the input cannot be read or rendered, 2 bad usage.
#include <stb_image_write.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/printer/printer_profile.hpp"
#include "escpos_interpreter.hpp"

namespace {

constexpr const char* k_usage =
    "usage: escpos-render [--profile FILE | --dots-per-line N] [--dots-per-mm N] INPUT OUTPUT.png\n";

bool parse_int(std::string_view text, int& value) {
    try {
        std::size_t used = 0;
        value = std::stoi(std::string(text), &used);
        return used == text.size() && value > 0;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace madoguchi;
    escpos::PaperOptions options;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        const bool has_value = i + 1 < argc;
        if (argument == "--profile" && has_value) {
            auto profile = printer::load_profile(argv[++i]);
            if (!profile) {
                std::cerr << "escpos-render: " << profile.error().describe() << "\n";
                return 2;
            }
            options.dots_per_line = profile->dots_per_line;
            options.dots_per_mm = profile->dots_per_mm;
        } else if (argument == "--dots-per-line" && has_value) {
            if (!parse_int(argv[++i], options.dots_per_line)) {
                std::cerr << k_usage;
                return 2;
            }
        } else if (argument == "--dots-per-mm" && has_value) {
            if (!parse_int(argv[++i], options.dots_per_mm)) {
                std::cerr << k_usage;
                return 2;
            }
        } else if (!argument.starts_with("--")) {
            files.emplace_back(argument);
        } else {
            std::cerr << k_usage;
            return 2;
        }
    }
    if (files.size() != 2) {
        std::cerr << k_usage;
        return 2;
    }
    std::ifstream input(files[0], std::ios::binary);
    if (!input) {
        std::cerr << "escpos-render: cannot read " << files[0] << "\n";
        return 1;
    }
    const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>()};
    auto paper = escpos::render_escpos(bytes, options);
    if (!paper) {
        std::cerr << "escpos-render: " << files[0] << ": " << paper.error().message << "\n";
        return 1;
    }
    if (stbi_write_png(files[1].c_str(), paper->width, paper->height, 1, paper->pixels.data(), paper->width) == 0) {
        std::cerr << "escpos-render: cannot write " << files[1] << "\n";
        return 1;
    }
    return 0;
}
