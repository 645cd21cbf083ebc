#pragma once
// PC/SC through libpcsclite, with RAII handles. Connections are exclusive, T=1, and always end
// with SCARD_UNPOWER_CARD: a verified PIN survives a warm reset, so a card left powered could be
// read by the next program without the PIN.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "card_channel.hpp"

namespace madoguchi::card {

class CardConnection;

// The SCARDCONTEXT, released when the last PcscContext or CardConnection using it goes: releasing
// a context invalidates its card handles, so a connection keeps its context alive.
class ContextHandle {
public:
    explicit ContextHandle(long handle) : m_handle(handle) {}
    ContextHandle(const ContextHandle&) = delete;
    ContextHandle& operator=(const ContextHandle&) = delete;
    ~ContextHandle();

    long get() const { return m_handle; }

private:
    long m_handle;
};

class PcscContext {
public:
    static CardResult<PcscContext> establish();

    // The attached readers; empty when there are none.
    CardResult<std::vector<std::string>> readers() const;
    // Whether a card sits in the reader, without connecting to it.
    CardResult<bool> card_present(const std::string& reader) const;
    CardResult<CardConnection> connect(const std::string& reader) const;
    // The first reader that holds a card: no_reader or no_card when there is none.
    CardResult<std::string> reader_with_card() const;

private:
    explicit PcscContext(std::shared_ptr<const ContextHandle> handle) : m_handle(std::move(handle)) {}

    std::shared_ptr<const ContextHandle> m_handle;
};

class CardConnection final : public CardChannel {
public:
    CardConnection(CardConnection&& other) noexcept;
    CardConnection& operator=(CardConnection&& other) noexcept;
    CardConnection(const CardConnection&) = delete;
    CardConnection& operator=(const CardConnection&) = delete;
    ~CardConnection() override;

    CardResult<Response> transmit(const Command& command) override;
    // Unpowers the card now; the destructor does the same for a connection still open.
    CardResult<void> disconnect();
    std::size_t apdu_count() const { return m_apdu_count; }

private:
    friend class PcscContext;
    CardConnection(std::shared_ptr<const ContextHandle> context, long handle)
        : m_context(std::move(context)), m_handle(handle), m_valid(true) {}
    Error<CardError> transmit_failure(long code) const;

    std::shared_ptr<const ContextHandle> m_context;
    long m_handle = 0;
    bool m_valid = false;
    std::size_t m_apdu_count = 0;
};

// The readers known to a raw SCARDCONTEXT; empty when there are none.
CardResult<std::vector<std::string>> list_readers(long context);

// A PC/SC return code as a CardError, with the call that failed in the message.
Error<CardError> pcsc_failure(long code, std::string_view call);

}  // namespace madoguchi::card
