#include "reader_presence.hpp"

namespace madoguchi {

std::string_view card_reader_health_name(CardReaderHealth health) {
    switch (health) {
        case CardReaderHealth::present: return "present";
        case CardReaderHealth::absent: return "absent";
        case CardReaderHealth::not_configured: return "not_configured";
    }
    return "not_configured";
}

ReaderPresence::ReaderPresence(std::string configured_reader) : m_configured(std::move(configured_reader)) {}

void ReaderPresence::note(const card::CardEvent& event) {
    using Kind = card::CardEvent::Kind;
    const std::lock_guard lock(m_mutex);
    switch (event.kind) {
        case Kind::reader_added: m_readers.insert(event.reader); break;
        case Kind::reader_removed: m_readers.erase(event.reader); break;
        // Without pcscd no reader can be used; the monitor names them again once it is back.
        case Kind::service_lost: m_readers.clear(); break;
        case Kind::card_inserted:
        case Kind::card_removed: break;
    }
}

CardReaderHealth ReaderPresence::health() const {
    const std::lock_guard lock(m_mutex);
    const bool present = m_configured.empty() ? !m_readers.empty() : m_readers.contains(m_configured);
    return present ? CardReaderHealth::present : CardReaderHealth::absent;
}

}  // namespace madoguchi
