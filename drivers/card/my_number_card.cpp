#include "my_number_card.hpp"

#include <algorithm>
#include <string>

#include "tlv.hpp"

namespace madoguchi::card {
namespace {

constexpr std::uint16_t k_ef_pin = 0x0011;
constexpr std::uint16_t k_ef_number = 0x0001;
constexpr std::uint16_t k_ef_attributes = 0x0002;
constexpr std::uint8_t k_sfi_pin = 0x11;
constexpr std::uint8_t k_sfi_number = 0x01;
constexpr std::uint8_t k_sfi_attributes = 0x02;
constexpr std::uint8_t k_reference_current_ef = 0x80;
constexpr std::uint16_t k_chunk = 256;
// READ BINARY offsets are 15 bits; no file of this AP comes near that.
constexpr std::size_t k_max_file_size = 0x7FFF;
// A GET RESPONSE chain longer than this is a card gone wrong, not data.
constexpr int k_max_response_chain = 16;

std::string hex_status(std::uint16_t status_word) {
    static constexpr char k_digits[] = "0123456789ABCDEF";
    std::string text = "SW ";
    for (int shift = 12; shift >= 0; shift -= 4) {
        text += k_digits[(status_word >> shift) & 0xF];
    }
    return text;
}

// Status words by which a card says it does not know a command form (here: the SFI forms),
// as opposed to a real answer about the PIN or the file. None of them uses a PIN try.
bool refuses_form(std::uint16_t status_word) {
    return status_word == 0x6A86 || status_word == 0x6A81 || status_word == 0x6A88 || status_word == 0x6B00 ||
           status_word == 0x6D00 || status_word == 0x6E00 || status_word == 0x6700 || status_word == 0x6986;
}

std::optional<int> tries_in(std::uint16_t status_word) {
    if ((status_word & 0xFFF0) == 0x63C0) {
        return status_word & 0x000F;
    }
    return std::nullopt;
}

bool is_blocked(std::uint16_t status_word) {
    return status_word == 0x6983 || status_word == 0x6984;
}

template <typename T>
CardResult<T> status_failure(std::uint16_t status_word, std::string_view what) {
    return fail(card_error_from_status(status_word), std::string(what) + " answered " + hex_status(status_word));
}

CardResult<std::optional<std::size_t>> number_file_size(std::span<const std::uint8_t> head) {
    return tlv_total_size(head);
}

}  // namespace

CardResult<Response> MyNumberCard::exchange(Command command) {
    auto response = m_channel.transmit(command);
    if (!response) {
        return response;
    }
    // 6Cxx: the card wants the same command with Le = xx.
    if (response->sw1() == 0x6C && command.le) {
        command.le = response->sw2() == 0 ? std::uint16_t{256} : std::uint16_t{response->sw2()};
        response = m_channel.transmit(command);
        if (!response) {
            return response;
        }
    }
    // 61xx: more response bytes wait for GET RESPONSE (T=0 style, some readers pass it through).
    SecureBytes data;
    for (int round = 0; response->sw1() == 0x61; ++round) {
        if (round == k_max_response_chain) {
            return fail(CardError::malformed_response, "endless GET RESPONSE chain");
        }
        data.insert(data.end(), response->data.begin(), response->data.end());
        response = m_channel.transmit(get_response(response->sw2()));
        if (!response) {
            return response;
        }
    }
    if (!data.empty()) {
        data.insert(data.end(), response->data.begin(), response->data.end());
        response->data = std::move(data);
    }
    return response;
}

CardResult<void> MyNumberCard::select() {
    auto response = exchange(select_application(k_attributes_aid));
    if (!response) {
        return std::unexpected(response.error());
    }
    if (!response->ok()) {
        return fail(CardError::not_my_number_card,
                    "SELECT of the attributes AP answered " + hex_status(response->status_word));
    }
    return {};
}

CardResult<void> MyNumberCard::select_ef(std::uint16_t file_id) {
    auto response = exchange(select_file(file_id));
    if (!response) {
        return std::unexpected(response.error());
    }
    if (!response->ok()) {
        return status_failure<void>(response->status_word, "SELECT EF");
    }
    return {};
}

CardResult<Response> MyNumberCard::verify_command(std::span<const std::uint8_t> pin) {
    if (m_short_form) {
        auto response = exchange(verify(static_cast<std::uint8_t>(0x80 | k_sfi_pin), pin));
        if (!response || !refuses_form(response->status_word)) {
            return response;
        }
        m_short_form = false;
    }
    if (auto selected = select_ef(k_ef_pin); !selected) {
        return std::unexpected(selected.error());
    }
    return exchange(verify(k_reference_current_ef, pin));
}

CardResult<int> MyNumberCard::tries_left() {
    auto response = verify_command({});
    if (!response) {
        return std::unexpected(response.error());
    }
    if (auto tries = tries_in(response->status_word)) {
        return *tries;
    }
    if (is_blocked(response->status_word)) {
        return 0;
    }
    // 9000: the PIN is verified in this session, which resets the counter.
    if (response->ok()) {
        return k_max_pin_tries;
    }
    return status_failure<int>(response->status_word, "VERIFY (tries left)");
}

CardResult<PinResult> MyNumberCard::verify_pin(const Pin& pin) {
    auto response = verify_command(pin.bytes());
    if (!response) {
        return std::unexpected(response.error());
    }
    if (response->ok()) {
        return PinResult{PinState::verified, k_max_pin_tries};
    }
    if (auto tries = tries_in(response->status_word)) {
        return PinResult{*tries == 0 ? PinState::blocked : PinState::wrong, *tries};
    }
    if (is_blocked(response->status_word)) {
        return PinResult{PinState::blocked, 0};
    }
    return status_failure<PinResult>(response->status_word, "VERIFY");
}

CardResult<SecureBytes> MyNumberCard::read_file(std::uint8_t sfi, std::uint16_t file_id, FileSize file_size) {
    SecureBytes content;
    std::optional<std::size_t> needed;
    // Whether the file is the current EF: after an explicit SELECT, or implicitly after a READ
    // BINARY by SFI (ISO 7816-4), so later chunks need no SELECT.
    bool current = false;
    bool selected = false;
    while (!needed || content.size() < *needed) {
        const std::size_t offset = content.size();
        if (offset >= k_max_file_size) {
            return fail(CardError::malformed_response, "file larger than READ BINARY can address");
        }
        const auto want = static_cast<std::uint16_t>(needed ? std::min<std::size_t>(k_chunk, *needed - offset)
                                                            : std::size_t{k_chunk});
        CardResult<Response> response;
        bool answered = false;
        if (!current && m_short_form) {
            response = exchange(read_binary_sfi(sfi, 0, want));
            answered = !response || !refuses_form(response->status_word);
            m_short_form = answered;
            current = answered;
        }
        if (!answered) {
            if (!current) {
                if (auto ok = select_ef(file_id); !ok) {
                    return std::unexpected(ok.error());
                }
                current = true;
                selected = true;
            }
            response = exchange(read_binary(static_cast<std::uint16_t>(offset), want));
            // A card that did not make the SFI-read file current: select it and ask again.
            if (response && !selected && response->status_word != k_sw_offset_beyond_end &&
                refuses_form(response->status_word)) {
                if (auto ok = select_ef(file_id); !ok) {
                    return std::unexpected(ok.error());
                }
                selected = true;
                response = exchange(read_binary(static_cast<std::uint16_t>(offset), want));
            }
        }
        if (!response) {
            return std::unexpected(response.error());
        }
        const std::uint16_t status = response->status_word;
        if (status == k_sw_offset_beyond_end && offset > 0) {
            break;
        }
        if (status != k_sw_ok && status != k_sw_end_of_file) {
            return status_failure<SecureBytes>(status, "READ BINARY");
        }
        if (response->data.size() > want) {
            return fail(CardError::malformed_response, "READ BINARY answered more bytes than asked");
        }
        content.insert(content.end(), response->data.begin(), response->data.end());
        if (!needed) {
            auto size = file_size(content);
            if (!size) {
                return std::unexpected(size.error());
            }
            needed = *size;
            if (needed && *needed > k_max_file_size) {
                return fail(CardError::malformed_response, "file template larger than READ BINARY can address");
            }
        }
        // 6282 or a short answer: the end of the file, and what came is data.
        if (status == k_sw_end_of_file || response->data.size() < want) {
            break;
        }
    }
    if (!needed || content.size() < *needed) {
        return fail(CardError::malformed_response, "file ends inside its template");
    }
    content.resize(*needed);
    return content;
}

CardResult<PersonalAttributes> MyNumberCard::read_attributes() {
    auto file = read_file(k_sfi_attributes, k_ef_attributes, &attributes_file_size);
    if (!file) {
        return std::unexpected(file.error());
    }
    return parse_attributes(*file);
}

CardResult<IndividualNumber> MyNumberCard::read_individual_number() {
    auto file = read_file(k_sfi_number, k_ef_number, &number_file_size);
    if (!file) {
        return std::unexpected(file.error());
    }
    return parse_individual_number(*file);
}

}  // namespace madoguchi::card
