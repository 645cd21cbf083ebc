#pragma once
// The citizen's side of a terminal, built once for the kiosk and for the floor console's assisted
// sessions alike: the card reader's service, the ticket worker, the forms' desk and A4 printer,
// furigana, and the Session they all deliver to on the UI thread.
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "application_desk.hpp"
#include "card_service.hpp"
#include "config.hpp"
#include "forms_printer.hpp"
#include "furigana.hpp"
#include "main_queue.hpp"
#include "reader_presence.hpp"
#include "session.hpp"
#include "ticket_parts.hpp"
#include "ticket_service.hpp"

namespace madoguchi {

class Translator;

class CitizenStation {
public:
    // `settings` are the session's own (languages, timeouts, assisted…); the station adds the
    // ticket menu, forms and name readings as far as `ticket_parts` and the keys allow. Without
    // ticket parts there are no tickets and so no forms; the card flow still runs. `queue` and
    // `translator` must outlive the station.
    CitizenStation(MainQueue& queue, const TerminalConfig& config, const Translator& translator,
                   SessionSettings settings, std::shared_ptr<const std::vector<FormDefinition>> forms,
                   std::expected<TicketParts, std::string> ticket_parts);
    CitizenStation(const CitizenStation&) = delete;
    CitizenStation& operator=(const CitizenStation&) = delete;

    Session& session() { return *m_session; }
    const Session& session() const { return *m_session; }

private:
    // Declared in this order so that the session goes before the services that deliver to it.
    std::shared_ptr<ReaderPresence> m_readers;
    CardService m_card_service;
    std::optional<TicketService> m_ticket_service;
    std::optional<ApplicationDesk> m_applications;
    std::optional<FormsPrinter> m_forms_printer;
    std::shared_ptr<Furigana> m_furigana;
    std::optional<Session> m_session;
};

// What every citizen session on this terminal starts from: languages, timeouts, the PIN pad,
// and whether it is a staff tablet's.
SessionSettings citizen_settings(const TerminalConfig& config);

// The services a site offers, for the session's ticket menu, from the catalog in the parts.
void offer_tickets(SessionSettings& settings, const TicketParts& parts, const TerminalConfig& config);

}  // namespace madoguchi
