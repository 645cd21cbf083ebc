#include "service_hours.hpp"

#include <algorithm>

namespace madoguchi {
namespace {

int minutes_of(std::string_view hh_mm) {
    return ((hh_mm[0] - '0') * 10 + (hh_mm[1] - '0')) * 60 + (hh_mm[3] - '0') * 10 + (hh_mm[4] - '0');
}

}  // namespace

std::string hours_on(const Site& site, std::chrono::year_month_day date) {
    using namespace std::chrono;
    const weekday day_of_week{sys_days(date)};
    std::string hours = site.weekday_hours;
    if (day_of_week == Saturday) {
        hours = site.saturday_hours;
    } else if (day_of_week == Sunday) {
        const auto nth = static_cast<std::int64_t>((unsigned(date.day()) - 1) / 7 + 1);
        const bool opens = std::ranges::find(site.sunday_openings, nth) != site.sunday_openings.end();
        hours = opens ? site.sunday_hours : "closed";
    }
    return hours == "closed" ? std::string() : hours;
}

std::vector<ServiceChoice> ticket_menu(const ServiceCatalog& catalog, std::string_view site_id,
                                       std::chrono::system_clock::time_point now) {
    using namespace std::chrono;
    const Site* site = catalog.site(site_id);
    if (site == nullptr) {
        return {};
    }
    // Tokyo has had no daylight saving time since 1951.
    const auto local = floor<minutes>(now) + hours(9);
    const auto today = floor<days>(local);
    const int minute_of_day = static_cast<int>((local - today).count());
    const std::string hours = hours_on(*site, year_month_day(today));
    const bool open = !hours.empty() && minute_of_day >= minutes_of(hours) &&
                      minute_of_day < minutes_of(std::string_view(hours).substr(6));
    std::vector<ServiceChoice> choices;
    for (const std::string& id : site->services) {
        if (const Service* service = catalog.service(id)) {
            choices.push_back({service->id, service->name_ja, service->name_en, open, hours});
        }
    }
    return choices;
}

}  // namespace madoguchi
