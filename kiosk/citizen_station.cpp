#include "citizen_station.hpp"

#include "log.hpp"
#include "service_hours.hpp"

namespace madoguchi {

SessionSettings citizen_settings(const TerminalConfig& config) {
    SessionSettings settings;
    settings.languages = config.languages;
    settings.default_language = config.languages.front();
    settings.idle_timeout = config.idle_timeout;
    settings.idle_countdown = config.idle_countdown;
    settings.shuffle_pin_pad = config.shuffle_pin_pad;
    settings.assisted = config.assisted;
    return settings;
}

void offer_tickets(SessionSettings& settings, const TicketParts& parts, const TerminalConfig& config) {
    settings.priority_tickets = config.priority_tickets;
    settings.ticket_menu = [catalog = parts.catalog, site = config.site] {
        return ticket_menu(catalog, site, std::chrono::system_clock::now());
    };
}

CitizenStation::CitizenStation(MainQueue& queue, const TerminalConfig& config, const Translator& translator,
                               SessionSettings settings, std::shared_ptr<const std::vector<FormDefinition>> forms,
                               std::expected<TicketParts, std::string> ticket_parts)
    : m_readers(std::make_shared<ReaderPresence>(config.card_reader)),
      m_card_service(
          queue, config.card_reader,
          [this](CardUpdate update) { m_session->on_card(std::move(update), Clock::now()); }, m_readers) {
    if (ticket_parts) {
        offer_tickets(settings, *ticket_parts, config);
        m_ticket_service.emplace(
            queue, config, std::move(*ticket_parts), translator,
            [this](TicketUpdate update) { m_session->on_ticket(std::move(update), Clock::now()); }, m_readers);
    } else {
        log::error("tickets_unavailable", {{"detail", ticket_parts.error()}});
    }
    // Forms need the ticket they travel with and the keys that seal them; without either the card
    // flow ends at its summary.
    if (m_ticket_service) {
        if (auto desk = ApplicationDesk::open(config)) {
            m_applications.emplace(std::move(*desk));
            settings.forms = std::move(forms);
        } else {
            log::error("forms_unavailable", {{"detail", desk.error().message}});
        }
    }
    // With an A4 printer the forms are printed for the citizen as well as filed.
    if (m_applications && config.kiosk_a4_printer) {
        m_forms_printer.emplace(queue, *config.kiosk_a4_printer,
                                [this](FormsPrintUpdate update) { m_session->on_forms_printed(update); });
    }
    if (auto opened = Furigana::open()) {
        m_furigana = std::make_shared<Furigana>(std::move(*opened));
        settings.name_reading = [furigana = m_furigana](std::string_view name) {
            return furigana->reading(name).value_or("");
        };
    } else {
        log::warn("furigana_unavailable", {{"detail", opened.error().message}});
    }
    m_session.emplace(std::move(settings), Clock::now(), &m_card_service,
                      m_ticket_service ? &*m_ticket_service : nullptr, m_applications ? &*m_applications : nullptr,
                      m_forms_printer ? &*m_forms_printer : nullptr);
}

}  // namespace madoguchi
