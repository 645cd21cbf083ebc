#pragma once
// Reading a generated PDF back as text, as a person with a PDF viewer would.
#include <cstdio>
#include <filesystem>
#include <string>

namespace madoguchi::testing {

inline std::string pdf_text(const std::filesystem::path& pdf) {
    const std::string command = "pdftotext -enc UTF-8 '" + pdf.string() + "' - 2>/dev/null";
    std::FILE* pipe = ::popen(command.c_str(), "r");
    std::string text;
    if (pipe == nullptr) {
        return text;
    }
    char buffer[4096];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
        text.append(buffer, got);
    }
    ::pclose(pipe);
    return text;
}

inline int pdf_pages(const std::filesystem::path& pdf) {
    const std::string command = "pdfinfo '" + pdf.string() + "' 2>/dev/null | sed -n 's/^Pages: *//p'";
    std::FILE* pipe = ::popen(command.c_str(), "r");
    int pages = -1;
    if (pipe != nullptr) {
        if (std::fscanf(pipe, "%d", &pages) != 1) {
            pages = -1;
        }
        ::pclose(pipe);
    }
    return pages;
}

inline std::filesystem::path fresh_dir(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace madoguchi::testing
