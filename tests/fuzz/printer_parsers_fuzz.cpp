// libFuzzer target for everything in the printer path that reads bytes from outside: the status
// bytes a printer answers, ESC/POS jobs fed to escpos-render, and printer profile files.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "drivers/printer/printer_profile.hpp"
#include "drivers/printer/printer_status.hpp"
#include "tools/escpos-render/escpos_interpreter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> input(data, size);
    if (auto status = madoguchi::printer::parse_status(input)) {
        (void)madoguchi::printer::ready_to_print(*status);
    }
    // A narrow paper keeps each run fast; the interpreter's bounds do not depend on the width.
    (void)madoguchi::escpos::render_escpos(input, {64, 8});
    (void)madoguchi::printer::parse_profile(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
    return 0;
}
