#include "ticket_command.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "config.hpp"
#include "drivers/printer/printer.hpp"
#include "i18n.hpp"
#include "log.hpp"
#include "number_blocks.hpp"
#include "outbox.hpp"
#include "paths.hpp"
#include "receipt_printer.hpp"
#include "server_client.hpp"
#include "terminal_sync.hpp"
#include "ticket_issuer.hpp"
#include "ticket_layout.hpp"
#include "ticket_parts.hpp"

namespace madoguchi {
namespace {

struct Options {
    std::filesystem::path config_path{std::string(k_default_config_path)};
    std::optional<std::filesystem::path> out;
    std::string service;
    bool priority = false;
    std::optional<std::string> language;
};

void print_usage(std::FILE* err) {
    std::fputs("usage: madoguchi ticket issue --service ID [--priority] [--lang CODE] [--out FILE] [--config FILE]\n"
               "       madoguchi ticket sync [--config FILE]\n"
               "       madoguchi printer status [--config FILE]\n"
               "       madoguchi printer test [--out FILE] [--config FILE]\n",
               err);
}

std::optional<Options> parse_options(std::span<const char* const> args, bool ticket, std::FILE* err) {
    Options options;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        const bool has_value = i + 1 < args.size();
        if (arg == "--config" && has_value) {
            options.config_path = args[++i];
        } else if (arg == "--out" && has_value) {
            options.out = args[++i];
        } else if (arg == "--service" && has_value && ticket) {
            options.service = args[++i];
        } else if (arg == "--lang" && has_value && ticket) {
            options.language = args[++i];
        } else if (arg == "--priority" && ticket) {
            options.priority = true;
        } else {
            print_usage(err);
            return std::nullopt;
        }
    }
    return options;
}

// Everything a job needs that comes from files: loaded before the printer or the server is
// touched, so a configuration fault never half-issues a ticket.
struct Setup {
    TerminalConfig config;
    Translator translator;
    TicketParts parts;
};

std::optional<Setup> load_setup(const Options& options, std::FILE* err) {
    auto config = load_config(options.config_path);
    if (!config) {
        std::fprintf(err, "madoguchi: %s\n", config.error().describe().c_str());
        return std::nullopt;
    }
    auto translator = Translator::load(catalog_dir(), config->languages);
    if (!translator) {
        std::fprintf(err, "madoguchi: %s\n", translator.error().message.c_str());
        return std::nullopt;
    }
    auto parts = load_ticket_parts(*config);
    if (!parts) {
        std::fprintf(err, "madoguchi: %s\n", parts.error().c_str());
        return std::nullopt;
    }
    return Setup{std::move(*config), std::move(*translator), std::move(*parts)};
}

printer::PrinterResult<ReceiptPrinter> open_printer(const Setup& setup, const Options& options) {
    PrinterConnection connection = setup.config.printer;
    if (options.out) {
        connection = {PrinterConnection::Kind::file, options.out->string(), 0};
    }
    return open_receipt_printer(connection, setup.parts.profile, printer_profiles_dir(data_dir()));
}

// Plain words for the person at the terminal; the log line carries the detail.
std::string_view plain_words(TicketError code) {
    switch (code) {
        case TicketError::no_printer: return "no receipt printer found where [printer] connection says";
        case TicketError::paper_out: return "the printer is out of paper";
        case TicketError::cover_open: return "the printer's cover is open";
        case TicketError::printer_offline: return "the printer is offline";
        case TicketError::printer_failed: return "printing failed";
        case TicketError::server_unreachable: return "the server cannot be reached";
        case TicketError::server_busy: return "the server is busy; try again";
        case TicketError::server_refused: return "the server refused the ticket (is the service offered here?)";
        case TicketError::bad_reply: return "the server's answer is not a ticket";
        case TicketError::terminal_fault: return "this terminal's key, outbox or certificates are unusable";
    }
    return "ticket error";
}

int exit_code_for(TicketError code) {
    switch (code) {
        case TicketError::no_printer:
        case TicketError::paper_out:
        case TicketError::cover_open:
        case TicketError::printer_offline: return k_ticket_exit_printer;
        case TicketError::printer_failed: return k_ticket_exit_print_failed;
        case TicketError::server_unreachable:
        case TicketError::server_busy:
        case TicketError::server_refused:
        case TicketError::bad_reply: return k_ticket_exit_server;
        case TicketError::terminal_fault: return k_ticket_exit_usage;
    }
    return k_ticket_exit_failure;
}

int run_issue(const Options& options, const TicketCommandStreams& streams) {
    if (options.service.empty()) {
        print_usage(streams.err);
        return k_ticket_exit_usage;
    }
    auto setup = load_setup(options, streams.err);
    if (!setup) {
        return k_ticket_exit_usage;
    }
    const std::string language = options.language.value_or(setup->config.languages.front());
    if (!setup->translator.has_language(language)) {
        std::fprintf(streams.err, "madoguchi: --lang %s is not among the configured languages\n", language.c_str());
        return k_ticket_exit_usage;
    }
    auto receipt_printer = open_printer(*setup, options);
    if (!receipt_printer) {
        log::warn("ticket_no_printer", {{"detail", receipt_printer.error().message}});
        const TicketError code = ticket_error_for(receipt_printer.error().code);
        std::fprintf(streams.err, "madoguchi: %.*s; no ticket was issued\n", int(plain_words(code).size()),
                     plain_words(code).data());
        return k_ticket_exit_printer;
    }
    // On a staff tablet every ticket is an assisted one, from the shell as from the screen.
    auto ticket = issue_ticket(setup->config, setup->parts, setup->translator, *receipt_printer,
                               {options.service, options.priority, language, setup->config.assisted});
    if (!ticket) {
        const std::string_view words = plain_words(ticket.error().code);
        log::warn("ticket_command_failed", {{"error", std::string(ticket_error_name(ticket.error().code))},
                                            {"detail", ticket.error().message}});
        std::fprintf(streams.err, "madoguchi: %.*s%s\n", int(words.size()), words.data(),
                     ticket.error().code == TicketError::printer_failed ? "; the ticket was withdrawn" : "");
        return exit_code_for(ticket.error().code);
    }
    std::fprintf(streams.out, "number: %s\nid: %s\nservice: %s\nqr_url: %s\noffline: %s\n", ticket->number.c_str(),
                 ticket->id.c_str(), ticket->service.c_str(), ticket->qr_url.c_str(), ticket->offline ? "yes" : "no");
    return k_ticket_exit_ok;
}

// One round of the ticket worker's idle routine by hand: the outbox delivered (offline tickets
// reconciled), number blocks leased; then what is left.
int run_sync(const Options& options, const TicketCommandStreams& streams) {
    auto setup = load_setup(options, streams.err);
    if (!setup) {
        return k_ticket_exit_usage;
    }
    const TerminalConfig& config = setup->config;
    auto key = load_terminal_key(config.terminal_key);
    auto outbox = key ? Outbox::open(config.outbox, *key) : OutboxResult<Outbox>(std::unexpected(key.error()));
    auto blocks = outbox ? NumberBlocks::open(*outbox, *key)
                         : Result<NumberBlocks, BlockError>(fail(BlockError::storage, outbox.error().message));
    if (!blocks) {
        std::fprintf(streams.err, "madoguchi: the outbox or its number blocks cannot be used: %s\n",
                     blocks.error().message.c_str());
        return k_ticket_exit_usage;
    }
    auto server = ServerClient::create(
        {config.server_url, config.server_ca, config.terminal_certificate, config.terminal_certificate_key});
    if (!server) {
        std::fprintf(streams.err, "madoguchi: %s\n", server.error().message.c_str());
        return k_ticket_exit_usage;
    }
    BlockPlan plan{config.site, {}, config.offline_block_size};
    if (const Site* site = setup->parts.catalog.site(config.site)) {
        plan.services = site->services;
    }
    const auto now = std::chrono::system_clock::now();
    const SyncRound round = sync_round(*outbox, &*blocks, *server, plan, now, Backlog::now);
    const bool reachable = round.server_reachable.value_or(server->send("GET", "/healthz", {}, "").has_value());
    std::fprintf(streams.out, "server: %s\ndelivered: %zu\nset_aside: %zu\nblocks_leased: %zu\nqueued: %s\n",
                 reachable ? "online" : "offline", round.delivered, round.set_aside, round.leased,
                 round.queued ? std::to_string(*round.queued).c_str() : "unknown");
    if (auto held = blocks->list()) {
        for (const std::string& service : plan.services) {
            std::int64_t left = 0;
            for (const NumberBlock& block : *held) {
                left += block.service == service ? numbers_left(block, tokyo_day(now)) : 0;
            }
            std::fprintf(streams.out, "offline_numbers: %s %lld\n", service.c_str(), static_cast<long long>(left));
        }
    }
    return reachable ? k_ticket_exit_ok : k_ticket_exit_server;
}

int run_status(const Options& options, const TicketCommandStreams& streams) {
    auto setup = load_setup(options, streams.err);
    if (!setup) {
        return k_ticket_exit_usage;
    }
    auto receipt_printer = open_printer(*setup, options);
    if (!receipt_printer) {
        std::fprintf(streams.out, "printer: not found (%s)\n", receipt_printer.error().message.c_str());
        return k_ticket_exit_printer;
    }
    std::fprintf(streams.out, "printer: %s\n", receipt_printer->profile.name.c_str());
    if (!receipt_printer->transport->answers()) {
        std::fputs("status: not reported (a file answers no status query)\n", streams.out);
        return k_ticket_exit_ok;
    }
    printer::Printer device(*receipt_printer->transport);
    auto status = device.status();
    if (!status) {
        std::fprintf(streams.out, "status: no answer (%s)\n", status.error().message.c_str());
        return k_ticket_exit_printer;
    }
    const auto yes_no = [](bool value) { return value ? "yes" : "no"; };
    std::fprintf(streams.out, "online: %s\npaper: %s\ncover open: %s\nerror: %s\n", yes_no(!status->offline),
                 status->paper_out ? "out" : (status->paper_near_end ? "near end" : "ok"), yes_no(status->cover_open),
                 yes_no(status->cutter_error || status->unrecoverable_error || status->auto_recoverable_error));
    const auto ready = printer::ready_to_print(*status);
    return ready ? k_ticket_exit_ok : k_ticket_exit_printer;
}

int run_test_page(const Options& options, const TicketCommandStreams& streams) {
    auto setup = load_setup(options, streams.err);
    if (!setup) {
        return k_ticket_exit_usage;
    }
    auto receipt_printer = open_printer(*setup, options);
    if (!receipt_printer) {
        std::fprintf(streams.err, "madoguchi: printer not found: %s\n", receipt_printer.error().message.c_str());
        return k_ticket_exit_printer;
    }
    // A ticket's layout with no ticket behind it: what a citizen would get, without a number
    // in the queue. The QR says what it is, so nobody mistakes it for a real ticket.
    TicketContent content;
    const Site* site = setup->parts.catalog.site(setup->config.site);
    content.site = {site != nullptr ? site->name_ja : setup->config.site, site != nullptr ? site->name_en : ""};
    content.service = {receipt_printer->profile.name, ""};
    content.number = "TEST";
    content.issued_at = tokyo_time(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
    content.qr_url = "madoguchi printer test: " + receipt_printer->profile.name;
    auto job = ticket_job(content, receipt_printer->profile, setup->parts.rasterizer);
    printer::Printer device(*receipt_printer->transport);
    auto printed = job ? device.print(*job) : printer::PrinterResult<void>(std::unexpected(job.error()));
    if (!printed) {
        const std::string_view words = plain_words(ticket_error_for(printed.error().code));
        std::fprintf(streams.err, "madoguchi: %.*s (%s)\n", int(words.size()), words.data(),
                     printed.error().message.c_str());
        return k_ticket_exit_printer;
    }
    std::fprintf(streams.out, "test page printed on %s\n", receipt_printer->profile.name.c_str());
    return k_ticket_exit_ok;
}

}  // namespace

int run_ticket_command(std::span<const char* const> args, const TicketCommandStreams& streams) {
    const std::string_view subcommand = args.empty() ? "" : args[0];
    if (subcommand != "issue" && subcommand != "sync") {
        print_usage(streams.err);
        return k_ticket_exit_usage;
    }
    const auto options = parse_options(args, subcommand == "issue", streams.err);
    if (!options) {
        return k_ticket_exit_usage;
    }
    return subcommand == "issue" ? run_issue(*options, streams) : run_sync(*options, streams);
}

int run_printer_command(std::span<const char* const> args, const TicketCommandStreams& streams) {
    const std::string_view subcommand = args.empty() ? "" : args[0];
    if (subcommand != "status" && subcommand != "test") {
        print_usage(streams.err);
        return k_ticket_exit_usage;
    }
    const auto options = parse_options(args, false, streams.err);
    if (!options) {
        return k_ticket_exit_usage;
    }
    return subcommand == "status" ? run_status(*options, streams) : run_test_page(*options, streams);
}

}  // namespace madoguchi
