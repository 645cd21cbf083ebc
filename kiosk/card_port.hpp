#pragma once
// What the session asks of the card reader, and what comes back. The session only asks; the
// card service (card_service.hpp) does the PC/SC work on a worker thread and delivers a
// CardUpdate on the UI thread.
#include <memory>
#include <variant>

#include "drivers/card/card_error.hpp"
#include "drivers/card/my_number_data.hpp"
#include "drivers/card/pin.hpp"

namespace madoguchi {

class CardPort {
public:
    virtual ~CardPort() = default;
    // SELECT the AP and count the tries left, using none.
    virtual void check() = 0;
    // SELECT, VERIFY once, and on success read the four attributes. The verified connection
    // stays open while the card stays in the reader, for read_individual_number().
    virtual void read(card::Pin pin) = 0;
    // The individual number, on the connection read() verified: NumberRead, or Failed (the card
    // was taken away meanwhile, or read() never succeeded). Asked only for a form that needs it.
    virtual void read_individual_number() = 0;
    // Unpowers the card read() left open; a later read needs the PIN again.
    virtual void release() = 0;
};

namespace card_update {
struct Inserted {};
struct Removed {};
struct Checked { int tries_left = 0; };
struct PinWrong { int tries_left = 0; };
struct Blocked {};
struct Read { std::shared_ptr<card::PersonalAttributes> attributes; };
struct NumberRead { std::shared_ptr<card::IndividualNumber> number; };
struct Failed { card::CardError error = card::CardError::transport; };
}  // namespace card_update

using CardUpdate = std::variant<card_update::Inserted, card_update::Removed, card_update::Checked,
                                card_update::PinWrong, card_update::Blocked, card_update::Read, card_update::NumberRead,
                                card_update::Failed>;

}  // namespace madoguchi
