#pragma once
// The kiosk's applications: sealed with the site's application key and put in the terminal's
// outbox, linked to the ticket (enqueue_application); the outbox delivers them with the next
// ticket issued, or whenever the server is back.
#include "application_port.hpp"
#include "config.hpp"

namespace madoguchi {

class ApplicationDesk final : public ApplicationPort {
public:
    // Both keys are read now, so that a kiosk that cannot seal applications offers no forms
    // rather than failing at the citizen's last step.
    static Result<ApplicationDesk, ApplicationError> open(const TerminalConfig& config);
    ApplicationDesk(const ApplicationDesk&) = default;
    ApplicationDesk& operator=(const ApplicationDesk&) = delete;
    ~ApplicationDesk() override;

    Result<void, ApplicationError> submit(std::string_view ticket_id, std::span<const FilledForm> forms,
                                          std::string_view language) override;

private:
    ApplicationDesk(std::filesystem::path outbox, TerminalKey terminal_key, SecretKey application_key);

    std::filesystem::path m_outbox;
    TerminalKey m_terminal_key;
    SecretKey m_application_key;
};

}  // namespace madoguchi
