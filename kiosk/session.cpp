#include "session.hpp"

#include <algorithm>

#include "log.hpp"

namespace madoguchi {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};

const char* reason_name(ResetReason reason) {
    switch (reason) {
        case ResetReason::finished: return "finished";
        case ResetReason::idle_timeout: return "idle_timeout";
        case ResetReason::start_up: return "start_up";
    }
    return "unknown";
}

}  // namespace

Session::Session(SessionSettings settings, Clock::time_point now)
    : m_settings(std::move(settings)), m_language(m_settings.default_language), m_last_activity(now) {}

void Session::apply(const Intent& intent, Clock::time_point now) {
    std::visit(Overloaded{
                   [&](const intent::Start&) {
                       if (m_screen == ScreenId::attract) {
                           m_screen = ScreenId::menu;
                           log::info("session_started");
                       }
                   },
                   [&](const intent::ChooseLanguage& choice) {
                       if (std::ranges::find(m_settings.languages, choice.language) != m_settings.languages.end()) {
                           m_language = choice.language;
                       }
                   },
                   [&](const intent::Back&) {
                       if (m_screen == ScreenId::menu) {
                           reset(ResetReason::finished, now);
                       }
                   },
                   [&](const intent::StillHere&) {},
                   [&](const intent::EndSession&) { reset(ResetReason::finished, now); },
               },
               intent);
    m_last_activity = now;
}

void Session::note_activity(Clock::time_point now) {
    if (!countdown_showing(now)) {
        m_last_activity = now;
    }
}

bool Session::countdown_showing(Clock::time_point now) const {
    return in_session() && now - m_last_activity >= m_settings.idle_timeout;
}

void Session::tick(Clock::time_point now) {
    if (in_session() && now - m_last_activity >= m_settings.idle_timeout + m_settings.idle_countdown) {
        reset(ResetReason::idle_timeout, now);
    }
}

std::optional<Clock::time_point> Session::next_deadline(Clock::time_point now) const {
    if (!in_session()) {
        return std::nullopt;
    }
    const Clock::time_point countdown_start = m_last_activity + m_settings.idle_timeout;
    if (now < countdown_start) {
        return countdown_start;
    }
    // While counting down, wake on each whole second so that the number on screen changes.
    const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - countdown_start);
    return std::min(countdown_start + elapsed + std::chrono::seconds(1),
                    countdown_start + m_settings.idle_countdown);
}

std::optional<int> Session::countdown_seconds(Clock::time_point now) const {
    if (!countdown_showing(now)) {
        return std::nullopt;
    }
    const auto left = m_last_activity + m_settings.idle_timeout + m_settings.idle_countdown - now;
    const auto whole = std::chrono::ceil<std::chrono::seconds>(left).count();
    return static_cast<int>(std::max<std::int64_t>(whole, 0));
}

void Session::add_wiper(Wiper wiper) { m_wipers.push_back(std::move(wiper)); }

void Session::reset(ResetReason reason, Clock::time_point now) {
    for (const Wiper& wiper : m_wipers) {
        wiper(reason);
    }
    m_screen = ScreenId::attract;
    m_language = m_settings.default_language;
    m_last_activity = now;
    ++m_resets;
    log::info("session_reset", {{"reason", reason_name(reason)}});
}

}  // namespace madoguchi
