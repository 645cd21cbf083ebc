#pragma once
// Where APDUs go: a PC/SC connection in the product, a scripted fake in unit tests.
#include "apdu.hpp"

namespace madoguchi::card {

class CardChannel {
public:
    virtual ~CardChannel() = default;
    // Fails only for transport problems (removed card, reader gone); any status word, even an
    // error, is a successful exchange.
    virtual CardResult<Response> transmit(const Command& command) = 0;
};

}  // namespace madoguchi::card
