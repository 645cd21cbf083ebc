#pragma once
// Whether a site takes tickets now, from its hours in assets/services.toml: weekday, Saturday
// and the listed Sundays of the month, in Tokyo time. Public holidays are not in the data yet,
// so a holiday counts as the weekday it falls on.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"
#include "ticket_port.hpp"

namespace madoguchi {

// The site's hours on `date` ("HH:MM-HH:MM"), or empty when it is closed all day.
std::string hours_on(const Site& site, std::chrono::year_month_day date);

// The services `site` offers, each open or not at `now`, in the order the catalog lists them.
// Empty when the catalog does not know the site.
std::vector<ServiceChoice> ticket_menu(const ServiceCatalog& catalog, std::string_view site,
                                       std::chrono::system_clock::time_point now);

}  // namespace madoguchi
