#include "pcsc.hpp"

#include <PCSC/winscard.h>

#include <array>
#include <chrono>
#include <thread>
#include <type_traits>
#include <utility>

namespace madoguchi::card {
namespace {

static_assert(std::is_same_v<SCARDCONTEXT, long> && std::is_same_v<SCARDHANDLE, long>,
              "pcsc-lite handles are stored as long");

// The largest short-APDU response: 256 data bytes + SW1SW2.
constexpr std::size_t k_max_response = 258;
constexpr auto k_removal_grace = std::chrono::milliseconds(1200);
constexpr auto k_removal_poll = std::chrono::milliseconds(50);

CardError code_for(LONG code) {
    switch (code) {
        case SCARD_E_NO_SERVICE:
        case SCARD_E_SERVICE_STOPPED:
            return CardError::no_service;
        case SCARD_E_NO_READERS_AVAILABLE:
        case SCARD_E_UNKNOWN_READER:
        case SCARD_E_READER_UNAVAILABLE:
            return CardError::no_reader;
        case SCARD_E_NO_SMARTCARD:
            return CardError::no_card;
        case SCARD_W_REMOVED_CARD:
        case SCARD_W_RESET_CARD:
        case SCARD_W_UNPOWERED_CARD:
            return CardError::removed;
        case SCARD_E_SHARING_VIOLATION:
            return CardError::reader_busy;
        case SCARD_E_CANCELLED:
            return CardError::cancelled;
        default:
            return CardError::transport;
    }
}

}  // namespace

Error<CardError> pcsc_failure(long code, std::string_view call) {
    return Error<CardError>{code_for(code), std::string(call) + ": " + pcsc_stringify_error(code)};
}

ContextHandle::~ContextHandle() {
    SCardReleaseContext(m_handle);
}

CardResult<PcscContext> PcscContext::establish() {
    SCARDCONTEXT handle = 0;
    const LONG rc = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &handle);
    if (rc != SCARD_S_SUCCESS) {
        return std::unexpected(pcsc_failure(rc, "SCardEstablishContext"));
    }
    return PcscContext(std::make_shared<const ContextHandle>(handle));
}

CardResult<std::vector<std::string>> list_readers(long context) {
    DWORD size = 0;
    LONG rc = SCardListReaders(context, nullptr, nullptr, &size);
    if (rc == SCARD_E_NO_READERS_AVAILABLE) {
        return std::vector<std::string>{};
    }
    if (rc != SCARD_S_SUCCESS) {
        return std::unexpected(pcsc_failure(rc, "SCardListReaders"));
    }
    std::string buffer(size, '\0');
    rc = SCardListReaders(context, nullptr, buffer.data(), &size);
    if (rc == SCARD_E_NO_READERS_AVAILABLE) {
        return std::vector<std::string>{};
    }
    if (rc != SCARD_S_SUCCESS) {
        return std::unexpected(pcsc_failure(rc, "SCardListReaders"));
    }
    // A multi-string: names separated by NUL, ended by an empty name.
    std::vector<std::string> names;
    for (std::size_t pos = 0; pos < buffer.size() && buffer[pos] != '\0';) {
        const std::size_t end = buffer.find('\0', pos);
        names.push_back(buffer.substr(pos, end - pos));
        pos = end == std::string::npos ? buffer.size() : end + 1;
    }
    return names;
}

CardResult<std::vector<std::string>> PcscContext::readers() const {
    return list_readers(m_handle->get());
}

CardResult<bool> PcscContext::card_present(const std::string& reader) const {
    SCARD_READERSTATE state{};
    state.szReader = reader.c_str();
    state.dwCurrentState = SCARD_STATE_UNAWARE;
    const LONG rc = SCardGetStatusChange(m_handle->get(), 0, &state, 1);
    if (rc != SCARD_S_SUCCESS && rc != SCARD_E_TIMEOUT) {
        return std::unexpected(pcsc_failure(rc, "SCardGetStatusChange"));
    }
    if ((state.dwEventState & SCARD_STATE_UNKNOWN) != 0) {
        return fail(CardError::no_reader, "reader is not attached");
    }
    return (state.dwEventState & SCARD_STATE_PRESENT) != 0;
}

