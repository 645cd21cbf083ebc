// libFuzzer target for what the floor console reads from the server: the overview, the kiosks'
// list and the day's statistics JSON (applied to the board as the app does), and the CSV check.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kiosk/floor_board.hpp"
#include "kiosk/floor_messages.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    madoguchi::FloorBoard board;
    const madoguchi::Clock::time_point now{};
    if (auto overview = madoguchi::parse_site_overview(input)) {
        for (const madoguchi::ServiceOverview& service : overview->services) {
            (void)board.long_wait(service);
        }
        board.apply_overview(std::move(*overview), now);
        (void)board.service_name("certificates", "ja");
    }
    if (auto kiosks = madoguchi::parse_site_kiosks(input)) {
        for (const madoguchi::KioskReport& kiosk : kiosks->kiosks) {
            (void)madoguchi::kiosk_alert(kiosk);
            (void)board.silent_for(kiosk, now);
        }
        board.apply_kiosks(std::move(*kiosks), now);
    }
    if (auto statistics = madoguchi::parse_day_statistics(input)) {
        (void)statistics->total.count("issued");
        board.apply_statistics(std::move(*statistics), now);
    }
    (void)madoguchi::check_statistics_csv(input);
    (void)board.next_deadline(now);
    return 0;
}
