#include "log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace madoguchi::log {
namespace {

std::atomic<Level> g_min_level{Level::info};
std::mutex g_write_mutex;

const char* level_name(Level level) {
    switch (level) {
        case Level::debug: return "debug";
        case Level::info: return "info";
        case Level::warn: return "warn";
        case Level::error: return "error";
    }
    return "info";
}

bool needs_quotes(std::string_view value) {
    if (value.empty()) {
        return true;
    }
    for (char c : value) {
        if (c == ' ' || c == '"' || c == '=' || c == '\n' || c == '\t') {
            return true;
        }
    }
    return false;
}

void append_value(std::string& line, std::string_view value) {
    if (!needs_quotes(value)) {
        line += value;
        return;
    }
    line += '"';
    for (char c : value) {
        if (c == '"' || c == '\\') {
            line += '\\';
            line += c;
        } else if (c == '\n') {
            line += "\\n";
        } else {
            line += c;
        }
    }
    line += '"';
}

}  // namespace

void set_min_level(Level level) { g_min_level = level; }

void write(Level level, std::string_view event, std::initializer_list<Field> fields) {
    if (level < g_min_level.load()) {
        return;
    }
    std::string line = "level=";
    line += level_name(level);
    line += " event=";
    line += event;
    for (const Field& field : fields) {
        line += ' ';
        line += field.key;
        line += '=';
        append_value(line, field.value);
    }
    line += '\n';
    const std::lock_guard lock(g_write_mutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace madoguchi::log