CardResult<std::string> PcscContext::reader_with_card() const {
    auto names = readers();
    if (!names) {
        return std::unexpected(names.error());
    }
    if (names->empty()) {
        return fail(CardError::no_reader, "no card reader is attached");
    }
    for (const std::string& name : *names) {
        auto present = card_present(name);
        if (present && *present) {
            return name;
        }
    }
    return fail(CardError::no_card, "no reader holds a card");
}

CardResult<CardConnection> PcscContext::connect(const std::string& reader) const {
    SCARDHANDLE handle = 0;
    DWORD protocol = 0;
    const LONG rc =
        SCardConnect(m_handle->get(), reader.c_str(), SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T1, &handle, &protocol);
    if (rc != SCARD_S_SUCCESS) {
        return std::unexpected(pcsc_failure(rc, "SCardConnect"));
    }
    return CardConnection(m_handle, handle);
}

CardConnection::CardConnection(CardConnection&& other) noexcept
    : m_context(other.m_context),
      m_handle(other.m_handle),
      m_valid(std::exchange(other.m_valid, false)),
      m_apdu_count(other.m_apdu_count) {}

CardConnection& CardConnection::operator=(CardConnection&& other) noexcept {
    if (this != &other) {
        (void)disconnect();
        m_context = other.m_context;
        m_handle = other.m_handle;
        m_valid = std::exchange(other.m_valid, false);
        m_apdu_count = other.m_apdu_count;
    }
    return *this;
}

CardConnection::~CardConnection() {
    (void)disconnect();
}

CardResult<void> CardConnection::disconnect() {
    if (!m_valid) {
        return {};
    }
    m_valid = false;
    const LONG rc = SCardDisconnect(m_handle, SCARD_UNPOWER_CARD);
    if (rc != SCARD_S_SUCCESS) {
        return std::unexpected(pcsc_failure(rc, "SCardDisconnect"));
    }
    return {};
}

Error<CardError> CardConnection::transmit_failure(long code) const {
    Error<CardError> error = pcsc_failure(code, "SCardTransmit");
    if (error.code != CardError::transport) {
        return error;
    }
    // A card pulled mid-exchange shows as a generic failure at first; pcscd notices the removal
    // at its next presence poll (every 400 ms), so ask the handle for a while before deciding.
    const auto deadline = std::chrono::steady_clock::now() + k_removal_grace;
    while (true) {
        std::array<char, 256> reader{};
        DWORD reader_size = static_cast<DWORD>(reader.size());
        DWORD state = 0;
        DWORD protocol = 0;
        std::array<BYTE, 36> atr{};
        DWORD atr_size = static_cast<DWORD>(atr.size());
        const LONG rc = SCardStatus(m_handle, reader.data(), &reader_size, &state, &protocol, atr.data(), &atr_size);
        if (rc == SCARD_W_REMOVED_CARD || rc == SCARD_E_NO_SMARTCARD || rc == SCARD_E_READER_UNAVAILABLE ||
            (rc == SCARD_S_SUCCESS && (state & SCARD_PRESENT) == 0)) {
            error.code = CardError::removed;
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            break;
        }
        std::this_thread::sleep_for(k_removal_poll);
    }
    return error;
}

CardResult<Response> CardConnection::transmit(const Command& command) {
    if (!m_valid) {
        return fail(CardError::transport, "transmit on a closed connection");
    }
    const SecureBytes apdu = encode_command(command);
    SecureBytes received(k_max_response);
    DWORD received_size = static_cast<DWORD>(received.size());
    ++m_apdu_count;
    const LONG rc = SCardTransmit(m_handle, SCARD_PCI_T1, apdu.data(), static_cast<DWORD>(apdu.size()), nullptr,
                                  received.data(), &received_size);
    if (rc != SCARD_S_SUCCESS) {
        return std::unexpected(transmit_failure(rc));
    }
    // vpcd answers a card that vanished mid-command with an empty "success".
    if (received_size < 2) {
        return std::unexpected(transmit_failure(SCARD_F_COMM_ERROR));
    }
    return parse_response(std::span(received).first(received_size));
}

}  // namespace madoguchi::card
