// mynacard-sim: a virtual My Number card for pcscd through vsmartcard's vpcd (DESIGN.md §5).
//
//   mynacard-sim --profile FILE [--port 35963] [--host localhost]
//                [--remove-after N [--reinsert-after-ms MS]] [--verbose]
//
// --remove-after N answers N APDUs and then drops the link, which vpcd reports as the card
// leaving; 0 drops it when the first APDU arrives, unanswered. With --reinsert-after-ms the same
// card (same PIN tries) comes back after that pause, otherwise the program ends.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "profile.hpp"
#include "virtual_card.hpp"
#include "vpcd_link.hpp"

namespace {

using namespace madoguchi::sim;

constexpr std::uint16_t k_default_port = 35963;
constexpr auto k_connect_retry = std::chrono::milliseconds(50);
constexpr int k_exit_usage = 2;
// The ATR of a My Number card: T=1, no historical bytes.
const std::vector<std::uint8_t> k_atr{0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14};

struct Options {
    std::string profile;
    std::string host = "localhost";
    std::uint16_t port = k_default_port;
    std::optional<long> remove_after;
    std::optional<long> reinsert_after_ms;
    bool verbose = false;
};

template <typename T>
bool parse_number(std::string_view text, T& value) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc{} && end == text.data() + text.size();
}

std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--verbose") {
            options.verbose = true;
        } else if (arg == "--profile" && has_value) {
            options.profile = argv[++i];
        } else if (arg == "--host" && has_value) {
            options.host = argv[++i];
        } else if (arg == "--port" && has_value) {
            if (!parse_number(argv[++i], options.port)) {
                return std::nullopt;
            }
        } else if (arg == "--remove-after" && has_value) {
            long value = 0;
            if (!parse_number(argv[++i], value) || value < 0) {
                return std::nullopt;
            }
            options.remove_after = value;
        } else if (arg == "--reinsert-after-ms" && has_value) {
            long value = 0;
            if (!parse_number(argv[++i], value) || value < 0) {
                return std::nullopt;
            }
            options.reinsert_after_ms = value;
        } else {
            return std::nullopt;
        }
    }
    if (options.profile.empty()) {
        return std::nullopt;
    }
    return options;
}

VpcdLink connect_when_listening(const Options& options) {
    bool said = false;
    while (true) {
        auto link = VpcdLink::connect(options.host, options.port);
        if (link) {
            return std::move(*link);
        }
        if (!said && options.verbose) {
            std::fprintf(stderr, "mynacard-sim: waiting for vpcd: %s\n", link.error().c_str());
            said = true;
        }
        std::this_thread::sleep_for(k_connect_retry);
    }
}

enum class Ending { link_closed, removed };

// Serves vpcd until it closes the link or the card is pulled.
Ending serve(VpcdLink& link, VirtualCard& card, const Options& options, std::optional<long> remove_after) {
    long apdus = 0;
    while (true) {
        auto message = link.receive();
        if (!message) {
            return Ending::link_closed;
        }
        std::vector<std::uint8_t> answer;
        if (message->size() == 1) {
            switch ((*message)[0]) {
                case 0x00:
                case 0x01:
                case 0x02:
                    card.power_cycle();
                    continue;
                case 0x04:
                    answer = k_atr;
                    break;
                default:
                    continue;
            }
        } else {
            ++apdus;
            if (remove_after && *remove_after == 0) {
                link.close();
                return Ending::removed;
            }
            answer = card.process(*message);
            if (options.verbose) {
                // The instruction and status only: a VERIFY's data is the PIN.
                std::fprintf(stderr, "mynacard-sim: apdu %ld ins %02X -> %02X%02X tries %d\n", apdus, (*message)[1],
                             answer[answer.size() - 2], answer[answer.size() - 1], card.tries_left());
            }
        }
        if (!link.send(answer)) {
            return Ending::link_closed;
        }
        if (remove_after && *remove_after != 0 && apdus == *remove_after) {
            link.close();
            return Ending::removed;
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    const auto options = parse_options(argc, argv);
    if (!options) {
        std::fprintf(stderr,
                     "usage: mynacard-sim --profile FILE [--port N] [--host HOST] [--remove-after N "
                     "[--reinsert-after-ms MS]] [--verbose]\n");
        return k_exit_usage;
    }
    auto profile = load_profile(options->profile);
    if (!profile) {
        std::fprintf(stderr, "mynacard-sim: %s\n", profile.error().c_str());
        return 1;
    }
    VirtualCard card(*profile);
    std::optional<long> remove_after = options->remove_after;
    while (true) {
        VpcdLink link = connect_when_listening(*options);
        card.power_cycle();
        if (serve(link, card, *options, remove_after) == Ending::removed) {
            if (options->verbose) {
                std::fprintf(stderr, "mynacard-sim: card removed\n");
            }
            if (!options->reinsert_after_ms) {
                return 0;
            }
            remove_after.reset();
            std::this_thread::sleep_for(std::chrono::milliseconds(*options->reinsert_after_ms));
        }
    }
}
