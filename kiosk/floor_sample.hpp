#pragma once
// The floor console as `madoguchi --screenshot --screen floor-…` shows it: a morning at a ward
// office, two services with a long wait, five kiosks (one out of paper, one silent), today's
// figures and a CSV just saved.
// `floor-overview-offline` is the same overview three minutes after the server went away.
#include <string_view>

#include "floor_board.hpp"

namespace madoguchi {

void fill_sample_floor_board(FloorBoard& board, std::string_view screen, Clock::time_point now);

}  // namespace madoguchi
