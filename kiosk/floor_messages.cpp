#include "floor_messages.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace madoguchi {
namespace {

using nlohmann::json;

constexpr std::string_view k_csv_header = "scope,id,issued,called,done,no_show,transferred,cancelled,";

std::unexpected<Error<FloorMessageError>> malformed(std::string message) {
    return fail(FloorMessageError::malformed, std::move(message));
}

bool is_text(const json& object, const char* key) {
    return object.contains(key) && object[key].is_string() && !object[key].get_ref<const std::string&>().empty();
}

// A count or a time: an integer, never negative. Absent is an error unless a fallback is given.
Result<std::int64_t, FloorMessageError> whole(const json& object, const char* key,
                                              std::optional<std::int64_t> fallback = std::nullopt) {
    if (!object.contains(key)) {
        if (fallback) {
            return *fallback;
        }
        return malformed(std::string("\"") + key + "\" is missing");
    }
    const json& value = object[key];
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0) {
        return malformed(std::string("\"") + key + "\" must be a whole number, not negative");
    }
    return value.get<std::int64_t>();
}

Result<ServiceOverview, FloorMessageError> read_service(const json& entry) {
    if (!entry.is_object() || !is_text(entry, "service")) {
        return malformed("each service needs its id as the string \"service\"");
    }
    ServiceOverview service;
    service.service = entry["service"].get<std::string>();
    // A service the catalog lost its names for still shows, under its id.
    service.name_ja = is_text(entry, "name_ja") ? entry["name_ja"].get<std::string>() : service.service;
    service.name_en = is_text(entry, "name_en") ? entry["name_en"].get<std::string>() : service.service;
    std::int64_t* const required[] = {&service.waiting, &service.longest_wait_ms, &service.counters_free};
    const char* const required_keys[] = {"waiting", "longest_wait_ms", "counters_free"};
    for (std::size_t i = 0; i < std::size(required); ++i) {
        auto value = whole(entry, required_keys[i]);
        if (!value) {
            return std::unexpected(value.error());
        }
        *required[i] = *value;
    }
    auto priority = whole(entry, "priority_waiting", 0);
    auto visit = whole(entry, "visit_ms", 0);
    if (!priority || !visit) {
        return std::unexpected((priority ? visit : priority).error());
    }
    if (*priority > service.waiting) {
        return malformed("more priority tickets waiting than tickets waiting");
    }
    service.priority_waiting = *priority;
    service.visit_ms = *visit;
    if (entry.contains("estimated_wait_minutes") && !entry["estimated_wait_minutes"].is_null()) {
        auto minutes = whole(entry, "estimated_wait_minutes");
        if (!minutes) {
            return std::unexpected(minutes.error());
        }
        service.estimated_wait_minutes = *minutes;
    }
    if (!entry.contains("counters_open") || !entry["counters_open"].is_number() ||
        entry["counters_open"].get<double>() < 0) {
        return malformed("\"counters_open\" must be a number, not negative");
    }
    service.counters_open = entry["counters_open"].get<double>();
    return service;
}

Result<TimeSummary, FloorMessageError> read_times(const json& figures, const char* key) {
    if (!figures.contains(key) || !figures[key].is_object()) {
        return malformed(std::string("\"") + key + "\" must be an object");
    }
    const json& times = figures[key];
    TimeSummary summary;
    std::int64_t* const fields[] = {&summary.count, &summary.mean_ms, &summary.p50_ms, &summary.p90_ms};
    const char* const names[] = {"count", "mean", "p50", "p90"};
    for (std::size_t i = 0; i < std::size(fields); ++i) {
        auto value = whole(times, names[i]);
        if (!value) {
            return std::unexpected(value.error());
        }
        *fields[i] = *value;
    }
    return summary;
}

Result<DayFigures, FloorMessageError> read_figures(const json& figures) {
    if (!figures.is_object() || !figures.contains("events") || !figures["events"].is_object()) {
        return malformed("each group needs its \"events\" counts");
    }
    DayFigures day;
    for (const auto& [kind, count] : figures["events"].items()) {
        if (!count.is_number_integer() || count.get<std::int64_t>() < 0) {
            return malformed("the count of \"" + kind + "\" must be a whole number, not negative");
        }
        day.events.emplace(kind, count.get<std::int64_t>());
    }
    auto wait = read_times(figures, "wait_until_call_ms");
    if (!wait) {
        return std::unexpected(wait.error());
    }
    auto visit = read_times(figures, "visit_ms");
    if (!visit) {
        return std::unexpected(visit.error());
    }
    day.wait = *wait;
    day.visit = *visit;
    return day;
}

Result<std::map<std::string, DayFigures>, FloorMessageError> read_groups(const json& body, const char* key) {
    if (!body.contains(key) || !body[key].is_object()) {
        return malformed(std::string("the statistics have no object \"") + key + "\"");
    }
    std::map<std::string, DayFigures> groups;
    for (const auto& [id, figures] : body[key].items()) {
        auto day = read_figures(figures);
        if (!day) {
            return std::unexpected(day.error());
        }
        groups.emplace(id, std::move(*day));
    }
    return groups;
}

template <typename State>
std::optional<State> state_named(std::string_view name, std::string_view (*name_of)(State), State last) {
    for (int i = 0; i <= static_cast<int>(last); ++i) {
        if (name_of(static_cast<State>(i)) == name) {
            return static_cast<State>(i);
        }
    }
    return std::nullopt;
}

