#pragma once
// The kiosk's card reader: card events from the PC/SC monitor and card work on a worker thread,
// each result delivered to the session on the UI thread through the main queue.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "card_port.hpp"
#include "drivers/card/card_monitor.hpp"
#include "drivers/card/pcsc.hpp"
#include "main_queue.hpp"
#include "reader_presence.hpp"

namespace madoguchi {

class CardService final : public CardPort {
public:
    using Deliver = std::function<void(CardUpdate)>;

    // `reader` empty: the first reader that holds a card. `deliver` runs on the UI thread.
    // `presence`, when given, follows the readers for the kiosk's health report.
    CardService(MainQueue& queue, std::string reader, Deliver deliver,
                std::shared_ptr<ReaderPresence> presence = nullptr);

    void check() override;
    void read(card::Pin pin) override;
    void read_individual_number() override;
    void release() override;

private:
    void post(CardUpdate update);

    MainQueue& m_queue;
    std::string m_reader;
    Deliver m_deliver;
    std::shared_ptr<ReaderPresence> m_presence;
    // The connection a successful read() verified; used and dropped only on the worker thread,
    // and declared before it so that it goes (unpowering the card) after the thread has stopped.
    std::optional<card::CardConnection> m_verified;
    Worker m_worker;
    card::CardMonitor m_monitor;
};

}  // namespace madoguchi
