// madoguchi-server: the city backend (issue 4). `serve` runs the API; `pki` makes the demo and
// test certificates.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/log.hpp"
#include "server/pki.hpp"
#include "server/server_app.hpp"

namespace {

using namespace madoguchi;
using namespace madoguchi::server;

constexpr const char* k_usage =
    "usage: madoguchi-server [serve] [--config FILE]\n"
    "       madoguchi-server audit verify [--config FILE]\n"
    "       madoguchi-server staff set-password --id STAFF --site ID [--config FILE]  (password on stdin)\n"
    "       madoguchi-server pki init --dir DIR [--host NAME]...\n"
    "       madoguchi-server pki issue-terminal --dir DIR --role kiosk|counter|floor|display --site ID [--name NAME]\n";

struct Options {
    std::vector<std::string> words;
    std::string config{k_default_server_config};
    std::string dir;
    std::vector<std::string> hosts;
    std::string role;
    std::string site;
    std::string name;
    std::string id;
};

std::optional<Options> parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        std::string* target = nullptr;
        if (argument == "--config") {
            target = &options.config;
        } else if (argument == "--dir") {
            target = &options.dir;
        } else if (argument == "--role") {
            target = &options.role;
        } else if (argument == "--site") {
            target = &options.site;
        } else if (argument == "--name") {
            target = &options.name;
        } else if (argument == "--id") {
            target = &options.id;
        } else if (argument == "--host") {
            if (i + 1 >= argc) {
                return std::nullopt;
            }
            options.hosts.emplace_back(argv[++i]);
            continue;
        } else if (argument.starts_with("--")) {
            return std::nullopt;
        } else {
            options.words.push_back(argument);
            continue;
        }
        if (i + 1 >= argc) {
            return std::nullopt;
        }
        *target = argv[++i];
    }
    return options;
}

int run_pki(const Options& options) {
    if (options.dir.empty() || options.words.size() != 2) {
        std::fputs(k_usage, stderr);
        return 2;
    }
    const PkiLayout layout{options.dir};
    if (options.words[1] == "init") {
        const std::vector<std::string> hosts =
            options.hosts.empty() ? std::vector<std::string>{"localhost", "127.0.0.1"} : options.hosts;
        if (auto made = pki_init(layout, hosts); !made) {
            std::fprintf(stderr, "pki init: %s\n", made.error().message.c_str());
            return 1;
        }
        std::printf("%s\n%s\n%s\n", layout.ca_certificate().c_str(), layout.server_certificate().c_str(),
                    layout.server_key().c_str());
        return 0;
    }
    if (options.words[1] == "issue-terminal") {
        const std::optional<TerminalRole> role = parse_terminal_role(options.role);
        if (!role || options.site.empty()) {
            std::fputs(k_usage, stderr);
            return 2;
        }
        const std::string name =
            options.name.empty() ? options.site + "-" + std::string(terminal_role_name(*role)) : options.name;
        if (auto issued = pki_issue_terminal(layout, Identity{name, *role, options.site, ""}); !issued) {
            std::fprintf(stderr, "pki issue-terminal: %s\n", issued.error().message.c_str());
            return 1;
        }
        std::printf("%s\n%s\n", layout.terminal_certificate(name).c_str(), layout.terminal_key(name).c_str());
        return 0;
    }
    std::fputs(k_usage, stderr);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
        std::fputs(k_usage, stdout);
        return 0;
    }
    const std::optional<Options> options = parse(argc, argv);
    if (!options) {
        std::fputs(k_usage, stderr);
        return 2;
    }
    if (!options->words.empty() && options->words[0] == "pki") {
        return run_pki(*options);
    }
    const bool serve = options->words.empty() || (options->words.size() == 1 && options->words[0] == "serve");
    const bool audit = options->words.size() == 2 && options->words[0] == "audit" && options->words[1] == "verify";
    const bool staff = options->words.size() == 2 && options->words[0] == "staff" &&
                       options->words[1] == "set-password" && !options->id.empty() && !options->site.empty();
    if (!serve && !audit && !staff) {
        std::fputs(k_usage, stderr);
        return 2;
    }
    auto config = load_server_config(options->config);
    if (!config) {
        std::fprintf(stderr, "%s\n", config.error().describe().c_str());
        return 2;
    }
    if (staff) {
        return set_staff_password(*config, options->id, options->site);
    }
    return serve ? run_server(*config) : verify_audit_log(*config);
}
