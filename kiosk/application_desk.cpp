#include "application_desk.hpp"

#include <openssl/crypto.h>

#include "log.hpp"

namespace madoguchi {

ApplicationDesk::ApplicationDesk(std::filesystem::path outbox, TerminalKey terminal_key, SecretKey application_key)
    : m_outbox(std::move(outbox)),
      m_terminal_key(std::move(terminal_key)),
      m_application_key(std::move(application_key)) {}

ApplicationDesk::~ApplicationDesk() {
    OPENSSL_cleanse(m_terminal_key.data(), m_terminal_key.size());
    OPENSSL_cleanse(m_application_key.data(), m_application_key.size());
}

Result<ApplicationDesk, ApplicationError> ApplicationDesk::open(const TerminalConfig& config) {
    auto application_key = load_application_key(config.application_key);
    if (!application_key) {
        return std::unexpected(application_key.error());
    }
    auto terminal_key = load_terminal_key(config.terminal_key);
    if (!terminal_key) {
        return fail(ApplicationError::storage, terminal_key.error().message);
    }
    return ApplicationDesk(config.outbox, std::move(*terminal_key), std::move(*application_key));
}

Result<void, ApplicationError> ApplicationDesk::submit(std::string_view ticket_id, std::span<const FilledForm> forms,
                                                       std::string_view language) {
    auto outbox = Outbox::open(m_outbox, m_terminal_key);
    if (!outbox) {
        return fail(ApplicationError::storage, outbox.error().message);
    }
    auto queued = enqueue_application(*outbox, ticket_id, forms, m_application_key, language,
                                      std::chrono::system_clock::now());
    if (!queued) {
        return std::unexpected(queued.error());
    }
    log::info("application_queued", {{"ticket", std::string(ticket_id)}, {"forms", std::to_string(forms.size())}});
    return {};
}

}  // namespace madoguchi
