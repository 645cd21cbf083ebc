#pragma once
#include <filesystem>

namespace madoguchi {

// <exe>/../share/madoguchi: the same layout in the build tree and once installed.
std::filesystem::path data_dir();
inline std::filesystem::path catalog_dir() { return data_dir() / "locale"; }

}  // namespace madoguchi
