#pragma once
// The floor console's line to the server: the overview and the kiosks' health every `refresh`
// seconds and on request,
// today's statistics and their CSV on request, one at a time on a worker thread over the
// terminal's mTLS client. Answers are posted to the main queue, so the handlers run on the UI
// thread (copies travel with each task, so a task drained after the feed is gone still runs
// safely).
#include <filesystem>
#include <functional>
#include <memory>

#include "floor_board.hpp"
#include "floor_port.hpp"
#include "main_queue.hpp"
#include "server_client.hpp"

namespace madoguchi {

struct FloorFeedHandlers {
    std::function<void(Result<SiteOverview, FloorProblem>)> overview;
    std::function<void(Result<SiteKiosks, FloorProblem>)> kiosks;
    std::function<void(Result<DayStatistics, FloorProblem>)> statistics;
    std::function<void(Result<std::filesystem::path, FloorProblem>)> csv;
};

class FloorFeed final : public FloorPort {
public:
    FloorFeed(ServerEndpoint endpoint, FloorSettings settings, MainQueue& results, FloorFeedHandlers handlers);
    ~FloorFeed() override;
    FloorFeed(const FloorFeed&) = delete;
    FloorFeed& operator=(const FloorFeed&) = delete;

    void refresh_overview() override;
    void load_statistics() override;
    void save_statistics_csv(std::string date) override;

private:
    struct Line;
    // Runs on the worker thread.
    void fetch_site_now();

    FloorSettings m_settings;
    MainQueue& m_results;
    FloorFeedHandlers m_handlers;
    std::unique_ptr<Line> m_line;
    std::unique_ptr<Worker> m_worker;  // last: stopped before what it uses goes
};

// The name the day's CSV is saved under in the reports folder.
std::filesystem::path statistics_csv_name(std::string_view site, std::string_view date);

}  // namespace madoguchi
