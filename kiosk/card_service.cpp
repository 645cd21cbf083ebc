#include "card_service.hpp"

#include <chrono>
#include <thread>

#include "drivers/card/my_number_card.hpp"
#include "drivers/card/pcsc.hpp"
#include "log.hpp"

namespace madoguchi {
namespace {

using card::CardResult;

// A card that has only just been placed may not be powered up yet (pcscd answers "protocol
// mismatch"), and desktop middleware sometimes grabs a new card for a moment: both pass.
constexpr int k_connect_attempts = 3;
constexpr auto k_connect_pause = std::chrono::milliseconds(300);

bool worth_retrying(card::CardError error) {
    return error == card::CardError::transport || error == card::CardError::reader_busy;
}

// The configured reader, or the first one holding a card.
CardResult<card::CardConnection> connect_once(const std::string& configured_reader) {
    auto context = card::PcscContext::establish();
    if (!context) {
        return std::unexpected(context.error());
    }
    auto reader = configured_reader.empty() ? context->reader_with_card() : CardResult<std::string>(configured_reader);
    if (!reader) {
        return std::unexpected(reader.error());
    }
    return context->connect(*reader);
}

CardResult<card::CardConnection> connect(const std::string& configured_reader) {
    auto connection = connect_once(configured_reader);
    for (int attempt = 1; attempt < k_connect_attempts && !connection && worth_retrying(connection.error().code);
         ++attempt) {
        std::this_thread::sleep_for(k_connect_pause);
        connection = connect_once(configured_reader);
    }
    return connection;
}

// Wraps a shared payload so that a move-only result fits in a copyable std::function.
MainQueue::Task deliver_task(const CardService::Deliver& deliver, CardUpdate update) {
    auto shared = std::make_shared<CardUpdate>(std::move(update));
    return [deliver, shared] { deliver(std::move(*shared)); };
}

CardUpdate failure(const Error<card::CardError>& error) {
    log::warn("card_operation_failed", {{"error", std::string(card::card_error_name(error.code))},
                                        {"detail", error.message}});
    return card_update::Failed{error.code};
}

}  // namespace

CardService::CardService(MainQueue& queue, std::string reader, Deliver deliver,
                         std::shared_ptr<ReaderPresence> presence)
    : m_queue(queue),
      m_reader(std::move(reader)),
      m_deliver(std::move(deliver)),
      m_presence(std::move(presence)),
      m_worker(queue),
      m_monitor([this](card::CardEvent event) {
          if (m_presence) {
              m_presence->note(event);
          }
          if (!m_reader.empty() && event.reader != m_reader) {
              return;
          }
          if (event.kind == card::CardEvent::Kind::card_inserted) {
              post(card_update::Inserted{});
          } else if (event.kind == card::CardEvent::Kind::card_removed ||
                     event.kind == card::CardEvent::Kind::reader_removed) {
              release();
              post(card_update::Removed{});
          }
      }) {}

void CardService::post(CardUpdate update) { m_queue.post(deliver_task(m_deliver, std::move(update))); }

namespace {

// Connects, SELECTs the AP, and lets `use` talk to the card; any failure on the way becomes a
// Failed update. The connection unpowers the card when it goes at the end of this call.
template <typename Use>
CardUpdate with_selected_card(const std::string& reader, Use&& use) {
    auto connection = connect(reader);
    if (!connection) {
        return failure(connection.error());
    }
    card::MyNumberCard my_number(*connection);
    if (auto selected = my_number.select(); !selected) {
        return failure(selected.error());
    }
    return use(my_number);
}

CardUpdate verify_and_read(card::CardConnection& connection, const card::Pin& pin) {
    card::MyNumberCard my_number(connection);
    if (auto selected = my_number.select(); !selected) {
        return failure(selected.error());
    }
    auto verified = my_number.verify_pin(pin);
    if (!verified) {
        return failure(verified.error());
    }
    if (verified->state == card::PinState::blocked) {
        return card_update::Blocked{};
    }
    if (verified->state == card::PinState::wrong) {
        return card_update::PinWrong{verified->tries_left};
    }
    auto attributes = my_number.read_attributes();
    if (!attributes) {
        return failure(attributes.error());
    }
    return card_update::Read{std::make_shared<card::PersonalAttributes>(std::move(*attributes))};
}

}  // namespace

void CardService::check() {
    m_worker.submit([this]() -> MainQueue::Task {
        return deliver_task(m_deliver, with_selected_card(m_reader, [](card::MyNumberCard& my_number) -> CardUpdate {
                                auto tries = my_number.tries_left();
                                if (!tries) {
                                    return failure(tries.error());
                                }
                                return card_update::Checked{*tries};
                            }));
    });
}

void CardService::read(card::Pin pin) {
    auto shared_pin = std::make_shared<card::Pin>(std::move(pin));
    // Whatever happens, the PIN's buffer is wiped when this job is destroyed after it ran.
    m_worker.submit([this, shared_pin]() -> MainQueue::Task {
        m_verified.reset();
        auto connection = connect(m_reader);
        if (!connection) {
            return deliver_task(m_deliver, failure(connection.error()));
        }
        CardUpdate update = verify_and_read(*connection, *shared_pin);
        if (std::holds_alternative<card_update::Read>(update)) {
            m_verified = std::move(*connection);
        }
        return deliver_task(m_deliver, std::move(update));
    });
}

void CardService::read_individual_number() {
    m_worker.submit([this]() -> MainQueue::Task {
        if (!m_verified) {
            return deliver_task(m_deliver, failure({card::CardError::removed, "no verified card is held"}));
        }
        card::MyNumberCard my_number(*m_verified);
        auto number = my_number.read_individual_number();
        // Nothing more is read from this card: unpower it now rather than at the session's end.
        m_verified.reset();
        if (!number) {
            return deliver_task(m_deliver, failure(number.error()));
        }
        return deliver_task(m_deliver,
                            card_update::NumberRead{std::make_shared<card::IndividualNumber>(std::move(*number))});
    });
}

void CardService::release() {
    m_worker.submit([this]() -> MainQueue::Task {
        m_verified.reset();
        return {};
    });
}

}  // namespace madoguchi
