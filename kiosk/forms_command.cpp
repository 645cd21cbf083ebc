#include "forms_command.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "application_payload.hpp"
#include "config.hpp"
#include "drivers/printer/a4_print.hpp"
#include "form_definition.hpp"
#include "form_fill.hpp"
#include "form_pdf.hpp"
#include "furigana.hpp"
#include "log.hpp"
#include "paths.hpp"
#include "secret_input.hpp"
#include "server_client.hpp"

namespace madoguchi {
namespace {

struct FormsOptions {
    std::filesystem::path directory = forms_dir();
    // check: the catalog the forms' services are checked against, when there is one.
    std::optional<std::filesystem::path> services;
    std::vector<std::string> form_ids;
    std::optional<std::filesystem::path> answers;
    bool from_card = false;
    std::optional<std::string> reader;
    std::optional<std::filesystem::path> pdf;
    std::string destination;
    std::optional<std::string> ticket;  // fill --submit TICKET, pdf --ticket TICKET
    std::filesystem::path config = k_default_config_path;
    std::optional<std::string> staff;
    bool print = false;  // pdf --print: the counter prints what it fetched
};

void print_usage(std::FILE* err) {
    std::fputs(
        "usage: madoguchi forms list [--dir DIR]\n"
        "       madoguchi forms check [--dir DIR] [--services FILE]\n"
        "                             (each form's service is checked against FILE, or against the\n"
        "                             installed services.toml when it exists)\n"
        "       madoguchi forms fill --forms ID[,ID…] --answers FILE.toml [--from-card [--reader NAME]]\n"
        "                            --pdf OUT.pdf [--dir DIR] [--submit TICKET [--config FILE]]\n"
        "                            (PIN on standard input with --from-card; --submit files the application\n"
        "                            for the ticket through the outbox)\n"
        "       madoguchi forms print --pdf FILE.pdf [--destination CUPS_QUEUE]\n"
        "       madoguchi forms pdf --ticket ID --staff ID [--out FILE.pdf] [--print [--destination QUEUE]]\n"
        "                           [--config FILE] [--dir DIR]\n"
        "                           (a counter terminal: --out, --print or both; the staff password on\n"
        "                           standard input; --print alone leaves no file)\n",
        err);
}

std::vector<std::string> split_ids(std::string_view list) {
    std::vector<std::string> ids;
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        ids.emplace_back(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    return ids;
}


std::optional<std::vector<FormDefinition>> load_or_report(const FormsOptions& options, std::FILE* err) {
    auto forms = load_forms(options.directory);
    if (!forms) {
        std::fprintf(err, "madoguchi: %s\n", forms.error().describe().c_str());
        return std::nullopt;
    }
    return std::move(*forms);
}

int run_list(const FormsOptions& options, const CardCommandStreams& streams) {
    auto forms = load_or_report(options, streams.err);
    if (!forms) {
        return k_forms_exit_usage;
    }
    for (const FormDefinition& form : *forms) {
        std::size_t fields = 0;
        for (const FormSection& section : form.sections) {
            fields += section.fields.size();
        }
        std::fprintf(streams.out, "%s\t%s\t%s\t%zu fields\n", form.id.c_str(), form.title.c_str(),
                     form.title_en.c_str(), fields);
    }
    return k_forms_exit_ok;
}

int run_check(const FormsOptions& options, const CardCommandStreams& streams) {
    auto forms = load_or_report(options, streams.err);
    if (!forms) {
        return k_forms_exit_usage;
    }
    const std::filesystem::path services = options.services.value_or(data_dir() / "services.toml");
    std::error_code missing;
    if (options.services || std::filesystem::exists(services, missing)) {
        auto catalog = load_service_catalog(services);
        if (!catalog) {
            std::fprintf(streams.err, "madoguchi: %s\n", catalog.error().describe().c_str());
            return k_forms_exit_usage;
        }
        if (auto checked = check_form_services(*forms, *catalog); !checked) {
            std::fprintf(streams.err, "madoguchi: %s\n", checked.error().describe().c_str());
            return k_forms_exit_usage;
        }
        std::fprintf(streams.out, "every form's service is in %s\n", services.c_str());
    }
    std::fprintf(streams.out, "%zu form definitions in %s are valid\n", forms->size(), options.directory.c_str());
    return k_forms_exit_ok;
}

std::optional<TerminalConfig> config_or_report(const FormsOptions& options, std::FILE* err) {
    auto config = load_config(options.config);
    if (!config) {
        std::fprintf(err, "madoguchi: %s\n", config.error().describe().c_str());
        return std::nullopt;
    }
    return std::move(*config);
}

std::optional<ServerClient> client_or_report(const TerminalConfig& config, std::FILE* err) {
    auto client = ServerClient::create(
        {config.server_url, config.server_ca, config.terminal_certificate, config.terminal_certificate_key});
    if (!client) {
        std::fprintf(err, "madoguchi: %s\n", client.error().message.c_str());
        return std::nullopt;
    }
    return std::move(*client);
}

// The kiosk's path: into the outbox first, so nothing is lost if the server is away, then one
// delivery attempt now.
int submit(const FormsOptions& options, std::span<const FilledForm> filled, const CardCommandStreams& streams) {
    auto config = config_or_report(options, streams.err);
    if (!config) {
        return k_forms_exit_usage;
    }
    auto terminal_key = load_terminal_key(config->terminal_key);
    if (!terminal_key) {
        std::fprintf(streams.err, "madoguchi: %s\n", terminal_key.error().message.c_str());
        return k_forms_exit_failure;
    }
    auto application_key = load_application_key(config->application_key);
    if (!application_key) {
        std::fprintf(streams.err, "madoguchi: %s\n", application_key.error().message.c_str());
        return k_forms_exit_failure;
    }
    auto outbox = Outbox::open(config->outbox, *terminal_key);
    if (!outbox) {
        std::fprintf(streams.err, "madoguchi: %s\n", outbox.error().message.c_str());
        return k_forms_exit_failure;
    }
    const auto now = std::chrono::system_clock::now();
    auto queued =
        enqueue_application(*outbox, *options.ticket, filled, *application_key, config->languages.front(), now);
    if (!queued) {
        std::fprintf(streams.err, "madoguchi: %s\n", queued.error().message.c_str());
        return k_forms_exit_failure;
    }
    auto client = client_or_report(*config, streams.err);
    if (!client) {
        return k_forms_exit_failure;
    }
    const DeliveryReport report = deliver_due(*outbox, *client, now);
    const auto waiting = outbox->pending();
    std::fprintf(streams.out, "application for ticket %s: %s\n", options.ticket->c_str(),
                 waiting && *waiting == 0 ? "delivered" : "kept in the outbox until the server takes it");
    return report.rejected > 0 ? k_forms_exit_failure : k_forms_exit_ok;
}

int report_job(const Result<int, printer::A4PrintError>& job, const CardCommandStreams& streams) {
    if (!job) {
        log::warn("forms_print_failed", {{"detail", job.error().message}});
        std::fprintf(streams.err, "madoguchi: %s\n", job.error().message.c_str());
        return job.error().code == printer::A4PrintError::no_destination ? k_forms_exit_no_printer
                                                                         : k_forms_exit_failure;
    }
    std::fprintf(streams.out, "CUPS job %d\n", *job);
    return k_forms_exit_ok;
}

int run_print(const FormsOptions& options, const CardCommandStreams& streams) {
    if (!options.pdf) {
        print_usage(streams.err);
        return k_forms_exit_usage;
    }
    if (!std::filesystem::is_regular_file(*options.pdf)) {
        std::fprintf(streams.err, "madoguchi: %s is not a file\n", options.pdf->c_str());
        return k_forms_exit_usage;
    }
    return report_job(printer::print_pdf(options.destination, *options.pdf, "madoguchi forms"), streams);
}

// A counter terminal: staff log in (the password from standard input), fetch the ticket's
// application, open it with the site's key and draw it.
int run_ticket_pdf(const FormsOptions& options, const CardCommandStreams& streams) {
    if (!options.ticket || !options.staff || (!options.pdf && !options.print)) {
        print_usage(streams.err);
        return k_forms_exit_usage;
    }
    // The id goes into a URL path: nothing but the characters ticket ids are made of.
    const bool plain_id = !options.ticket->empty() && std::ranges::all_of(*options.ticket, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
    if (!plain_id) {
        std::fprintf(streams.err, "madoguchi: \"%s\" is not a ticket id\n", options.ticket->c_str());
        return k_forms_exit_usage;
    }
    auto forms = load_or_report(options, streams.err);
    auto config = config_or_report(options, streams.err);
    if (!forms || !config) {
        return k_forms_exit_usage;
    }
    auto application_key = load_application_key(config->application_key);
    if (!application_key) {
        std::fprintf(streams.err, "madoguchi: %s\n", application_key.error().message.c_str());
        return k_forms_exit_failure;
    }
    auto client = client_or_report(*config, streams.err);
    if (!client) {
        return k_forms_exit_failure;
    }
    auto password = read_secret_line(streams.in, "Password", 256, streams.err);
    if (!password || password->empty()) {
        std::fputs("madoguchi: the staff password must be one line on standard input\n", streams.err);
        return k_forms_exit_usage;
    }
    nlohmann::json login{{"staff_id", *options.staff}, {"password", std::string(password->begin(), password->end())}};
    std::string login_body = login.dump();
    card::wipe_string(login["password"].get_ref<std::string&>());
    auto session = client->send("POST", "/api/v1/staff/login",
                                {reinterpret_cast<const std::uint8_t*>(login_body.data()), login_body.size()}, "");
    card::wipe_string(login_body);
    if (!session) {
        std::fprintf(streams.err, "madoguchi: staff login failed: %s\n", session.error().message.c_str());
        return k_forms_exit_failure;
    }
    const auto token = nlohmann::json::parse(session->body, nullptr, false);
    if (!token.is_object() || !token.contains("token") || !token["token"].is_string()) {
        std::fputs("madoguchi: the server's login answer has no token\n", streams.err);
        return k_forms_exit_failure;
    }
    client->set_bearer_token(token["token"].get<std::string>());
    auto reply = client->send("GET", "/api/v1/tickets/" + *options.ticket + "/application", {}, "");
    if (!reply) {
        std::fprintf(streams.err, "madoguchi: %s\n", reply.error().message.c_str());
        return k_forms_exit_failure;
    }
    const auto application = nlohmann::json::parse(reply->body, nullptr, false);
    if (!application.is_object() || !application.contains("payload") || !application["payload"].is_string()) {
        std::fputs("madoguchi: the server's answer holds no application payload\n", streams.err);
        return k_forms_exit_failure;
    }
    auto filled = open_application(application["payload"].get<std::string>(), *options.ticket, *forms, *application_key,
                                   local_today());
    if (!filled) {
        log::warn("application_unreadable", {{"ticket", *options.ticket}, {"detail", filled.error().message}});
        std::fprintf(streams.err, "madoguchi: %s\n", filled.error().message.c_str());
        return k_forms_exit_failure;
    }
    if (options.pdf) {
        auto written = write_forms_pdf(*filled, *options.pdf, printer::A4Fonts{});
        if (!written) {
            std::fprintf(streams.err, "madoguchi: %s\n", written.error().message.c_str());
            return k_forms_exit_failure;
        }
        std::fprintf(streams.out, "%s: %zu forms, %zu pages\n", options.pdf->c_str(), filled->size(), written->pages);
        return options.print ? run_print(options, streams) : k_forms_exit_ok;
    }
    // Printing only: the citizen's forms go to CUPS from memory, with no file left behind.
    card::SecureBytes pdf;
    auto drawn = write_forms_pdf(*filled, pdf, printer::A4Fonts{});
    if (!drawn) {
        std::fprintf(streams.err, "madoguchi: %s\n", drawn.error().message.c_str());
        return k_forms_exit_failure;
    }
    return report_job(printer::print_pdf(options.destination, pdf, "madoguchi forms"), streams);
}

int run_fill(const FormsOptions& options, const CardCommandStreams& streams) {
    if (options.form_ids.empty() || !options.answers || !options.pdf) {
        print_usage(streams.err);
        return k_forms_exit_usage;
    }
    auto forms = load_or_report(options, streams.err);
    if (!forms) {
        return k_forms_exit_usage;
    }
    std::vector<const FormDefinition*> chosen;
    for (const std::string& id : options.form_ids) {
        const auto found = std::ranges::find_if(*forms, [&](const FormDefinition& form) { return form.id == id; });
        if (found == forms->end()) {
            std::fprintf(streams.err, "madoguchi: no form \"%s\" in %s (madoguchi forms list)\n", id.c_str(),
                         options.directory.c_str());
            return k_forms_exit_usage;
        }
        chosen.push_back(&*found);
    }
    auto answers = load_answers(*options.answers);
    if (!answers) {
        std::fprintf(streams.err, "madoguchi: %s\n", answers.error().describe().c_str());
        return k_forms_exit_usage;
    }
    std::optional<CardReading> reading;
    if (options.from_card) {
        // The individual number only when a chosen form has a field for it.
        const bool needs_number = std::ranges::any_of(
            chosen, [](const FormDefinition* form) { return form->prefills(Prefill::individual_number); });
        auto read = read_card(options.reader, needs_number, streams);
        if (!read) {
            return read.error();
        }
        reading = std::move(*read);
    }
    Profile profile;
    profile.card = reading ? &reading->attributes : nullptr;
    profile.individual_number = reading && reading->number ? &*reading->number : nullptr;
    profile.today = local_today();
    if (reading) {
        // A guess the answers file can correct with name_kana; none when the name has a part
        // the dictionary does not know, so that a form asking for it says so.
        if (auto furigana = Furigana::open()) {
            profile.name_kana = furigana->reading(reading->attributes.name).value_or("");
        } else {
            std::fprintf(streams.err, "madoguchi: no furigana: %s\n", furigana.error().message.c_str());
        }
    }
    auto filled = fill_forms(chosen, *answers, profile);
    if (!filled) {
        std::fprintf(streams.err, "madoguchi: %s\n", filled.error().describe(options.answers->string()).c_str());
        return k_forms_exit_usage;
    }
    auto written = write_forms_pdf(*filled, *options.pdf, printer::A4Fonts{});
    if (!written) {
        std::fprintf(streams.err, "madoguchi: %s\n", written.error().message.c_str());
        return k_forms_exit_failure;
    }
    std::fprintf(streams.out, "%s: %zu forms, %zu pages\n", options.pdf->c_str(), filled->size(), written->pages);
    if (written->missing_characters > 0) {
        std::fprintf(streams.err,
                     "madoguchi: %zu characters have no glyph in any font and are printed as 〓; write them by hand\n",
                     written->missing_characters);
    }
    if (options.ticket) {
        return submit(options, *filled, streams);
    }
    return k_forms_exit_ok;
}

}  // namespace

int run_forms_command(std::span<const char* const> args) {
    return run_forms_command(args, CardCommandStreams{});
}

int run_forms_command(std::span<const char* const> args, const CardCommandStreams& streams) {
    if (args.empty()) {
        print_usage(streams.err);
        return k_forms_exit_usage;
    }
    const std::string_view subcommand = args[0];
    FormsOptions options;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        const bool has_value = i + 1 < args.size();
        if (arg == "--dir" && has_value) {
            options.directory = args[++i];
        } else if (arg == "--services" && has_value && subcommand == "check") {
            options.services = args[++i];
        } else if (arg == "--forms" && has_value) {
            options.form_ids = split_ids(args[++i]);
        } else if (arg == "--answers" && has_value) {
            options.answers = args[++i];
        } else if (arg == "--from-card") {
            options.from_card = true;
        } else if (arg == "--reader" && has_value) {
            options.reader = args[++i];
        } else if (arg == "--pdf" && has_value) {
            options.pdf = args[++i];
        } else if (arg == "--destination" && has_value) {
            options.destination = args[++i];
        } else if (arg == (subcommand == "fill" ? "--submit" : "--ticket") && has_value) {
            options.ticket = args[++i];
        } else if (arg == "--out" && has_value) {
            options.pdf = args[++i];
        } else if (arg == "--config" && has_value) {
            options.config = args[++i];
        } else if (arg == "--staff" && has_value) {
            options.staff = args[++i];
        } else if (arg == "--print" && subcommand == "pdf") {
            options.print = true;
        } else {
            std::fprintf(streams.err, "madoguchi: unknown argument for forms %.*s: %.*s\n", int(subcommand.size()),
                         subcommand.data(), int(arg.size()), arg.data());
            print_usage(streams.err);
            return k_forms_exit_usage;
        }
    }
    if (subcommand == "list") {
        return run_list(options, streams);
    }
    if (subcommand == "check") {
        return run_check(options, streams);
    }
    if (subcommand == "fill") {
        return run_fill(options, streams);
    }
    if (subcommand == "print") {
        return run_print(options, streams);
    }
    if (subcommand == "pdf") {
        return run_ticket_pdf(options, streams);
    }
    print_usage(streams.err);
    return k_forms_exit_usage;
}

}  // namespace madoguchi
