// Wiring: parse the command line, load the configuration and catalogs, and either run a
// subcommand or open the kiosk window.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <optional>
#include <span>
#include <string>

#include "announcer.hpp"
#include "card_command.hpp"
#include "catalog.hpp"
#include "citizen_station.hpp"
#include "command_line.hpp"
#include "config.hpp"
#include "counter_app.hpp"
#include "doctor.hpp"
#include "floor_feed.hpp"
#include "floor_sample.hpp"
#include "floor_tickets.hpp"
#include "form_definition.hpp"
#include "forms_command.hpp"
#include "forms_flow.hpp"
#include "i18n.hpp"
#include "log.hpp"
#include "main_queue.hpp"
#include "paths.hpp"
#include "queue_feed.hpp"
#include "screens/app_window.hpp"
#include "service_hours.hpp"
#include "session.hpp"
#include "terminal_model.hpp"
#include "ticket_command.hpp"
#include "ticket_parts.hpp"

namespace madoguchi {
namespace {

constexpr int k_exit_usage = 2;
constexpr int k_exit_failure = 1;

// What the screens draw from the catalogs and the form definitions, so that the first citizen to
// open the review does not wait for the atlas to grow.
std::string atlas_text(const Translator& translator, const std::vector<FormDefinition>& forms) {
    std::string text;
    translator.for_each_translation([&](std::string_view translation) { text += translation; });
    return text + form_texts(forms);
}

// Asks the chosen sample forms' questions up to the one keyed `key`.
bool to_question(FormsFlow& forms, std::string_view key) {
    if (!forms.ask(local_today())) {
        return false;
    }
    while (forms.current_question() != nullptr && forms.current_question()->key != key) {
        forms.next();
    }
    return forms.current_question() != nullptr;
}

// `--screen forms-extras-KIND`: three forms chosen, one question of each widget's kind on
// screen (phone: a number too short, refused; date-missing: 平成31年5月1日, which does not exist).
std::optional<View> extras_view(std::string_view kind, View view, FormsFlow& forms) {
    for (const FormChoice& choice : forms.choices()) {
        if (choice.form->id == "juminhyo" || choice.form->id == "inkan_shomei" || choice.form->id == "jumin_ido") {
            forms.toggle(choice.form->id);
        }
    }
    const std::pair<std::string_view, std::string_view> keys[] = {
        {"phone", "phone"},        {"kana", "new_householder"},  {"address", "new_address"}, {"choice", "purpose"},
        {"copies", "copies"},      {"multiple", "included_items"}, {"date", "move_date"},  {"date-missing", "move_date"},
    };
    const auto found = std::ranges::find(keys, kind, &std::pair<std::string_view, std::string_view>::first);
    if (found == std::end(keys) || !to_question(forms, found->second)) {
        return std::nullopt;
    }
    AnswerEditor& editor = forms.editor();
    if (kind == "phone") {
        editor.key("0312");
        (void)forms.accept();
    } else if (kind == "kana") {
        editor.key("やまだ　はなこ");
    } else if (kind == "address") {
        editor.set_mode(KeyboardMode::digits);
        editor.key("とうきょうと　ちゅうおうく　つきじ１丁目");
    } else if (kind == "choice") {
        editor.choose("契約");
    } else if (kind == "copies") {
        editor.choose("2");
    } else if (kind == "multiple") {
        editor.choose("世帯主・続柄");
        editor.choose("本籍・筆頭者");
    } else if (kind == "date-missing") {
        editor.set_date({"平成", 31, 5, 1});
    }
    view.screen = ScreenId::forms_extras;
    view.forms = &forms;
    return view;
}

// The view for `madoguchi --screenshot --screen NAME`: the state each screen shows in, built
// directly; screens that show a citizen's data are seen through the real card flow instead.
// `services` and `ticket` hold what the ticket screens point at.
std::optional<View> screen_view(std::string_view name, Session& session, const Translator& translator,
                                const TerminalConfig& config, const std::vector<ServiceChoice>& services,
                                const IssuedTicket& ticket, FormsFlow& forms) {
    const auto now = Clock::now();
    View view = make_view(session, translator, now);
    if (name == "attract") {
        return view;
    }
    session.apply(intent::Start{}, now);
    view = make_view(session, translator, now);
    view.tickets_available = true;
    const std::pair<std::string_view, ScreenId> ticket_screens[] = {
        {"ticket-service", ScreenId::ticket_service},   {"ticket-priority", ScreenId::ticket_priority},
        {"ticket-printing", ScreenId::ticket_printing}, {"ticket-take", ScreenId::ticket_take},
        {"ticket-problem", ScreenId::ticket_problem},
    };
    for (const auto& [screen_name, screen] : ticket_screens) {
        if (name == screen_name) {
            view.screen = screen;
            view.services = services;
            view.ticket = &ticket;
            view.ticket_error = TicketError::paper_out;
            return view;
        }
    }
    // A ticket whose forms include other counters' (issue 6): those counters named under it, and
    // the forms on the kiosk's A4 printer: printing, -printed, or -print-failed (the counter prints).
    if (name.starts_with("ticket-take-forms") && services.size() >= 3) {
        const std::pair<std::string_view, FormsPrint> states[] = {
            {"ticket-take-forms", FormsPrint::printing},
            {"ticket-take-forms-printed", FormsPrint::printed},
            {"ticket-take-forms-print-failed", FormsPrint::failed},
        };
        const auto state = std::ranges::find(states, name, &std::pair<std::string_view, FormsPrint>::first);
        if (state == std::end(states)) {
            return std::nullopt;
        }
        view.screen = ScreenId::ticket_take;
        view.ticket = &ticket;
        view.forms_elsewhere = std::span(services).subspan(1, 2);
        view.forms_print = state->second;
        return view;
    }
    const std::pair<std::string_view, ScreenId> card_screens[] = {
        {"card-place", ScreenId::card_place},     {"card-working", ScreenId::card_working},
        {"pin", ScreenId::card_pin},              {"pin-last-try", ScreenId::card_pin},
        {"card-blocked", ScreenId::card_blocked}, {"card-problem", ScreenId::card_problem},
        {"card-take", ScreenId::card_take},       {"forms-number", ScreenId::forms_number},
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
    if (name == "menu" || name == "menu-assisted") {
        view.assisted = name == "menu-assisted";
        return view;
    }
    // The questions beyond the card, each kind of widget with something typed or chosen.
    if (name.starts_with("forms-extras-")) {
        return extras_view(name.substr(std::string_view("forms-extras-").size()), std::move(view), forms);
    }
    // Without a card: the review shows what the kiosk fills, an answer, and every field left for
    // the counter.
    // forms-review-number: the My Number card application with a number read from a card,
    // masked as every screen shows it.
    if (name == "forms-choose" || name == "forms-review" || name == "forms-review-number") {
        const bool number = name == "forms-review-number";
        for (const FormChoice& choice : forms.choices()) {
            if (number ? choice.form->id == "kojin_bango_card"
                       : choice.form->id == "juminhyo" || choice.form->id == "inkan_shomei") {
                forms.toggle(choice.form->id);
            }
        }
        if (name != "forms-choose" && to_question(forms, "phone")) {
            forms.editor().key("0312345678");
            (void)forms.accept();
        }
        card::IndividualNumber sample_number;
        sample_number.digits = "123456789018";
        Profile profile;
        profile.individual_number = number ? &sample_number : nullptr;
        profile.today = local_today();
        if (auto prepared = forms.prepare(profile); !prepared) {
            return std::nullopt;
        }
        view.screen = name == "forms-choose" ? ScreenId::forms_choose : ScreenId::forms_review;
        view.form_choices = forms.choices();
        view.form_review = forms.review();
        return view;
    }
    if (name == "idle") {
        return make_view(session, translator, now + config.idle_timeout + std::chrono::seconds(3));
    }
    return std::nullopt;
}

// The board `--screenshot --screen display` shows: two calls at counters, the newer one just
// made (highlighted), earlier calls, people waiting. `display-offline` is the same board while
// the server is away.
const DisplayBoard& sample_board(std::string_view name, Clock::time_point now) {
    static DisplayBoard board;
    const auto ticket = [](std::string id, std::string number, std::string service, TicketState state,
                           std::optional<std::string> counter) {
        return QueueTicket{std::move(id), std::move(number), std::move(service), false, state, std::move(counter)};
    };
    QueueSnapshot snapshot;
    snapshot.at_counters.push_back(ticket("t1", "B-003", "moving", TicketState::serving, "2"));
    for (int i = 0; i < 5; ++i) {
        snapshot.waiting.push_back(ticket("w" + std::to_string(i), "A-0" + std::to_string(13 + i), "certificates",
                                          TicketState::waiting, std::nullopt));
    }
    snapshot.waiting.push_back(ticket("w9", "B-004", "moving", TicketState::waiting, std::nullopt));
    snapshot.waiting.push_back(ticket("w8", "C-021", "my_number", TicketState::waiting, std::nullopt));
    board.apply_snapshot(snapshot, now - std::chrono::minutes(5));
    board.apply_ticket(ticket("t2", "A-011", "certificates", TicketState::called, "5"), now - std::chrono::minutes(3));
    board.apply_ticket(ticket("t2", "A-011", "certificates", TicketState::done, "5"), now - std::chrono::minutes(1));
    board.apply_ticket(ticket("t3", "C-020", "my_number", TicketState::called, "7"), now - std::chrono::minutes(1));
    board.apply_ticket(ticket("t4", "A-012", "certificates", TicketState::called, "3"), now);
    board.set_connected(name != "display-offline");
    return board;
}

// Role display: the board, kept current by the queue feed, every call shown and announced.
int run_display(screens::AppWindow& window, const CommandLine& command_line, const TerminalConfig& config,
                const Translator& translator, const std::string& language, Clock::time_point process_start) {
    // Declared in this order so that the feed stops first and the window outlives everything.
    MainQueue queue;
    queue.set_waker(window.waker());
    DisplayBoard board;
    Announcer announcer(queue);
    const auto show = [&announcer](const Announcement& call) {
        log::info("display_call", {{"number", call.number}, {"counter", call.counter}});
        announcer.announce(call);
    };
    QueueFeedHandlers handlers;
    handlers.snapshot = [&board, show](QueueSnapshot snapshot) {
        for (const Announcement& call : board.apply_snapshot(snapshot, Clock::now())) {
            show(call);
        }
    };
    handlers.ticket = [&board, show](QueueTicket ticket) {
        if (auto call = board.apply_ticket(ticket, Clock::now())) {
            show(*call);
        }
    };
    handlers.connection = [&board](bool connected) { board.set_connected(connected); };
    const ServerEndpoint endpoint{config.server_url, config.server_ca, config.terminal_certificate,
                                  config.terminal_certificate_key};
    QueueFeed feed(endpoint, config.site, queue, std::move(handlers));
    DisplayTerminal terminal(board, language);
    log::info("display_started", {{"site", config.site}});
    return window.run(terminal, translator, queue, command_line.max_frames, process_start);
}

FloorSettings floor_settings(const TerminalConfig& config) {
    return FloorSettings{config.site, config.floor_refresh, config.floor_long_wait, config.floor_reports};
}

// Role floor: the floor manager's console, the overview refreshed by the feed's worker. With
// `[floor] assisted_sessions` the tablet also holds the kiosk's citizen side, every session on
// it assisted, for a logged-in floor manager to start.
int run_floor(screens::AppWindow& window, const CommandLine& command_line, const TerminalConfig& config,
              const Translator& translator, SessionSettings settings,
              std::shared_ptr<const std::vector<FormDefinition>> forms, Clock::time_point process_start) {
    const std::string language = settings.default_language;
    // Declared in this order so that the feeds and the station stop first and the window outlives
    // everything.
    MainQueue queue;
    queue.set_waker(window.waker());
    std::optional<CitizenStation> station;
    if (config.floor_assisted_sessions) {
        if (auto parts = load_ticket_parts(config)) {
            settings.assisted = true;
            station.emplace(queue, config, translator, std::move(settings), std::move(forms), std::move(*parts));
            station->session().add_wiper([&window](ResetReason) { window.wipe_free_text(); });
        } else {
            log::error("assisted_sessions_unavailable", {{"detail", parts.error()}});
        }
    }
    FloorBoard board(floor_settings(config));
    FloorFeedHandlers handlers;
    handlers.overview = [&board](Result<SiteOverview, FloorProblem> answer) {
        board.apply_overview(std::move(answer), Clock::now());
    };
    handlers.kiosks = [&board](Result<SiteKiosks, FloorProblem> answer) {
        board.apply_kiosks(std::move(answer), Clock::now());
    };
    handlers.statistics = [&board](Result<DayStatistics, FloorProblem> answer) {
        board.apply_statistics(std::move(answer), Clock::now());
    };
    handlers.csv = [&board](Result<std::filesystem::path, FloorProblem> answer) { board.apply_csv(std::move(answer)); };
    const ServerEndpoint endpoint{config.server_url, config.server_ca, config.terminal_certificate,
                                  config.terminal_certificate_key};
    FloorFeed feed(endpoint, floor_settings(config), queue, std::move(handlers));
    FloorTicketDesk tickets(endpoint, queue, receipt_reprinter(config, translator));
    QueueFeedHandlers queue_handlers;
    queue_handlers.snapshot = [&tickets](QueueSnapshot snapshot) { tickets.apply_snapshot(snapshot); };
    queue_handlers.ticket = [&tickets](QueueTicket ticket) { tickets.apply_ticket(ticket); };
    queue_handlers.connection = [&tickets](bool connected) { tickets.set_connected(connected); };
    // A kiosk's printer pulled out shows on the Kiosks page when it is reported, not a refresh later.
    queue_handlers.terminal = [&feed] { feed.refresh_overview(); };
    QueueFeed queue_feed(endpoint, config.site, queue, std::move(queue_handlers));
    FloorTerminal terminal(board, feed, language, &tickets, station ? &station->session() : nullptr);
    log::info("floor_started", {{"site", config.site}, {"assisted_sessions", station ? "yes" : "no"}});
    return window.run(terminal, translator, queue, command_line.max_frames, process_start);
}

int run_terminal(const CommandLine& command_line, const TerminalConfig& config,
                 std::shared_ptr<const std::vector<FormDefinition>> forms, Clock::time_point process_start) {
    auto translator = Translator::load(catalog_dir(), config.languages);
    if (!translator) {
        std::fprintf(stderr, "madoguchi: %s\nRun `madoguchi doctor` for help.\n", translator.error().message.c_str());
        return k_exit_failure;
    }
    SessionSettings settings = citizen_settings(config);
    if (command_line.language) {
        if (!translator->has_language(*command_line.language)) {
            std::fprintf(stderr, "madoguchi: --lang %s is not among the configured languages\n",
                         command_line.language->c_str());
            return k_exit_usage;
        }
        settings.default_language = *command_line.language;
    }

    screens::WindowOptions options;
    options.windowed = command_line.windowed;
    if (command_line.screenshot && !options.windowed) {
        options.windowed = WindowSize{1920, 1080};
    }
    options.fonts = {config.font_regular, config.font_bold, config.font_fallback};
    options.atlas_text = atlas_text(*translator, *forms);
    options.allow_offscreen = command_line.screenshot.has_value();
    screens::AppWindow window(options);

    if (command_line.screenshot && command_line.screen.starts_with("display")) {
        const auto now = Clock::now();
        const DisplayTerminal display(sample_board(command_line.screen, now), settings.default_language);
        return window.screenshot(display.view(*translator, now), *command_line.screenshot) ? 0 : k_exit_failure;
    }
    if (command_line.screenshot && command_line.screen.starts_with("counter")) {
        const int written = counter_screenshot(window, command_line.screen, config, *translator,
                                               settings.default_language, forms, *command_line.screenshot);
        if (written == 2) {
            std::fprintf(stderr, "madoguchi: unknown screen \"%s\" (%.*s)\n", command_line.screen.c_str(),
                         static_cast<int>(k_counter_screen_names.size()), k_counter_screen_names.data());
            return k_exit_usage;
        }
        return written == 0 ? 0 : k_exit_failure;
    }
    if (config.role == Role::display && !command_line.screenshot) {
        return run_display(window, command_line, config, *translator, settings.default_language, process_start);
    }
    const bool floor_screen = command_line.screen == "floor-overview" ||
                              command_line.screen == "floor-overview-offline" ||
                              command_line.screen == "floor-statistics" || command_line.screen == "floor-kiosks" ||
                              command_line.screen == "floor-tickets" || command_line.screen == "floor-tickets-confirm" ||
                              command_line.screen == "floor-tickets-problem" || command_line.screen == "floor-login" ||
                              command_line.screen == "floor-overview-assist" ||
                              command_line.screen == "floor-overview-assist-login";
    if (command_line.screenshot && floor_screen) {
        const auto now = Clock::now();
        FloorBoard board(floor_settings(config));
        fill_sample_floor_board(board, command_line.screen, now);
        View view;
        view.screen = command_line.screen == "floor-statistics" ? ScreenId::floor_statistics
                      : command_line.screen == "floor-kiosks"   ? ScreenId::floor_kiosks
                                                                : ScreenId::floor_overview;
        view.translator = &*translator;
        view.language = settings.default_language;
        view.languages = translator->languages();
        view.floor = &board;
        view.now = now;
        if (command_line.screen.starts_with("floor-overview-assist")) {
            view.floor_assist =
                command_line.screen == "floor-overview-assist" ? FloorAssist::ready : FloorAssist::log_in_first;
        } else if (command_line.screen == "floor-login") {
            view.screen = ScreenId::counter_login;
            view.counter = sample_floor_login();
        } else if (command_line.screen != "floor-overview" && command_line.screen != "floor-overview-offline" &&
                   command_line.screen != "floor-statistics" && command_line.screen != "floor-kiosks") {
            view.screen = ScreenId::floor_tickets;
            view.floor_tickets = sample_floor_tickets(command_line.screen);
        }
        return window.screenshot(view, *command_line.screenshot) ? 0 : k_exit_failure;
    }
    if (config.role == Role::floor && !command_line.screenshot) {
        return run_floor(window, command_line, config, *translator, settings, forms, process_start);
    }
    if (config.role == Role::counter && !command_line.screenshot) {
        return run_counter(window, command_line, config, *translator, settings.default_language, forms, process_start);
    }
    // Without its files the kiosk offers no tickets rather than failing at the first citizen.
    auto ticket_parts = load_ticket_parts(config);
    if (command_line.screenshot) {
        if (ticket_parts) {
            offer_tickets(settings, *ticket_parts, config);
        }
        Session session(settings, Clock::now());
        const std::vector<ServiceChoice> services = settings.ticket_menu ? settings.ticket_menu()
                                                                         : std::vector<ServiceChoice>{};
        IssuedTicket ticket;
        ticket.number = "A-012";
        FormsFlow sample_forms(forms);
        auto view = screen_view(command_line.screen, session, *translator, config, services, ticket, sample_forms);
        if (!view) {
            std::fprintf(stderr,
                         "madoguchi: unknown screen \"%s\" (attract, menu, menu-assisted, idle, card-place, card-working, pin, "
                         "pin-last-try, card-blocked, card-problem, card-take, ticket-service, ticket-priority, "
                         "ticket-printing, ticket-take, ticket-take-forms, ticket-take-forms-printed, "
                         "ticket-take-forms-print-failed, ticket-problem, forms-choose, forms-review, "
                         "forms-review-number, forms-number, "
                         "forms-extras-phone, forms-extras-kana, forms-extras-address, forms-extras-choice, "
                         "forms-extras-copies, forms-extras-multiple, forms-extras-date, forms-extras-date-missing, "
                         "display, display-offline, floor-overview, floor-overview-offline, floor-statistics, "
                         "floor-kiosks, floor-tickets, floor-tickets-confirm, floor-tickets-problem, floor-login, "
                         "floor-overview-assist, floor-overview-assist-login, "
                         "%.*s)\n",
                         command_line.screen.c_str(), static_cast<int>(k_counter_screen_names.size()),
                         k_counter_screen_names.data());
            return k_exit_usage;
        }
        view->card_available = true;
        if (!window.screenshot(*view, *command_line.screenshot)) {
            std::fprintf(stderr, "madoguchi: cannot write %s\n", command_line.screenshot->c_str());
            return k_exit_failure;
        }
        return 0;
    }

    // Declared in this order so that the station's threads stop before the window (whose waker
    // they use) goes.
    MainQueue queue;
    queue.set_waker(window.waker());
    CitizenStation station(queue, config, *translator, std::move(settings), forms, std::move(ticket_parts));
    Session& session = station.session();
    session.add_wiper([&window](ResetReason) { window.wipe_free_text(); });
    log::info("kiosk_started", {{"site", config.site}, {"role", std::string(role_name(config.role))}});
    CitizenTerminal terminal(session);
    return window.run(terminal, *translator, queue, command_line.max_frames, process_start);
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
        case Command::ticket: return run_ticket_command(command_line->subcommand_args);
        case Command::printer: return run_printer_command(command_line->subcommand_args);
        case Command::forms: return run_forms_command(command_line->subcommand_args);
        case Command::run: break;
    }
    auto config = load_config(command_line->config_path);
    if (!config) {
        std::fprintf(stderr, "madoguchi: %s\n", config.error().describe().c_str());
        return k_exit_usage;
    }
    if (command_line->role) {
        config->role = *command_line->role;
    }
    // A form the kiosk would offer must be right before the first citizen sees it.
    auto forms = load_forms(forms_dir());
    if (!forms) {
        std::fprintf(stderr, "madoguchi: %s\n", forms.error().describe().c_str());
        return k_exit_usage;
    }
    return run_terminal(*command_line, *config,
                        std::make_shared<const std::vector<FormDefinition>>(std::move(*forms)), process_start);
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
