#pragma once
// What the virtual card holds and how it encodes it, from a TOML profile:
//
//   [card]      name, address, birth_date (YYYYMMDD), sex ("1" | "2" | "9" | "0"), number (12
//               digits, not validated: tests need wrong check digits), pin (4 digits), tries_left
//   [encoding]  long_form_lengths (82 hi lo everywhere), prefix (hex bytes before FF 20),
//               short_form (accept the SFI forms of VERIFY and READ BINARY), filler (FF bytes
//               after the template), attributes_hex / number_hex (raw EF 0002 / EF 0001, for
//               malformed-data tests), has_attributes_ap (false: some other card)
#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace madoguchi::sim {

struct Profile {
    std::string name;
    std::string address;
    std::string birth_date;
    std::string sex;
    std::string number;
    std::string pin;
    int tries_left = 3;

    bool long_form_lengths = false;
    std::vector<std::uint8_t> prefix;
    bool short_form = true;
    int filler = 16;
    bool has_attributes_ap = true;
    std::vector<std::uint8_t> attributes_raw;
    std::vector<std::uint8_t> number_raw;
};

std::expected<Profile, std::string> load_profile(const std::filesystem::path& path);

}  // namespace madoguchi::sim
