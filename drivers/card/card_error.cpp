#include "card_error.hpp"

namespace madoguchi::card {

std::string_view card_error_name(CardError code) {
    switch (code) {
        case CardError::no_service:
            return "no_service";
        case CardError::no_reader:
            return "no_reader";
        case CardError::no_card:
            return "no_card";
        case CardError::removed:
            return "removed";
        case CardError::reader_busy:
            return "reader_busy";
        case CardError::not_my_number_card:
            return "not_my_number_card";
        case CardError::wrong_pin:
            return "wrong_pin";
        case CardError::blocked:
            return "blocked";
        case CardError::security_status:
            return "security_status";
        case CardError::file_not_found:
            return "file_not_found";
        case CardError::unsupported:
            return "unsupported";
        case CardError::malformed_response:
            return "malformed_response";
        case CardError::wrong_check_digit:
            return "wrong_check_digit";
        case CardError::transport:
            return "transport";
        case CardError::cancelled:
            return "cancelled";
    }
    return "transport";
}

CardError card_error_from_status(std::uint16_t status_word) {
    if ((status_word & 0xFFF0) == 0x63C0) {
        return CardError::wrong_pin;
    }
    switch (status_word) {
        case 0x6983:
        case 0x6984:
            return CardError::blocked;
        case 0x6982:
            return CardError::security_status;
        case 0x6A82:
            return CardError::file_not_found;
        case 0x6A81:
        case 0x6A86:
        case 0x6B00:
        case 0x6D00:
        case 0x6E00:
        case 0x6981:
        case 0x6986:
            return CardError::unsupported;
        default:
            return CardError::transport;
    }
}

}  // namespace madoguchi::card
