#pragma once
// The card driver's failures. PC/SC return codes and ISO 7816 status words are translated into
// these at the driver boundary, so nothing above drivers/card sees SCARD_* or SW1SW2.
#include <cstdint>
#include <string_view>

#include "kiosk/error.hpp"

namespace madoguchi::card {

enum class CardError {
    no_service,          // pcscd is not running or refused us
    no_reader,           // no reader attached, or the named one is absent
    no_card,             // the reader is empty
    removed,             // the card left the reader during the operation
    reader_busy,         // another program holds the card exclusively
    not_my_number_card,  // the card does not have the 券面事項入力補助AP
    wrong_pin,
    blocked,          // the PIN is locked; only a ward counter can reset it
    security_status,  // a file was read without the verification it needs
    file_not_found,
    unsupported,         // the card refused the command form (SFI, P1/P2, instruction)
    malformed_response,  // bytes from the card that do not parse (TLV, lengths, digits)
    wrong_check_digit,   // an individual number whose check digit does not match
    transport,           // any other PC/SC or protocol failure
    cancelled,
};

template <typename T>
using CardResult = Result<T, CardError>;

std::string_view card_error_name(CardError code);

// The meaning of a status word that is not 9000, for the commands this driver sends.
CardError card_error_from_status(std::uint16_t status_word);

}  // namespace madoguchi::card
