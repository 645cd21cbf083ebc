#pragma once
// Role counter's wiring for the executable: the desk, its queue feed and its screens in the
// window, and the sample states `--screenshot --screen counter-…` renders.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "command_line.hpp"
#include "config.hpp"
#include "form_definition.hpp"
#include "i18n.hpp"
#include "screens/app_window.hpp"

namespace madoguchi {

// `forms`: the forms a ticket's application may hold, opened when the ticket's QR is scanned.
int run_counter(screens::AppWindow& window, const CommandLine& command_line, const TerminalConfig& config,
                const Translator& translator, const std::string& language,
                std::shared_ptr<const std::vector<FormDefinition>> forms, Clock::time_point process_start);

// The names `--screen` takes for the counter's screens.
inline constexpr std::string_view k_counter_screen_names =
    "counter-login, counter-password, counter-setup, counter-working, counter-notice, counter-forms, counter-forms-view, counter-transfer";

// Renders the sample state of counter screen `name` to `png`: 0 written, 1 not, 2 no such screen.
int counter_screenshot(screens::AppWindow& window, std::string_view name, const TerminalConfig& config,
                       const Translator& translator, const std::string& language,
                       std::shared_ptr<const std::vector<FormDefinition>> forms, const std::filesystem::path& png);

}  // namespace madoguchi
