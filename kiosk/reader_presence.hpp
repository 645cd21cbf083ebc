#pragma once
// Whether the kiosk's card reader is there, for its health report: kept up to date by the card
// service's reader monitor (its own thread) and read by the ticket worker, so neither a screen
// nor the worker ever asks PC/SC itself.
#include <mutex>
#include <set>
#include <string>

#include "drivers/card/card_monitor.hpp"

namespace madoguchi {

enum class CardReaderHealth { present, absent, not_configured };

std::string_view card_reader_health_name(CardReaderHealth health);

class ReaderPresence {
public:
    // `configured_reader` empty: any reader counts, as the card service uses the first one
    // that holds a card.
    explicit ReaderPresence(std::string configured_reader);

    void note(const card::CardEvent& event);
    CardReaderHealth health() const;

private:
    const std::string m_configured;
    mutable std::mutex m_mutex;
    std::set<std::string> m_readers;
};

}  // namespace madoguchi
