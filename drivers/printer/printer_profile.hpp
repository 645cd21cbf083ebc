#pragma once
// A printer model's facts, from assets/printers/*.toml: which USB devices it is, how wide its
// head is, whether it draws QR codes itself and whether it cuts. A bad file is an error naming
// the file, the key and the line, never a silent default.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/error.hpp"

namespace madoguchi::printer {

// USB vendors whose receipt printers we accept: Epson, Star, Citizen (two ids).
inline constexpr std::uint16_t k_allowed_vendors[] = {0x04B8, 0x0519, 0x1D90, 0x2730};
inline constexpr int k_allowed_dots_per_line[] = {384, 512, 576, 640};

struct UsbId {
    std::uint16_t vendor = 0;
    std::uint16_t product = 0;
};

struct PrinterProfile {
    std::string name;
    std::vector<UsbId> usb;
    int dots_per_line = 576;
    int dots_per_mm = 8;
    bool native_qr = true;
    bool cutter = true;

    bool matches(std::uint16_t vendor, std::uint16_t product) const;
};

enum class ProfileErrorCode { unreadable, syntax, unknown_key, missing_key, wrong_type, bad_value };

struct ProfileError {
    ProfileErrorCode code;
    std::string file;
    std::string key;         // dotted, e.g. "usb[1].vendor"; empty for file-level errors
    std::uint32_t line = 0;  // 0 when the file has no line for it (a missing key)
    std::string reason;

    // "FILE:LINE: key KEY: REASON"
    std::string describe() const;
};

template <typename T>
using ProfileResult = std::expected<T, ProfileError>;

ProfileResult<PrinterProfile> parse_profile(std::string_view text, std::string_view file_name);
ProfileResult<PrinterProfile> load_profile(const std::filesystem::path& path);

}  // namespace madoguchi::printer
