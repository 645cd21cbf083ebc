#pragma once
// Structured log lines on stderr (journald collects them). Never pass personal data here: no
// names, addresses, numbers, PINs or photos, not even masked.
#include <initializer_list>
#include <string>
#include <string_view>

namespace madoguchi::log {

enum class Level { debug, info, warn, error };

struct Field {
    std::string_view key;
    std::string value;
};

void write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

// Lines below this level are dropped; tests and benchmarks quieten the log with it.
void set_min_level(Level level);

inline void info(std::string_view event, std::initializer_list<Field> fields = {}) {
    write(Level::info, event, fields);
}
inline void warn(std::string_view event, std::initializer_list<Field> fields = {}) {
    write(Level::warn, event, fields);
}
inline void error(std::string_view event, std::initializer_list<Field> fields = {}) {
    write(Level::error, event, fields);
}

}  // namespace madoguchi::log
