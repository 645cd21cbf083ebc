// libFuzzer target for what the display reads from the server: the event stream's bytes, cut
// at every point the input says, and the queue and event JSON inside them; and the number block
// lease a kiosk reads back.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kiosk/display_board.hpp"
#include "kiosk/number_block.hpp"
#include "kiosk/queue_messages.hpp"
#include "kiosk/sse_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)madoguchi::parse_lease(input, "chuo", "certificates", "key");
    madoguchi::DisplayBoard board;
    if (auto snapshot = madoguchi::parse_queue_snapshot(input)) {
        board.apply_snapshot(*snapshot, madoguchi::Clock::time_point{});
    }
    // The first byte chooses the piece size, so that every way of cutting the stream is tried.
    const std::size_t piece = size == 0 ? 1 : 1 + data[0] % 17;
    madoguchi::SseParser parser;
    for (std::size_t at = 0; at < input.size(); at += piece) {
        for (const madoguchi::SseMessage& message : parser.feed(input.substr(at, piece))) {
            if (auto ticket = madoguchi::parse_ticket_event(message.data)) {
                board.apply_ticket(*ticket, madoguchi::Clock::time_point{});
            }
        }
    }
    (void)board.waiting_counts();
    return 0;
}
