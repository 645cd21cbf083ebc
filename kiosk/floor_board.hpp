#pragma once
// What the floor manager's console knows: the site now and its kiosks' health (both refreshed
// every few seconds) and today's statistics (on request), each the last good answer with when it came. A failed
// refresh never clears what is shown: the figures stay, marked with their age, until the
// server answers again. No I/O here: FloorFeed fetches, and its answers are applied on the UI
// thread.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "display_board.hpp"
#include "error.hpp"
#include "floor_messages.hpp"

namespace madoguchi {

// Why the last request brought nothing new.
enum class FloorProblem {
    none,
    server_away,   // no answer: network or server down
    bad_setup,     // the server address or this terminal's certificate files are unusable
    refused,       // 403 or 404: not a floor (or counter) certificate, or another site
    server_fault,  // any other status
    unreadable,    // an answer that is not what the server documents
    write_failed,  // the CSV came but could not be written to the reports folder
};

struct FloorSettings {
    std::string site;
    std::chrono::seconds refresh{10};
    // A service whose longest wait passes this is marked on the overview.
    std::chrono::minutes long_wait{30};
    // Where the day's CSV is saved.
    std::filesystem::path reports{"/var/lib/madoguchi/reports"};
};

// One kind of answer: the last good one, when it came, and what the latest attempt came to.
template <typename T>
struct Latest {
    std::optional<T> value;
    std::optional<Clock::time_point> received_at;
    FloorProblem problem = FloorProblem::none;
    bool pending = false;
};

// Why a kiosk needs someone to go and look: it went quiet, or its printer cannot print tickets.
// Paper near end still prints and is shown without the mark.
enum class KioskAlert { none, silent, printer_stopped };
KioskAlert kiosk_alert(const KioskReport& kiosk);

class FloorBoard {
public:
    explicit FloorBoard(FloorSettings settings = {}) : m_settings(std::move(settings)) {}

    void apply_overview(Result<SiteOverview, FloorProblem> answer, Clock::time_point now);
    void apply_kiosks(Result<SiteKiosks, FloorProblem> answer, Clock::time_point now);
    void statistics_requested() { m_statistics.pending = true; }
    void apply_statistics(Result<DayStatistics, FloorProblem> answer, Clock::time_point now);
    void csv_requested();
    void apply_csv(Result<std::filesystem::path, FloorProblem> answer);

    const FloorSettings& settings() const { return m_settings; }
    const Latest<SiteOverview>& overview() const { return m_overview; }
    const Latest<SiteKiosks>& kiosks() const { return m_kiosks; }
    const Latest<DayStatistics>& statistics() const { return m_statistics; }
    const Latest<std::filesystem::path>& csv() const { return m_csv; }

    // The overview shown is not current: the last refresh failed, or none has come back for
    // longer than three refresh periods (a request that hangs fails only after its timeout).
    bool overview_stale(Clock::time_point now) const;
    // How old the shown overview is; none before the first answer.
    std::optional<std::chrono::seconds> overview_age(Clock::time_point now) const;
    // The same for the kiosks' list, fetched with the overview.
    bool kiosks_stale(Clock::time_point now) const;
    std::optional<std::chrono::seconds> kiosks_age(Clock::time_point now) const;
    bool long_wait(const ServiceOverview& service) const;
    // How long a kiosk has been silent by the server's clock (the overview's, moved on by the time
    // since it came); none before an overview came.
    std::optional<std::chrono::minutes> silent_for(const KioskReport& kiosk, Clock::time_point now) const;
    // The service's name in `language` (Japanese, or English for every other language), or its
    // id when the overview does not know it (a service seen only in the statistics).
    std::string service_name(std::string_view service, std::string_view language) const;
    // When the screen must be drawn again without news: the overview turning stale, then each
    // time its age as shown changes (seconds in the first minute, minutes after).
    std::optional<Clock::time_point> next_deadline(Clock::time_point now) const;

private:
    std::chrono::seconds stale_after() const;

    FloorSettings m_settings;
    Latest<SiteOverview> m_overview;
    Latest<SiteKiosks> m_kiosks;
    Latest<DayStatistics> m_statistics;
    Latest<std::filesystem::path> m_csv;
};

}  // namespace madoguchi
