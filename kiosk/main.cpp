// Wiring: parse the command line, load the configuration and catalogs, and either run a
// subcommand or open the kiosk window.
#include <cstdio>
#include <exception>
#include <span>
#include <string>

#include "card_command.hpp"
#include "card_service.hpp"
#include "command_line.hpp"
#include "config.hpp"
#include "doctor.hpp"
#include "form_definition.hpp"
#include "forms_command.hpp"
#include "i18n.hpp"
#include "log.hpp"
#include "main_queue.hpp"
#include "paths.hpp"
#include "screens/app_window.hpp"
#include "session.hpp"

namespace madoguchi {
namespace {

constexpr int k_exit_usage = 2;
constexpr int k_exit_failure = 1;

std::string atlas_text(const Translator& translator) {
    std::string text;
    translator.for_each_translation([&](std::string_view translation) { text += translation; });
    return text;
}

// The view for `madoguchi --screenshot --screen NAME`: the state each screen shows in, built
// directly; screens that show a citizen's data are seen through the real card flow instead.
std::optional<View> screen_view(std::string_view name, Session& session, const Translator& translator,
                                const TerminalConfig& config) {
    const auto now = Clock::now();
    View view = make_view(session, translator, now);
    if (name == "attract") {
        return view;
    }
    session.apply(intent::Start{}, now);
    view = make_view(session, translator, now);
    const std::pair<std::string_view, ScreenId> card_screens[] = {
        {"card-place", ScreenId::card_place},     {"card-working", ScreenId::card_working},
        {"pin", ScreenId::card_pin},              {"pin-last-try", ScreenId::card_pin},
        {"card-blocked", ScreenId::card_blocked}, {"card-problem", ScreenId::card_problem},
        {"card-take", ScreenId::card_take},
    };
    for (const auto& [screen_name, screen] : card_screens) {
        if (name == screen_name) {
            view.screen = screen;
            view.tries_left = name == "pin-last-try" ? 1 : 3;
            view.pin_length = 2;
            view.pin_pad_order = session.pin_pad_order();
            view.card_problem = name == "pin-last-try" ? CardProblem::wrong_pin : CardProblem::not_my_number_card;
            return view;
        }
    }
    if (name == "menu") {
        return view;
    }
    if (name == "idle") {
        return make_view(session, translator, now + config.idle_timeout + std::chrono::seconds(3));
    }
    return std::nullopt;
}

int run_terminal(const CommandLine& command_line, const TerminalConfig& config, Clock::time_point process_start) {
    auto translator = Translator::load(catalog_dir(), config.languages);
    if (!translator) {
        std::fprintf(stderr, "madoguchi: %s\nRun `madoguchi doctor` for help.\n", translator.error().message.c_str());
        return k_exit_failure;
    }
    if (config.role != Role::citizen) {
        std::fprintf(stderr, "madoguchi: %s: role %s is not available in this version (only citizen)\n",
                     command_line.config_path.c_str(), std::string(role_name(config.role)).c_str());
        return k_exit_usage;
    }
    SessionSettings settings;
    settings.languages = config.languages;
    settings.default_language = config.languages.front();
    if (command_line.language) {
        if (!translator->has_language(*command_line.language)) {
            std::fprintf(stderr, "madoguchi: --lang %s is not among the configured languages\n",
                         command_line.language->c_str());
            return k_exit_usage;
        }
        settings.default_language = *command_line.language;
    }
    settings.idle_timeout = config.idle_timeout;
    settings.idle_countdown = config.idle_countdown;
    settings.shuffle_pin_pad = config.shuffle_pin_pad;

    screens::WindowOptions options;
    options.windowed = command_line.windowed;
    if (command_line.screenshot && !options.windowed) {
        options.windowed = WindowSize{1920, 1080};
    }
    options.fonts = {config.font_regular, config.font_bold, config.font_fallback};
    options.atlas_text = atlas_text(*translator);
    options.allow_offscreen = command_line.screenshot.has_value();
    screens::AppWindow window(options);

    if (command_line.screenshot) {
        Session session(settings, Clock::now());
        auto view = screen_view(command_line.screen, session, *translator, config);
        if (!view) {
            std::fprintf(stderr,
                         "madoguchi: unknown screen \"%s\" (attract, menu, idle, card-place, card-working, pin, "
                         "pin-last-try, card-blocked, card-problem, card-take)\n",
                         command_line.screen.c_str());
            return k_exit_usage;
        }
        view->card_available = true;
        if (!window.screenshot(*view, *command_line.screenshot)) {
            std::fprintf(stderr, "madoguchi: cannot write %s\n", command_line.screenshot->c_str());
            return k_exit_failure;
        }
        return 0;
    }

    // Declared in this order so that the card service's threads stop before the session they
    // deliver to goes, and the window (whose waker they use) outlives both.
    MainQueue queue;
    queue.set_waker(window.waker());
    Session* session_for_card = nullptr;
    CardService card_service(queue, config.card_reader, [&session_for_card](CardUpdate update) {
        session_for_card->on_card(std::move(update), Clock::now());
    });
    Session session(settings, Clock::now(), &card_service);
    session_for_card = &session;
    session.add_wiper([&window](ResetReason) { window.wipe_free_text(); });
    log::info("kiosk_started", {{"site", config.site}, {"role", std::string(role_name(config.role))}});
    return window.run(session, *translator, queue, command_line.max_frames, process_start);
}

int run(std::span<const char* const> args, Clock::time_point process_start) {
    auto command_line = parse_command_line(args);
    if (!command_line) {
        std::fprintf(stderr, "madoguchi: %s\n%s", command_line.error().c_str(), usage_text());
        return k_exit_usage;
    }
    switch (command_line->command) {
        case Command::version: std::printf("madoguchi %s\n", MADOGUCHI_VERSION); return 0;
        case Command::help: std::fputs(usage_text(), stdout); return 0;
        case Command::doctor: return run_doctor(*command_line);
        case Command::card: return run_card_command(command_line->subcommand_args);
        case Command::forms: return run_forms_command(command_line->subcommand_args);
        case Command::run: break;
    }
    auto config = load_config(command_line->config_path);
    if (!config) {
        std::fprintf(stderr, "madoguchi: %s\n", config.error().describe().c_str());
        return k_exit_usage;
    }
    // A form the kiosk would offer must be right before the first citizen sees it.
    if (auto forms = load_forms(forms_dir()); !forms) {
        std::fprintf(stderr, "madoguchi: %s\n", forms.error().describe().c_str());
        return k_exit_usage;
    }
    return run_terminal(*command_line, *config, process_start);
}

}  // namespace
}  // namespace madoguchi

int main(int argc, char** argv) {
    const auto process_start = madoguchi::Clock::now();
    try {
        return madoguchi::run(std::span<const char* const>(argv, static_cast<std::size_t>(argc)), process_start);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "madoguchi: cannot start: %s\nRun `madoguchi doctor` for help.\n", error.what());
        return 1;
    }
}
