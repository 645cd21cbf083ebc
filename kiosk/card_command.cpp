#include "card_command.hpp"

#include <optional>
#include <string>
#include <string_view>

#include "drivers/card/my_number_card.hpp"
#include "drivers/card/pcsc.hpp"
#include "log.hpp"
#include "secret_input.hpp"

namespace madoguchi {
namespace {

using card::CardError;

struct ReadOptions {
    std::optional<std::string> reader;
    bool json = false;
    bool number = false;
};

void print_usage(std::FILE* err) {
    std::fputs(
        "usage: madoguchi card status [--reader NAME]\n"
        "       madoguchi card read [--reader NAME] [--json] [--number]   (PIN on standard input)\n",
        err);
}

int exit_code_for(CardError code) {
    switch (code) {
        case CardError::no_reader:
        case CardError::no_card:
        case CardError::removed:
            return k_card_exit_no_card;
        case CardError::not_my_number_card:
            return k_card_exit_not_my_number_card;
        case CardError::wrong_pin:
            return k_card_exit_wrong_pin;
        case CardError::blocked:
            return k_card_exit_blocked;
        default:
            return k_card_exit_failure;
    }
}

std::string_view plain_words(CardError code) {
    switch (code) {
        case CardError::no_service:
            return "the PC/SC service (pcscd) is not running";
        case CardError::no_reader:
            return "no card reader found";
        case CardError::no_card:
            return "no card in the reader";
        case CardError::removed:
            return "the card was removed";
        case CardError::reader_busy:
            return "another program is using the card";
        case CardError::not_my_number_card:
            return "this is not a My Number card";
        case CardError::wrong_pin:
            return "wrong PIN";
        case CardError::blocked:
            return "the PIN is blocked; a ward office counter can reset it";
        case CardError::security_status:
            return "the card refused to read without the PIN";
        case CardError::file_not_found:
            return "the card lacks a file it should have";
        case CardError::unsupported:
            return "the card refused a command";
        case CardError::malformed_response:
            return "the card's data is malformed";
        case CardError::wrong_check_digit:
            return "the individual number's check digit is wrong";
        case CardError::transport:
            return "communication with the card failed";
        case CardError::cancelled:
            return "cancelled";
    }
    return "card error";
}

int report(const Error<CardError>& error, std::FILE* err) {
    log::warn("card_command_failed",
              {{"error", std::string(card::card_error_name(error.code))}, {"detail", error.message}});
    std::fprintf(err, "madoguchi: %.*s\n", int(plain_words(error.code).size()), plain_words(error.code).data());
    return exit_code_for(error.code);
}

std::optional<card::Pin> read_pin(int fd, std::FILE* err) {
    // A little longer than a PIN, so that a long line is refused rather than cut to four digits.
    const auto line = read_secret_line(fd, "PIN", 16, err);
    if (!line) {
        return std::nullopt;
    }
    return card::Pin::from_digits(std::string_view(reinterpret_cast<const char*>(line->data()), line->size()));
}

void write_json_string(std::FILE* out, std::string_view text) {
    std::fputc('"', out);
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            std::fputc('\\', out);
            std::fputc(c, out);
        } else if (byte < 0x20) {
            std::fprintf(out, "\\u%04x", byte);
        } else {
            std::fputc(c, out);
        }
    }
    std::fputc('"', out);
}

void write_result(std::FILE* out, const card::PersonalAttributes& attributes, const card::IndividualNumber* number,
                  bool json) {
    std::string birth_date = attributes.birth_date_iso();
    const std::string_view sex = card::sex_name(attributes.sex);
    if (json) {
        std::fputs("{\"name\":", out);
        write_json_string(out, attributes.name);
        std::fputs(",\"address\":", out);
        write_json_string(out, attributes.address);
        std::fputs(",\"birth_date\":", out);
        write_json_string(out, birth_date);
        std::fputs(",\"sex\":", out);
        write_json_string(out, sex);
        if (number != nullptr) {
            std::fputs(",\"individual_number\":", out);
            write_json_string(out, number->digits);
        }
        std::fputs("}\n", out);
    } else {
        std::fprintf(out, "name: %s\naddress: %s\nbirth_date: %s\nsex: %.*s\n", attributes.name.c_str(),
                     attributes.address.c_str(), birth_date.c_str(), int(sex.size()), sex.data());
        if (number != nullptr) {
            std::fprintf(out, "individual_number: %s\n", number->digits.c_str());
        }
    }
    std::fflush(out);
    card::wipe_string(birth_date);
}

card::CardResult<std::string> choose_reader(const card::PcscContext& context, const std::optional<std::string>& name) {
    if (!name) {
        return context.reader_with_card();
    }
    auto present = context.card_present(*name);
    if (!present) {
        return std::unexpected(present.error());
    }
    if (!*present) {
        return fail(CardError::no_card, "no card in " + *name);
    }
    return *name;
}

