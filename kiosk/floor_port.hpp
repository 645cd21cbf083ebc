#pragma once
// What the floor console asks of the server. The console only asks; FloorFeed fetches on its
// worker thread and the answers reach the FloorBoard on the UI thread.
#include <string>

namespace madoguchi {

class FloorPort {
public:
    virtual ~FloorPort() = default;
    // The overview and the kiosks' health now, without waiting for the next periodic refresh.
    virtual void refresh_overview() = 0;
    // Today's statistics (Asia/Tokyo, by the server's clock).
    virtual void load_statistics() = 0;
    // The day's statistics as CSV from the server, saved to the reports folder.
    virtual void save_statistics_csv(std::string date) = 0;
};

}  // namespace madoguchi
