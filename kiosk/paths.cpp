#include "paths.hpp"

#include <system_error>

namespace madoguchi {

std::filesystem::path data_dir() {
    std::error_code error;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) {
        return "/usr/share/madoguchi";
    }
    return exe.parent_path().parent_path() / "share" / "madoguchi";
}

}  // namespace madoguchi
