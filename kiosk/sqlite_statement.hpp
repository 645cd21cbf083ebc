#pragma once
// One prepared SQLite statement, finalized with its scope: shared by the kiosk's local tables
// (the outbox and the number blocks), which live in one database file.
#include <sqlite3.h>

#include <cstdint>
#include <span>
#include <string_view>

namespace madoguchi {

class Statement {
public:
    Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &m_statement, nullptr); }
    ~Statement() { sqlite3_finalize(m_statement); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool ok() const { return m_statement != nullptr; }
    sqlite3_stmt* get() const { return m_statement; }
    void bind(int index, std::string_view text) {
        sqlite3_bind_text(m_statement, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
    void bind(int index, std::int64_t value) { sqlite3_bind_int64(m_statement, index, value); }
    void bind(int index, std::span<const std::uint8_t> blob) {
        sqlite3_bind_blob(m_statement, index, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    }
    int step() { return m_statement == nullptr ? SQLITE_ERROR : sqlite3_step(m_statement); }
    std::string_view text(int column) const {
        const auto* chars = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
        return chars == nullptr ? std::string_view() : std::string_view(chars);
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(m_statement, column); }
    std::span<const std::uint8_t> blob(int column) const {
        const auto* bytes = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_statement, column));
        return {bytes, static_cast<std::size_t>(sqlite3_column_bytes(m_statement, column))};
    }

private:
    sqlite3_stmt* m_statement = nullptr;
};

}  // namespace madoguchi