std::expected<CardReading, int> read_card_with_pin(const std::optional<std::string>& reader_name,
                                                   bool individual_number, const CardCommandStreams& streams) {
    auto pin = read_pin(streams.in, streams.err);
    if (!pin) {
        std::fputs("madoguchi: the PIN must be 4 digits on standard input\n", streams.err);
        return std::unexpected(k_card_exit_usage);
    }
    auto context = card::PcscContext::establish();
    if (!context) {
        return std::unexpected(report(context.error(), streams.err));
    }
    auto reader = choose_reader(*context, reader_name);
    if (!reader) {
        return std::unexpected(report(reader.error(), streams.err));
    }
    auto connection = context->connect(*reader);
    if (!connection) {
        return std::unexpected(report(connection.error(), streams.err));
    }
    card::MyNumberCard my_number(*connection);
    if (auto selected = my_number.select(); !selected) {
        return std::unexpected(report(selected.error(), streams.err));
    }
    auto verified = my_number.verify_pin(*pin);
    pin.reset();
    if (!verified) {
        return std::unexpected(report(verified.error(), streams.err));
    }
    if (verified->state == card::PinState::wrong) {
        std::fprintf(streams.err, "madoguchi: wrong PIN; %d %s left\n", verified->tries_left,
                     verified->tries_left == 1 ? "try" : "tries");
        return std::unexpected(k_card_exit_wrong_pin);
    }
    if (verified->state == card::PinState::blocked) {
        return std::unexpected(report(Error<CardError>{CardError::blocked, "PIN blocked"}, streams.err));
    }
    auto attributes = my_number.read_attributes();
    if (!attributes) {
        return std::unexpected(report(attributes.error(), streams.err));
    }
    CardReading reading{std::move(*attributes), std::nullopt};
    if (individual_number) {
        auto read = my_number.read_individual_number();
        if (!read) {
            return std::unexpected(report(read.error(), streams.err));
        }
        reading.number = std::move(*read);
    }
    // Unpower before anything is shown or printed: the card must not stay verified meanwhile.
    if (auto closed = connection->disconnect(); !closed) {
        return std::unexpected(report(closed.error(), streams.err));
    }
    return reading;
}

int run_read(const ReadOptions& options, const CardCommandStreams& streams) {
    auto reading = read_card_with_pin(options.reader, options.number, streams);
    if (!reading) {
        return reading.error();
    }
    write_result(streams.out, reading->attributes, reading->number ? &*reading->number : nullptr, options.json);
    return k_card_exit_ok;
}

int run_status(const std::optional<std::string>& only_reader, const CardCommandStreams& streams) {
    auto context = card::PcscContext::establish();
    if (!context) {
        return report(context.error(), streams.err);
    }
    auto readers = context->readers();
    if (!readers) {
        return report(readers.error(), streams.err);
    }
    if (only_reader) {
        *readers = {*only_reader};
    }
    std::fprintf(streams.out, "readers: %zu\n", readers->size());
    if (readers->empty()) {
        return report(Error<CardError>{CardError::no_reader, "no readers"}, streams.err);
    }
    int result = k_card_exit_no_card;
    for (const std::string& reader : *readers) {
        std::fprintf(streams.out, "reader: %s\n", reader.c_str());
        auto present = context->card_present(reader);
        if (!present) {
            std::fprintf(streams.out, "  error: %.*s\n", int(plain_words(present.error().code).size()),
                         plain_words(present.error().code).data());
            continue;
        }
        std::fprintf(streams.out, "  card present: %s\n", *present ? "yes" : "no");
        if (!*present) {
            continue;
        }
        auto connection = context->connect(reader);
        if (!connection) {
            std::fprintf(streams.out, "  error: %.*s\n", int(plain_words(connection.error().code).size()),
                         plain_words(connection.error().code).data());
            continue;
        }
        card::MyNumberCard my_number(*connection);
        const auto selected = my_number.select();
        std::fprintf(streams.out, "  my number card: %s\n", selected ? "yes" : "no");
        if (!selected) {
            result = result == k_card_exit_ok ? result : k_card_exit_not_my_number_card;
            continue;
        }
        const auto tries = my_number.tries_left();
        if (!tries) {
            std::fprintf(streams.out, "  error: %.*s\n", int(plain_words(tries.error().code).size()),
                         plain_words(tries.error().code).data());
            continue;
        }
        if (*tries == 0) {
            std::fputs("  pin: blocked\n", streams.out);
        } else {
            std::fprintf(streams.out, "  pin tries left: %d\n", *tries);
        }
        result = k_card_exit_ok;
    }
    return result;
}

}  // namespace

std::expected<CardReading, int> read_card(const std::optional<std::string>& reader, bool individual_number,
                                          const CardCommandStreams& streams) {
    return read_card_with_pin(reader, individual_number, streams);
}

int run_card_command(std::span<const char* const> args) {
    return run_card_command(args, CardCommandStreams{});
}

int run_card_command(std::span<const char* const> args, const CardCommandStreams& streams) {
    if (args.empty()) {
        print_usage(streams.err);
        return k_card_exit_usage;
    }
    const std::string_view subcommand = args[0];
    ReadOptions options;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "--reader" && i + 1 < args.size()) {
            options.reader = args[++i];
        } else if (arg == "--json" && subcommand == "read") {
            options.json = true;
        } else if (arg == "--number" && subcommand == "read") {
            options.number = true;
        } else {
            print_usage(streams.err);
            return k_card_exit_usage;
        }
    }
    if (subcommand == "status") {
        return run_status(options.reader, streams);
    }
    if (subcommand == "read") {
        return run_read(options, streams);
    }
    print_usage(streams.err);
    return k_card_exit_usage;
}

}  // namespace madoguchi
