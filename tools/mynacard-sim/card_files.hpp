#pragma once
// The EF contents of the 券面事項入力補助AP, encoded from a profile the way cards write them.
#include <cstdint>
#include <vector>

#include "profile.hpp"

namespace madoguchi::sim {

std::vector<std::uint8_t> attributes_file(const Profile& profile);
std::vector<std::uint8_t> number_file(const Profile& profile);
std::vector<std::uint8_t> ap_info_file();

}  // namespace madoguchi::sim
