#include "floor_feed.hpp"

#include <fstream>
#include <mutex>
#include <optional>

#include "config.hpp"
#include "log.hpp"

namespace madoguchi {

// The worker's client. Made on the worker thread; the destructor breaks off a request in
// progress through it, so that closing the console never waits for a server that hangs.
struct FloorFeed::Line {
    explicit Line(ServerEndpoint where) : endpoint(std::move(where)) {}

    ServerEndpoint endpoint;
    std::mutex mutex;
    std::optional<ServerClient> client;  // guarded by mutex (but ask() runs outside it)
    bool stopping = false;

    Result<std::string, FloorProblem> get(const std::string& path) {
        ServerClient* connected = nullptr;
        {
            const std::lock_guard lock(mutex);
            if (stopping) {
                return fail(FloorProblem::server_away, "the console is closing");
            }
            if (!client) {
                auto made = ServerClient::create(endpoint);
                if (!made) {
                    return fail(FloorProblem::bad_setup, made.error().message);
                }
                client.emplace(std::move(*made));
            }
            connected = &*client;
        }
        auto reply = connected->ask("GET", path, {}, "");
        if (!reply) {
            return fail(FloorProblem::server_away, reply.error().message);
        }
        if (reply->status == 200) {
            return std::move(reply->body);
        }
        const std::string detail = "GET " + path + " answered " + std::to_string(reply->status);
        if (reply->status == 403 || reply->status == 404) {
            return fail(FloorProblem::refused, detail);
        }
        return fail(FloorProblem::server_fault, detail);
    }

    void stop() {
        const std::lock_guard lock(mutex);
        stopping = true;
        if (client) {
            client->stop();
        }
    }
};

namespace {

template <typename T>
Result<T, FloorProblem> readable(Result<T, FloorMessageError> parsed) {
    if (!parsed) {
        return fail(FloorProblem::unreadable, parsed.error().message);
    }
    return std::move(*parsed);
}

// Written beside its final name and renamed, so that a half-written file never carries the name.
Result<std::filesystem::path, FloorProblem> write_report(const std::filesystem::path& folder,
                                                         const std::filesystem::path& name, const std::string& csv) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) {
        return fail(FloorProblem::write_failed, "cannot make " + folder.string() + ": " + error.message());
    }
    const std::filesystem::path target = folder / name;
    std::filesystem::path partial = target;
    partial += ".part";
    {
        std::ofstream file(partial, std::ios::binary | std::ios::trunc);
        file.write(csv.data(), static_cast<std::streamsize>(csv.size()));
        file.close();
        if (!file) {
            std::filesystem::remove(partial, error);
            return fail(FloorProblem::write_failed, "cannot write " + partial.string());
        }
    }
    std::filesystem::rename(partial, target, error);
    if (error) {
        std::filesystem::remove(partial, error);
        return fail(FloorProblem::write_failed, "cannot rename to " + target.string() + ": " + error.message());
    }
    return target;
}

}  // namespace

std::filesystem::path statistics_csv_name(std::string_view site, std::string_view date) {
    return "madoguchi-" + std::string(site) + "-" + std::string(date) + ".csv";
}

FloorFeed::FloorFeed(ServerEndpoint endpoint, FloorSettings settings, MainQueue& results, FloorFeedHandlers handlers)
    : m_settings(std::move(settings)),
      m_results(results),
      m_handlers(std::move(handlers)),
      m_line(std::make_unique<Line>(std::move(endpoint))),
      m_worker(std::make_unique<Worker>(results, [this] {
          fetch_site_now();
          return std::chrono::duration_cast<std::chrono::milliseconds>(m_settings.refresh);
      })) {}

FloorFeed::~FloorFeed() {
    m_line->stop();
    m_worker.reset();
}

void FloorFeed::fetch_site_now() {
    auto body = m_line->get("/api/v1/sites/" + m_settings.site + "/overview");
    Result<SiteOverview, FloorProblem> overview =
        body ? readable(parse_site_overview(*body)) : std::unexpected(body.error());
    if (overview && overview->site != m_settings.site) {
        overview = fail(FloorProblem::unreadable, "the overview is of site " + overview->site);
    }
    m_results.post([handlers = m_handlers, answer = std::move(overview)]() mutable {
        handlers.overview(std::move(answer));
    });
    auto list = m_line->get("/api/v1/sites/" + m_settings.site + "/terminals");
    Result<SiteKiosks, FloorProblem> kiosks = list ? readable(parse_site_kiosks(*list)) : std::unexpected(list.error());
    if (kiosks && kiosks->site != m_settings.site) {
        kiosks = fail(FloorProblem::unreadable, "the kiosks' list is of site " + kiosks->site);
    }
    m_results.post([handlers = m_handlers, answer = std::move(kiosks)]() mutable {
        handlers.kiosks(std::move(answer));
    });
}

void FloorFeed::refresh_overview() {
    m_worker->submit([this]() -> MainQueue::Task {
        fetch_site_now();
        return {};
    });
}

void FloorFeed::load_statistics() {
    m_worker->submit([this, handlers = m_handlers]() -> MainQueue::Task {
        auto body = m_line->get("/api/v1/sites/" + m_settings.site + "/stats");
        Result<DayStatistics, FloorProblem> statistics =
            body ? readable(parse_day_statistics(*body)) : std::unexpected(body.error());
        return [handlers, answer = std::move(statistics)]() mutable { handlers.statistics(std::move(answer)); };
    });
}

void FloorFeed::save_statistics_csv(std::string date) {
    m_worker->submit([this, handlers = m_handlers, date = std::move(date)]() -> MainQueue::Task {
        const auto deliver = [handlers](Result<std::filesystem::path, FloorProblem> answer) -> MainQueue::Task {
            return [handlers, answer = std::move(answer)]() mutable { handlers.csv(std::move(answer)); };
        };
        // Both go into the file's name: nothing there may lead out of the reports folder.
        if (!is_day(date) || !is_api_id(m_settings.site)) {
            return deliver(fail(FloorProblem::write_failed, "no file name for site " + m_settings.site + ", " + date));
        }
        auto body = m_line->get("/api/v1/sites/" + m_settings.site + "/stats?date=" + date + "&format=csv");
        if (!body) {
            return deliver(std::unexpected(body.error()));
        }
        if (auto checked = check_statistics_csv(*body); !checked) {
            return deliver(fail(FloorProblem::unreadable, checked.error().message));
        }
        return deliver(write_report(m_settings.reports, statistics_csv_name(m_settings.site, date), *body));
    });
}

}  // namespace madoguchi
