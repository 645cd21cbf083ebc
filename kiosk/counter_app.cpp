#include "counter_app.hpp"

#include <openssl/crypto.h>

#include <cstdio>

#include "application_payload.hpp"
#include "camera_scanner.hpp"
#include "catalog.hpp"
#include "counter_desk.hpp"
#include "counter_forms.hpp"
#include "counter_terminal.hpp"
#include "forms_flow.hpp"
#include "japanese_date.hpp"
#include "log.hpp"
#include "main_queue.hpp"
#include "paths.hpp"
#include "queue_feed.hpp"
#include "service_hours.hpp"

namespace madoguchi {
namespace {

// The site's services, for their names on screen and the setup and transfer choices. Without
// the catalog the counter still works, showing service ids instead of names.
std::vector<ServiceChoice> site_services(const TerminalConfig& config) {
    const std::filesystem::path path =
        config.services_catalog.empty() ? data_dir() / "services.toml" : config.services_catalog;
    auto catalog = load_service_catalog(path);
    if (!catalog) {
        log::error("services_unavailable", {{"detail", catalog.error().describe()}});
        return {};
    }
    return ticket_menu(*catalog, config.site, std::chrono::system_clock::now());
}

QueueTicket sample_ticket(std::string number, std::string service, TicketState state) {
    return QueueTicket{"t-" + number, std::move(number), std::move(service), false, state, "3"};
}

// The state each counter screen shows in for a screenshot, built directly.
std::optional<CounterPicture> sample_picture(std::string_view name, const std::vector<ServiceChoice>& services,
                                            const std::vector<FormDefinition>& forms) {
    CounterPicture picture;
    if (name == "counter-login" || name == "counter-password") {
        picture.staff_id = "1042";
        if (name == "counter-password") {
            picture.field = LoginField::password;
            picture.password_length = 7;
            picture.notice = CounterNotice::wrong_login;
        }
        return picture;
    }
    picture.staff_id = "1042";
    picture.connected = true;
    if (name == "counter-setup") {
        picture.stage = CounterStage::choose_counter;
        picture.counter_entry = "3";
        if (!services.empty()) {
            picture.chosen_services.push_back(services.front().id);
        }
        return picture;
    }
    picture.stage = CounterStage::working;
    picture.counter = "3";
    const std::string first = services.empty() ? "certificates" : services.front().id;
    const std::string second = services.size() > 1 ? services[1].id : "moving";
    picture.waiting = {WaitingCount{first, "A", 6}, WaitingCount{second, "B", 2}};
    picture.forms_available = true;
    if (name == "counter-forms" || name == "counter-forms-view") {
        picture.viewing_forms = name == "counter-forms-view";
        picture.ticket = sample_ticket("A-012", first, TicketState::called);
        // Forms filled with staff beside the citizen, on a tablet.
        picture.ticket->assisted = true;
        picture.forms_ticket = "A-012";
        picture.forms_notice = FormsNotice::printed;
        picture.camera.state = CameraState::ready;
        for (const FormDefinition& form : forms) {
            if (form.id == "juminhyo" || form.id == "inkan_shomei") {
                picture.forms.push_back({form.title, form.title_en});
            }
        }
        return picture;
    }
    if (name == "counter-working" || name == "counter-transfer") {
        // A made-up note, as staff might write one, to show how it wraps.
        static constexpr std::string_view k_sample_note =
            "転入届は記入済み。マイナンバーカードの住所変更もお願いします。Speaks English; needs a large-print form.";
        picture.ticket = sample_ticket("A-012", first, TicketState::called);
        picture.no_show_wait_seconds = 133;
        picture.camera.state = CameraState::ready;
        picture.transferring = name == "counter-transfer";
        if (picture.transferring) {
            picture.counters = {"1", "2", "4", "5"};
            picture.transfer_counter = "2";
            picture.transfer_note = k_sample_note;
        } else {
            picture.note = k_sample_note;
        }
        return picture;
    }
    if (name == "counter-notice") {
        picture.notice = CounterNotice::counter_busy;
        picture.forms_notice = FormsNotice::forged;
        picture.connected = false;
        picture.ticket = sample_ticket("A-011", first, TicketState::called);
        picture.no_show_allowed = true;
        picture.camera = {CameraState::unavailable, camera::CameraError::unplugged};
        return picture;
    }
    return std::nullopt;
}

}  // namespace

int run_counter(screens::AppWindow& window, const CommandLine& command_line, const TerminalConfig& config,
                const Translator& translator, const std::string& language,
                std::shared_ptr<const std::vector<FormDefinition>> forms, Clock::time_point process_start) {
    // Declared in this order so that the feed stops before the desk it delivers to, the desk's
    // worker before the queue, and the window outlives everything.
    MainQueue queue;
    queue.set_waker(window.waker());
    const ServerEndpoint endpoint{config.server_url, config.server_ca, config.terminal_certificate,
                                  config.terminal_certificate_key};
    CounterDesk desk(endpoint, CounterSettings{config.site, config.counter_id, config.counter_services, config.no_show_after},
                     queue);
    // Without the site's application key the counter calls tickets but opens no forms.
    std::optional<CounterForms> citizen_forms;
    if (auto key = load_application_key(config.application_key)) {
        citizen_forms.emplace(desk, CounterFormsSettings{config.site, *key, std::move(forms),
                                                          config.counter_a4_printer.value_or("")});
        OPENSSL_cleanse(key->data(), key->size());
    } else {
        log::error("forms_unavailable", {{"detail", key.error().message}});
    }
    QueueFeedHandlers handlers;
    handlers.snapshot = [&desk](QueueSnapshot snapshot) { desk.apply_snapshot(snapshot, Clock::now()); };
    handlers.ticket = [&desk](QueueTicket ticket) { desk.apply_ticket(ticket, Clock::now()); };
    handlers.connection = [&desk](bool connected) { desk.set_connected(connected); };
    QueueFeed feed(endpoint, config.site, queue, std::move(handlers));
    CounterTerminal terminal(desk, site_services(config), language, citizen_forms ? &*citizen_forms : nullptr,
                             [&window] { window.wipe_free_text(); });
    // After the terminal, so that it stops before the terminal it delivers to goes. Without the
    // forms a scan opens nothing, so the camera stays closed.
    std::optional<CameraScanner> camera_scanner;
    if (citizen_forms && !config.counter_camera.empty()) {
        CameraScannerHandlers camera_handlers;
        camera_handlers.status = [&terminal](CameraStatus status) { terminal.set_camera(status); };
        camera_handlers.scanned = [&terminal](const std::string& text) { terminal.camera_scanned(text); };
        camera_scanner.emplace(config.counter_camera, queue, std::move(camera_handlers));
    }
    log::info("counter_started", {{"site", config.site}, {"counter", config.counter_id}});
    return window.run(terminal, translator, queue, command_line.max_frames, process_start);
}

int counter_screenshot(screens::AppWindow& window, std::string_view name, const TerminalConfig& config,
                       const Translator& translator, const std::string& language,
                       std::shared_ptr<const std::vector<FormDefinition>> forms, const std::filesystem::path& png) {
    const std::vector<ServiceChoice> services = site_services(config);
    auto picture = sample_picture(name, services, *forms);
    if (!picture) {
        return 2;
    }
    View view;
    view.counter = std::move(picture);
    view.screen = counter_screen(*view.counter);
    view.translator = &translator;
    view.language = language;
    view.languages = translator.languages();
    view.services = services;
    view.now = Clock::now();
    // Without a card: what the kiosk fills itself, and every field left for the counter.
    FormsFlow sample_forms(forms);
    sample_forms.toggle("juminhyo");
    sample_forms.toggle("inkan_shomei");
    Profile profile;
    profile.today = local_today();
    if (sample_forms.prepare(profile)) {
        view.form_review = sample_forms.review();
    }
    return window.screenshot(view, png) ? 0 : 1;
}

}  // namespace madoguchi
