#pragma once
// The floor console as `madoguchi --screenshot --screen floor-…` shows it: a morning at a ward
// office, two services with a long wait, five kiosks (one out of paper, one silent), today's
// figures and a CSV just saved.
// `floor-overview-offline` is the same overview three minutes after the server went away.
// The Tickets page shows part of the same morning's queue.
#include <string_view>

#include "counter_picture.hpp"
#include "floor_board.hpp"
#include "floor_tickets_picture.hpp"

namespace madoguchi {

void fill_sample_floor_board(FloorBoard& board, std::string_view screen, Clock::time_point now);

// The Tickets page for `floor-tickets` (a reprint just done), `floor-tickets-confirm` (Cancel
// pressed) and `floor-tickets-problem` (the printer out of paper, the live queue away).
FloorTicketsPicture sample_floor_tickets(std::string_view screen);
// The log-in before the Tickets page (`floor-login`), a wrong password just refused.
CounterPicture sample_floor_login();

}  // namespace madoguchi
