#pragma once
// The citizen session: which screen is up, the language, the idle countdown, and the single
// reset path. Every way a session ends (finish, idle timeout, card removed in later flows) goes
// through reset(), which runs the wipers that erase personal data.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "intents.hpp"

namespace madoguchi {

using Clock = std::chrono::steady_clock;

enum class ScreenId { attract, menu };

enum class ResetReason { finished, idle_timeout, start_up };

struct SessionSettings {
    std::string default_language = "ja";
    std::vector<std::string> languages{"ja", "en"};
    std::chrono::seconds idle_timeout{60};
    std::chrono::seconds idle_countdown{20};
};

class Session {
public:
    using Wiper = std::function<void(ResetReason)>;

    Session(SessionSettings settings, Clock::time_point now);

    void apply(const Intent& intent, Clock::time_point now);
    // Any touch or key counts as the citizen being there, except while the countdown asks them
    // to confirm it explicitly.
    void note_activity(Clock::time_point now);
    void tick(Clock::time_point now);
    // When tick() must next run for the countdown to be shown and to expire on time.
    std::optional<Clock::time_point> next_deadline(Clock::time_point now) const;

    ScreenId screen() const { return m_screen; }
    const std::string& language() const { return m_language; }
    bool in_session() const { return m_screen != ScreenId::attract; }
    // Whole seconds left before the reset, while the countdown dialog is up.
    std::optional<int> countdown_seconds(Clock::time_point now) const;
    std::uint64_t resets() const { return m_resets; }

    void add_wiper(Wiper wiper);
    void reset(ResetReason reason, Clock::time_point now);

private:
    bool countdown_showing(Clock::time_point now) const;

    SessionSettings m_settings;
    ScreenId m_screen = ScreenId::attract;
    std::string m_language;
    Clock::time_point m_last_activity;
    std::vector<Wiper> m_wipers;
    std::uint64_t m_resets = 0;
};

}  // namespace madoguchi
