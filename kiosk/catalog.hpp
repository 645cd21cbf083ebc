#pragma once
// The city's sites and services (assets/services.toml): the server is their queue authority,
// the kiosk shows their names and hours. One parser for both.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/toml_reader.hpp"

namespace madoguchi {

struct Service {
    std::string id;
    std::string band;
    std::string name_ja;
    std::string name_en;
};

enum class SiteKind { ward_office, satellite };

struct Site {
    std::string id;
    std::string name_ja;
    std::string name_en;
    SiteKind kind = SiteKind::ward_office;
    std::string weekday_hours;
    std::string saturday_hours;
    std::string sunday_hours;
    std::vector<std::int64_t> sunday_openings;  // which Sundays of the month, 1..5
    std::vector<std::string> services;
};

class ServiceCatalog {
public:
    ServiceCatalog(std::vector<Service> services, std::vector<Site> sites);

    const Site* site(std::string_view id) const;
    const Service* service(std::string_view id) const;
    bool offers(const Site& site, std::string_view service) const;

    const std::vector<Site>& sites() const { return m_sites; }
    const std::vector<Service>& services() const { return m_services; }

private:
    std::vector<Service> m_services;
    std::vector<Site> m_sites;
};

Parsed<ServiceCatalog> parse_service_catalog(std::string_view text, std::string_view file_name);
Parsed<ServiceCatalog> load_service_catalog(const std::filesystem::path& path);

// Ids become URL path segments and database keys: lower-case ASCII letters, digits and '_'.
bool is_valid_id(std::string_view id);

}  // namespace madoguchi
