#include "floor_board.hpp"

#include <algorithm>

#include "log.hpp"

namespace madoguchi {
namespace {

template <typename T>
void apply(Latest<T>& latest, Result<T, FloorProblem> answer, Clock::time_point now, const char* what) {
    latest.pending = false;
    if (!answer) {
        // The figures stay: an old picture, marked as old, serves the floor better than none.
        if (latest.problem != answer.error().code) {
            log::warn("floor_refresh_failed", {{"what", what}, {"detail", answer.error().message}});
        }
        latest.problem = answer.error().code;
        return;
    }
    if (!latest.value || latest.problem != FloorProblem::none) {
        log::info("floor_answered", {{"what", what}});
    }
    latest.value = std::move(*answer);
    latest.received_at = now;
    latest.problem = FloorProblem::none;
}

template <typename T>
std::optional<std::chrono::seconds> age_of(const Latest<T>& latest, Clock::time_point now) {
    if (!latest.received_at) {
        return std::nullopt;
    }
    return std::chrono::floor<std::chrono::seconds>(std::max(now - *latest.received_at, Clock::duration::zero()));
}

template <typename T>
bool is_stale(const Latest<T>& latest, Clock::time_point now, std::chrono::seconds stale_after) {
    if (!latest.value) {
        return false;
    }
    return latest.problem != FloorProblem::none || now - *latest.received_at > stale_after;
}

}  // namespace

KioskAlert kiosk_alert(const KioskReport& kiosk) {
    if (kiosk.stale) {
        return KioskAlert::silent;
    }
    switch (kiosk.printer) {
        case PrinterHealth::ready:
        case PrinterHealth::paper_near_end: return KioskAlert::none;
        case PrinterHealth::paper_out:
        case PrinterHealth::cover_open:
        case PrinterHealth::offline:
        case PrinterHealth::error:
        case PrinterHealth::no_printer: return KioskAlert::printer_stopped;
    }
    return KioskAlert::printer_stopped;
}

void FloorBoard::apply_overview(Result<SiteOverview, FloorProblem> answer, Clock::time_point now) {
    apply(m_overview, std::move(answer), now, "overview");
}

void FloorBoard::apply_kiosks(Result<SiteKiosks, FloorProblem> answer, Clock::time_point now) {
    apply(m_kiosks, std::move(answer), now, "kiosks");
}

void FloorBoard::apply_statistics(Result<DayStatistics, FloorProblem> answer, Clock::time_point now) {
    apply(m_statistics, std::move(answer), now, "statistics");
}

void FloorBoard::csv_requested() {
    m_csv.pending = true;
    m_csv.value.reset();
    m_csv.problem = FloorProblem::none;
}

void FloorBoard::apply_csv(Result<std::filesystem::path, FloorProblem> answer) {
    m_csv.pending = false;
    if (!answer) {
        log::warn("floor_csv_failed", {{"detail", answer.error().message}});
        m_csv.problem = answer.error().code;
        return;
    }
    log::info("floor_csv_saved", {{"path", answer->string()}});
    m_csv.value = std::move(*answer);
    m_csv.problem = FloorProblem::none;
}

std::chrono::seconds FloorBoard::stale_after() const {
    return std::max(3 * m_settings.refresh, std::chrono::seconds(30));
}

bool FloorBoard::overview_stale(Clock::time_point now) const { return is_stale(m_overview, now, stale_after()); }

std::optional<std::chrono::seconds> FloorBoard::overview_age(Clock::time_point now) const {
    return age_of(m_overview, now);
}

bool FloorBoard::kiosks_stale(Clock::time_point now) const { return is_stale(m_kiosks, now, stale_after()); }

std::optional<std::chrono::seconds> FloorBoard::kiosks_age(Clock::time_point now) const {
    return age_of(m_kiosks, now);
}

bool FloorBoard::long_wait(const ServiceOverview& service) const {
    return service.waiting > 0 && std::chrono::milliseconds(service.longest_wait_ms) >= m_settings.long_wait;
}

std::optional<std::chrono::minutes> FloorBoard::silent_for(const KioskReport& kiosk, Clock::time_point now) const {
    if (!m_overview.value) {
        return std::nullopt;
    }
    const auto server_now = std::chrono::milliseconds(m_overview.value->at_ms) +
                            std::chrono::duration_cast<std::chrono::milliseconds>(now - *m_overview.received_at);
    const auto silence = server_now - std::chrono::milliseconds(kiosk.reported_at_ms);
    return std::chrono::floor<std::chrono::minutes>(std::max(silence, std::chrono::milliseconds::zero()));
}

std::string FloorBoard::service_name(std::string_view service, std::string_view language) const {
    if (m_overview.value) {
        for (const ServiceOverview& known : m_overview.value->services) {
            if (known.service == service) {
                return language == "ja" ? known.name_ja : known.name_en;
            }
        }
    }
    return std::string(service);
}

std::optional<Clock::time_point> FloorBoard::next_deadline(Clock::time_point now) const {
    if (!m_overview.received_at) {
        return std::nullopt;
    }
    const Clock::time_point received = *m_overview.received_at;
    if (!overview_stale(now)) {
        return received + stale_after() + std::chrono::milliseconds(1);
    }
    const auto age = now - received;
    const Clock::duration step = age < std::chrono::minutes(1) ? Clock::duration(std::chrono::seconds(1))
                                                                 : Clock::duration(std::chrono::minutes(1));
    return received + (age / step + 1) * step;
}

}  // namespace madoguchi
