#include "doctor.hpp"

#include <SDL.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "application_payload.hpp"
#include "config.hpp"
#include "drivers/camera/v4l2_camera.hpp"
#include "drivers/card/pcsc.hpp"
#include "drivers/printer/a4_print.hpp"
#include "drivers/printer/printer.hpp"
#include "drivers/text/text_rasterizer.hpp"
#include "drivers/voice/audio_output.hpp"
#include "drivers/voice/speech_synthesizer.hpp"
#include "form_definition.hpp"
#include "furigana.hpp"
#include "i18n.hpp"
#include "outbox.hpp"
#include "paths.hpp"
#include "receipt_printer.hpp"
#include "server_client.hpp"

namespace madoguchi {
namespace {

struct Report {
    const Translator* translator = nullptr;
    std::string language;
    bool all_ok = true;

    const char* tr(const char* msgid) const { return translator->tr(language, msgid); }

    void ok(std::string_view what, std::string_view detail) const {
        std::printf("  ok    %.*s: %.*s\n", int(what.size()), what.data(), int(detail.size()), detail.data());
    }
    void problem(std::string_view what, std::string_view detail, std::string_view fix) {
        all_ok = false;
        std::printf("  FAIL  %.*s: %.*s\n        %s %.*s\n", int(what.size()), what.data(), int(detail.size()),
                    detail.data(), tr("Fix:"), int(fix.size()), fix.data());
    }
};

void check_fonts(Report& report, const TerminalConfig& config) {
    const std::array<std::filesystem::path, 2> chain{config.font_regular, config.font_fallback};
    auto fonts = text::TextRasterizer::open(chain);
    auto bold = text::TextRasterizer::open(std::span(&config.font_bold, 1));
    const char* what = report.tr("fonts");
    const char* install = report.tr("install the fonts: apt-get install fonts-morisawa-bizud-gothic fonts-ipamj-mincho");
    if (!fonts || !bold) {
        report.problem(what, !fonts ? fonts.error().message : bold.error().message, install);
        return;
    }
    // 窓口 must come from the UI font; 𠮷 (beyond U+FFFF, common in names) from the fallback.
    if (fonts->font_for(U'窓') != 0 || fonts->font_for(U'口') != 0) {
        report.problem(what, fill(report.tr("{} has no Japanese glyphs"), {config.font_regular.string()}), install);
        return;
    }
    if (fonts->font_for(U'\U00020BB7') < 0) {
        report.problem(what, fill(report.tr("{} lacks rare kanji used in names"), {config.font_fallback.string()}),
                       install);
        return;
    }
    report.ok(what, config.font_regular.filename().string() + " + " + config.font_fallback.filename().string());
}

void check_display(Report& report) {
    const char* what = report.tr("display");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        report.problem(what, SDL_GetError(),
                       report.tr("start the kiosk inside its graphical session (installer/madoguchi-kiosk.service), "
                                 "or set DISPLAY"));
        return;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
    SDL_Window* window = SDL_CreateWindow("madoguchi doctor", 0, 0, 64, 64, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
    SDL_GLContext context = window != nullptr ? SDL_GL_CreateContext(window) : nullptr;
    SDL_DisplayMode mode{};
    const std::string_view driver = SDL_GetCurrentVideoDriver();
    if (driver == "offscreen" || driver == "dummy") {
        report.problem(what, fill(report.tr("no screen is attached (SDL chose its \"{}\" driver)"), {driver}),
                       report.tr("start the kiosk inside its graphical session (installer/madoguchi-kiosk.service), "
                                 "or set DISPLAY"));
    } else if (context == nullptr || SDL_GetCurrentDisplayMode(0, &mode) != 0) {
        report.problem(what, SDL_GetError(),
                       report.tr("the graphics driver has no OpenGL 3.2: install libgl1-mesa-dri, or the vendor's "
                                 "driver"));
    } else {
        report.ok(what, std::string(SDL_GetCurrentVideoDriver()) + " " + std::to_string(mode.w) + "x" +
                            std::to_string(mode.h) + ", OpenGL 3.2");
    }
    if (context != nullptr) {
        SDL_GL_DeleteContext(context);
    }
    if (window != nullptr) {
        SDL_DestroyWindow(window);
    }
    SDL_Quit();
}

void check_card_reader(Report& report, const TerminalConfig& config) {
    const char* what = report.tr("card reader");
    auto context = card::PcscContext::establish();
    if (!context) {
        report.problem(what, context.error().message,
                       report.tr("start the smart-card service: apt-get install pcscd && systemctl start pcscd"));
        return;
    }
    auto readers = context->readers();
    if (!readers || readers->empty()) {
        report.problem(what, report.tr("no card reader is attached"),
                       report.tr("plug the card reader in; if it still does not appear, check that its driver "
                                 "(for most readers libccid) is installed"));
        return;
    }
    if (!config.card_reader.empty() && std::ranges::find(*readers, config.card_reader) == readers->end()) {
        report.problem(what, fill(report.tr("the configured reader \"{}\" is not attached"), {config.card_reader}),
                       report.tr("correct devices.card_reader, or leave it empty to use any reader"));
        return;
    }
    std::string names;
    for (const std::string& name : *readers) {
        names += (names.empty() ? "" : ", ") + name;
    }
    report.ok(what, names);
}

// A display announces every call: the voices and the sound card.
void check_voice(Report& report) {
    const char* what = report.tr("announcements");
    const char* install = report.tr("install the speech synthesizer: apt-get install espeak-ng");
    auto synthesizer = voice::SpeechSynthesizer::open();
    if (!synthesizer) {
        report.problem(what, synthesizer.error().message, install);
        return;
    }
    for (const char* language : {"ja", "en"}) {
        if (auto speech = synthesizer->speak(language, "1"); !speech) {
            report.problem(what, speech.error().message, install);
            return;
        }
    }
    if (auto audio = voice::AudioOutput::open(synthesizer->sample_rate()); !audio) {
        report.problem(what, audio.error().message,
                       report.tr("connect the speakers and check that `aplay -l` lists the sound card; until then "
                                 "calls are shown but not heard"));
        return;
    }
    report.ok(what, report.tr("Japanese and English voices, sound card"));
}

void check_printer(Report& report, const TerminalConfig& config) {
    const char* what = report.tr("receipt printer");
    auto profile = load_configured_profile(config, printer_profiles_dir(data_dir()));
    if (!profile) {
        report.problem(what, profile.error().describe(),
                       report.tr("set [printer] profile to one of the files in share/madoguchi/printers"));
        return;
    }
    auto receipt_printer = open_receipt_printer(config.printer, *profile, printer_profiles_dir(data_dir()));
    if (!receipt_printer) {
        report.problem(what, receipt_printer.error().message,
                       report.tr("connect and switch on the printer, or correct [printer] connection"));
        return;
    }
    if (!receipt_printer->transport->answers()) {
        report.ok(what, receipt_printer->profile.name + " (" + report.tr("a file: no status") + ")");
        return;
    }
    printer::Printer device(*receipt_printer->transport);
    auto status = device.status();
    auto ready = status ? printer::ready_to_print(*status) : printer::PrinterResult<void>(std::unexpected(status.error()));
    if (!ready) {
        report.problem(what, std::string(printer::printer_error_name(ready.error().code)) + ": " + ready.error().message,
                       report.tr("load paper, close the cover and clear any jam; then run `madoguchi printer test`"));
        return;
    }
    report.ok(what, receipt_printer->profile.name +
                        (status->paper_near_end ? std::string(", ") + report.tr("paper near end: load a new roll soon")
                                                : std::string()));
}

void check_server(Report& report, const TerminalConfig& config) {
    const char* what = report.tr("server");
    auto client = ServerClient::create(
        {config.server_url, config.server_ca, config.terminal_certificate, config.terminal_certificate_key});
    if (!client) {
        report.problem(what, client.error().message,
                       report.tr("install this terminal's certificate from `madoguchi-server pki issue-terminal` "
                                 "where [server] in the configuration says"));
        return;
    }
    auto reply = client->send("GET", "/healthz", {}, "");
    if (!reply) {
        report.problem(what, reply.error().message,
                       report.tr("check the network and that the server runs; tickets and applications wait in the "
                                 "outbox meanwhile"));
        return;
    }
    report.ok(what, config.server_url);
}

void check_outbox(Report& report, const TerminalConfig& config) {
    const char* what = report.tr("outbox");
    auto key = load_terminal_key(config.terminal_key);
    if (!key) {
        report.problem(what, key.error().message,
                       report.tr("create the terminal key: head -c 32 /dev/urandom > FILE && chmod 600 FILE"));
        return;
    }
    auto outbox = Outbox::open(config.outbox, *key);
    auto waiting = outbox ? outbox->pending() : OutboxResult<std::size_t>(std::unexpected(outbox.error()));
    if (!waiting) {
        report.problem(what, waiting.error().message,
                       report.tr("make the outbox's directory writable for the kiosk user"));
        return;
    }
    report.ok(what, fill(report.tr("{} items waiting for the server"), {std::to_string(*waiting)}));
}

void check_forms(Report& report, const TerminalConfig& config) {
    const char* what = report.tr("forms");
    auto forms = load_forms(forms_dir());
    if (!forms) {
        report.problem(what, forms.error().describe(),
                       report.tr("correct the form definition on the line named above"));
        return;
    }
    report.ok(what, fill(report.tr("{} form definitions"), {std::to_string(forms->size())}));
    auto key = load_application_key(config.application_key);
    if (!key) {
        report.problem(report.tr("application key"), key.error().message,
                       report.tr("install the site's application key: the same 32 bytes on every kiosk and counter "
                                 "of the site, mode 600"));
    } else {
        report.ok(report.tr("application key"), config.application_key.string());
    }
    if (auto furigana = Furigana::open(); !furigana) {
        report.problem(report.tr("furigana"), furigana.error().message,
                       report.tr("install the dictionary: apt-get install mecab-ipadic-utf8"));
    } else {
        report.ok(report.tr("furigana"), std::string(k_ipadic_dir));
    }
}

// The queue the role's key names ([devices] or [counter] a4_printer), else CUPS's default.
void check_a4_printer(Report& report, const TerminalConfig& config) {
    const char* what = report.tr("A4 printer");
    const std::optional<std::string>& configured =
        config.role == Role::counter ? config.counter_a4_printer : config.kiosk_a4_printer;
    auto queue = printer::a4_destination(configured.value_or(""));
    if (!queue) {
        report.problem(what, queue.error().message,
                       report.tr("add the A4 printer to CUPS and make it the default: lpadmin -p NAME -E -v URI "
                                 "-m everywhere && lpadmin -d NAME"));
        return;
    }
    report.ok(what, *queue);
}

// A counter's camera: opened as the scanner opens it, and one frame taken.
void check_camera(Report& report, const TerminalConfig& config) {
    const char* what = report.tr("ticket camera");
    const char* fix = report.tr("connect the camera and set [counter] camera to its node (v4l2-ctl --list-devices); "
                                "the terminal's user must be in the video group");
    auto camera = camera::V4l2Camera::open(config.counter_camera);
    if (!camera) {
        report.problem(what, camera.error().message, fix);
        return;
    }
    if (auto frame = (*camera)->grab(std::chrono::seconds(3)); !frame) {
        report.problem(what, frame.error().message, fix);
        return;
    }
    report.ok(what, config.counter_camera.string() + ", " + std::string(camera::pixel_format_name((*camera)->format())) +
                        " " + std::to_string((*camera)->width()) + "x" + std::to_string((*camera)->height()));
}

}  // namespace

int run_doctor(const CommandLine& command_line) {
    const auto config = load_config(command_line.config_path);
    const std::vector<std::string> languages = config ? config->languages : TerminalConfig{}.languages;
    auto translator = Translator::load(catalog_dir(), languages);
    if (!translator) {
        std::printf("  FAIL  catalogs: %s\n        Fix: reinstall madoguchi (its data is missing from %s)\n",
                    translator.error().message.c_str(), catalog_dir().c_str());
        return 1;
    }
    Report report{&*translator, command_line.language.value_or(languages.front())};
    std::printf("%s\n", report.tr("Madoguchi doctor"));
    report.ok(report.tr("catalogs"), fill(report.tr("{} languages"), {std::to_string(languages.size())}));

    const TerminalConfig effective = config ? *config : TerminalConfig{};
    if (config) {
        report.ok(report.tr("configuration"), command_line.config_path.string() + " (" + config->site + ", " +
                                                  std::string(role_name(config->role)) + ")");
    } else {
        report.problem(report.tr("configuration"), config.error().describe(),
                       config.error().code == ConfigErrorCode::unreadable
                           ? report.tr("install installer/terminal.toml as /etc/madoguchi/terminal.toml, or pass "
                                       "--config FILE")
                           : report.tr("correct the key on the line named above"));
    }
    check_fonts(report, effective);
    check_display(report);
    check_card_reader(report, effective);
    check_printer(report, effective);
    check_outbox(report, effective);
    check_server(report, effective);
    if (effective.role == Role::display) {
        check_voice(report);
    }
    check_forms(report, effective);
    check_a4_printer(report, effective);
    if (effective.role == Role::counter && !effective.counter_camera.empty()) {
        check_camera(report, effective);
    }
    std::printf("%s\n", report.all_ok ? report.tr("Everything this terminal needs is in place.")
                                       : report.tr("Some checks failed; see the fixes above."));
    return report.all_ok ? 0 : 1;
}

}  // namespace madoguchi