Result<KioskReport, FloorMessageError> read_kiosk(const json& entry) {
    if (!entry.is_object() || !is_text(entry, "terminal")) {
        return malformed("each kiosk needs its name as the string \"terminal\"");
    }
    KioskReport kiosk;
    kiosk.terminal = entry["terminal"].get<std::string>();
    const auto printer = entry.contains("printer") && entry["printer"].is_string()
                             ? state_named(entry["printer"].get<std::string>(), printer_health_name,
                                           PrinterHealth::no_printer)
                             : std::nullopt;
    if (!printer) {
        return malformed("kiosk " + kiosk.terminal + ": \"printer\" is not a known printer state");
    }
    const auto reader = entry.contains("card_reader") && entry["card_reader"].is_string()
                            ? state_named(entry["card_reader"].get<std::string>(), card_reader_health_name,
                                          CardReaderHealth::not_configured)
                            : std::nullopt;
    if (!reader) {
        return malformed("kiosk " + kiosk.terminal + ": \"card_reader\" is not a known card reader state");
    }
    kiosk.printer = *printer;
    kiosk.card_reader = *reader;
    auto pending = whole(entry, "outbox_pending");
    auto reported = whole(entry, "reported_at_ms");
    if (!pending || !reported) {
        return std::unexpected((pending ? reported : pending).error());
    }
    kiosk.outbox_pending = *pending;
    kiosk.reported_at_ms = *reported;
    if (entry.contains("last_delivery_at_ms") && !entry["last_delivery_at_ms"].is_null()) {
        auto delivered = whole(entry, "last_delivery_at_ms");
        if (!delivered) {
            return std::unexpected(delivered.error());
        }
        kiosk.last_delivery_at_ms = *delivered;
    }
    if (!entry.contains("stale") || !entry["stale"].is_boolean()) {
        return malformed("kiosk " + kiosk.terminal + ": \"stale\" must be true or false");
    }
    kiosk.stale = entry["stale"].get<bool>();
    return kiosk;
}

}  // namespace

std::int64_t DayFigures::count(std::string_view kind) const {
    const auto found = events.find(kind);
    return found == events.end() ? 0 : found->second;
}

bool is_day(std::string_view date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') {
        return false;
    }
    for (std::size_t i = 0; i < date.size(); ++i) {
        if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9')) {
            return false;
        }
    }
    return true;
}

Result<SiteOverview, FloorMessageError> parse_site_overview(std::string_view text) {
    const json body = json::parse(text, nullptr, false);
    if (!body.is_object()) {
        return malformed("the overview is not a JSON object");
    }
    if (!is_text(body, "site") || !body.contains("services") || !body["services"].is_array()) {
        return malformed("the overview needs the string \"site\" and the array \"services\"");
    }
    auto at = whole(body, "at_ms");
    if (!at) {
        return std::unexpected(at.error());
    }
    SiteOverview overview{body["site"].get<std::string>(), *at, {}};
    for (const json& entry : body["services"]) {
        auto service = read_service(entry);
        if (!service) {
            return std::unexpected(service.error());
        }
        overview.services.push_back(std::move(*service));
    }
    return overview;
}

Result<DayStatistics, FloorMessageError> parse_day_statistics(std::string_view text) {
    const json body = json::parse(text, nullptr, false);
    if (!body.is_object()) {
        return malformed("the statistics are not a JSON object");
    }
    if (!is_text(body, "site") || !is_text(body, "date") || !is_day(body["date"].get<std::string>())) {
        return malformed("the statistics need the string \"site\" and \"date\" as YYYY-MM-DD");
    }
    DayStatistics statistics;
    statistics.site = body["site"].get<std::string>();
    statistics.date = body["date"].get<std::string>();
    auto services = read_groups(body, "services");
    if (!services) {
        return std::unexpected(services.error());
    }
    auto counters = read_groups(body, "counters");
    if (!counters) {
        return std::unexpected(counters.error());
    }
    if (!body.contains("total")) {
        return malformed("the statistics have no \"total\"");
    }
    auto total = read_figures(body["total"]);
    if (!total) {
        return std::unexpected(total.error());
    }
    statistics.services = std::move(*services);
    statistics.counters = std::move(*counters);
    statistics.total = std::move(*total);
    return statistics;
}

Result<SiteKiosks, FloorMessageError> parse_site_kiosks(std::string_view text) {
    const json body = json::parse(text, nullptr, false);
    if (!body.is_object()) {
        return malformed("the kiosks' list is not a JSON object");
    }
    if (!is_text(body, "site") || !body.contains("terminals") || !body["terminals"].is_array()) {
        return malformed("the kiosks' list needs the string \"site\" and the array \"terminals\"");
    }
    auto stale_after = whole(body, "stale_after_seconds");
    if (!stale_after) {
        return std::unexpected(stale_after.error());
    }
    SiteKiosks kiosks{body["site"].get<std::string>(), *stale_after, {}};
    for (const json& entry : body["terminals"]) {
        auto kiosk = read_kiosk(entry);
        if (!kiosk) {
            return std::unexpected(kiosk.error());
        }
        kiosks.kiosks.push_back(std::move(*kiosk));
    }
    return kiosks;
}

Result<void, FloorMessageError> check_statistics_csv(std::string_view csv) {
    if (!csv.starts_with(k_csv_header)) {
        return malformed("the CSV does not start with the statistics header");
    }
    if (std::ranges::find(csv, '\0') != csv.end()) {
        return malformed("the CSV holds a NUL byte");
    }
    return {};
}

}  // namespace madoguchi
