#include "catalog.hpp"

#include <algorithm>
#include <set>

namespace madoguchi {
namespace {

bool is_valid_hours(std::string_view hours) {
    if (hours == "closed") {
        return true;
    }
    // "HH:MM-HH:MM" with the opening before the closing.
    if (hours.size() != 11 || hours[2] != ':' || hours[5] != '-' || hours[8] != ':') {
        return false;
    }
    for (std::size_t i : {0u, 1u, 3u, 4u, 6u, 7u, 9u, 10u}) {
        if (hours[i] < '0' || hours[i] > '9') {
            return false;
        }
    }
    const auto minutes = [&](std::size_t at) {
        return ((hours[at] - '0') * 10 + (hours[at + 1] - '0')) * 60 + (hours[at + 3] - '0') * 10 +
               (hours[at + 4] - '0');
    };
    const int open = minutes(0);
    const int close = minutes(6);
    return open < close && close <= 24 * 60 && (hours[3] - '0') < 6 && (hours[9] - '0') < 6;
}

Parsed<Service> read_service(const TableReader& reader, std::string id) {
    if (auto known = reader.check_keys({"band", "ja", "en"}); !known) {
        return std::unexpected(known.error());
    }
    Service service{std::move(id), "", "", ""};
    auto band = reader.string("band", "", true);
    auto name_ja = reader.string("ja", "", true);
    auto name_en = reader.string("en", "", true);
    for (const auto* value : {&band, &name_ja, &name_en}) {
        if (!*value) {
            return std::unexpected(value->error());
        }
    }
    if (band->empty() || band->size() > 2 || !std::ranges::all_of(*band, [](char c) { return c >= 'A' && c <= 'Z'; })) {
        return std::unexpected(reader.error(ConfigErrorCode::bad_value, "band", line_of(*reader.find("band")),
                                            "must be one or two capital letters, like \"A\""));
    }
    service.band = *band;
    service.name_ja = *name_ja;
    service.name_en = *name_en;
    return service;
}

Parsed<Site> read_site(const TableReader& reader, const std::set<std::string, std::less<>>& service_ids) {
    if (auto known = reader.check_keys({"id", "ja", "en", "kind", "weekday_hours", "saturday_hours", "sunday_hours",
                                        "sunday_openings", "services"});
        !known) {
        return std::unexpected(known.error());
    }
    Site site;
    auto id = reader.string("id", "", true);
    auto name_ja = reader.string("ja", "", true);
    auto name_en = reader.string("en", "", true);
    auto kind = reader.string("kind", "ward_office");
    auto weekday = reader.string("weekday_hours", "", true);
    auto saturday = reader.string("saturday_hours", "closed");
    auto sunday = reader.string("sunday_hours", "closed");
    for (const auto* value : {&id, &name_ja, &name_en, &kind, &weekday, &saturday, &sunday}) {
        if (!*value) {
            return std::unexpected(value->error());
        }
    }
    if (!is_valid_id(*id)) {
        return std::unexpected(reader.error(ConfigErrorCode::bad_value, "id", line_of(*reader.find("id")),
                                            "must be lower-case letters, digits and '_'"));
    }
    site.id = *id;
    site.name_ja = *name_ja;
    site.name_en = *name_en;
    if (*kind == "ward_office" || *kind == "satellite") {
        site.kind = *kind == "satellite" ? SiteKind::satellite : SiteKind::ward_office;
    } else {
        return std::unexpected(reader.error(ConfigErrorCode::bad_value, "kind", line_of(*reader.find("kind")),
                                            "must be ward_office or satellite"));
    }
    for (const auto& [key, value, target] : {std::tuple{"weekday_hours", &*weekday, &site.weekday_hours},
                                             std::tuple{"saturday_hours", &*saturday, &site.saturday_hours},
                                             std::tuple{"sunday_hours", &*sunday, &site.sunday_hours}}) {
        if (!is_valid_hours(*value)) {
            const toml::node* node = reader.find(key);
            return std::unexpected(reader.error(ConfigErrorCode::bad_value, key, node ? line_of(*node) : 0,
                                                "must be \"HH:MM-HH:MM\" or \"closed\""));
        }
        *target = *value;
    }
    auto openings = reader.integers("sunday_openings", 1, 5);
    if (!openings) {
        return std::unexpected(openings.error());
    }
    site.sunday_openings = *openings;
    if (!site.sunday_openings.empty() && site.sunday_hours == "closed") {
        return std::unexpected(reader.error(ConfigErrorCode::bad_value, "sunday_openings",
                                            line_of(*reader.find("sunday_openings")),
                                            "lists Sundays but sunday_hours is \"closed\""));
    }
    auto services = reader.strings("services");
    if (!services) {
        return std::unexpected(services.error());
    }
    for (const std::string& service : *services) {
        if (!service_ids.contains(service)) {
            return std::unexpected(reader.error(ConfigErrorCode::bad_value, "services",
                                                line_of(*reader.find("services")),
                                                "names \"" + service + "\", which [services] does not define"));
        }
    }
    site.services = *services;
    return site;
}

}  // namespace

bool is_valid_id(std::string_view id) {
    return !id.empty() && id.size() <= 32 &&
           std::ranges::all_of(id, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

ServiceCatalog::ServiceCatalog(std::vector<Service> services, std::vector<Site> sites)
    : m_services(std::move(services)), m_sites(std::move(sites)) {}

const Site* ServiceCatalog::site(std::string_view id) const {
    const auto found = std::ranges::find(m_sites, id, &Site::id);
    return found == m_sites.end() ? nullptr : &*found;
}

const Service* ServiceCatalog::service(std::string_view id) const {
    const auto found = std::ranges::find(m_services, id, &Service::id);
    return found == m_services.end() ? nullptr : &*found;
}

bool ServiceCatalog::offers(const Site& site, std::string_view service) const {
    return std::ranges::find(site.services, service) != site.services.end();
}

Parsed<ServiceCatalog> parse_service_catalog(std::string_view text, std::string_view file_name) {
    auto root = parse_toml_text(text, file_name);
    if (!root) {
        return std::unexpected(root.error());
    }
    const TableReader top(*root, std::string(file_name), "");
    if (auto known = top.check_keys({"services", "sites"}); !known) {
        return std::unexpected(known.error());
    }
    auto services_table = top.table("services");
    if (!services_table) {
        return std::unexpected(services_table.error());
    }
    std::vector<Service> services;
    std::set<std::string, std::less<>> service_ids;
    std::set<std::string, std::less<>> bands;
    for (const auto& [name, node] : *root->get_as<toml::table>("services")) {
        auto entry = services_table->table(name.str());
        if (!entry) {
            return std::unexpected(entry.error());
        }
        if (!is_valid_id(name.str())) {
            return std::unexpected(services_table->error(ConfigErrorCode::bad_value, name.str(), line_of(node),
                                                         "is not a valid id (lower-case letters, digits, '_')"));
        }
        auto service = read_service(*entry, std::string(name.str()));
        if (!service) {
            return std::unexpected(service.error());
        }
        if (!bands.insert(service->band).second) {
            return std::unexpected(entry->error(ConfigErrorCode::bad_value, "band", line_of(*entry->find("band")),
                                                "\"" + service->band + "\" is used by another service"));
        }
        service_ids.insert(service->id);
        services.push_back(std::move(*service));
    }
    const toml::node* sites_node = root->get("sites");
    const toml::array* sites_array = sites_node == nullptr ? nullptr : sites_node->as_array();
    if (sites_array == nullptr || sites_array->empty()) {
        return std::unexpected(ConfigError{ConfigErrorCode::missing_key, std::string(file_name), "sites", 0,
                                           "must list at least one site as [[sites]]"});
    }
    std::vector<Site> sites;
    for (const toml::node& item : *sites_array) {
        if (!item.is_table()) {
            return std::unexpected(ConfigError{ConfigErrorCode::wrong_type, std::string(file_name), "sites",
                                               line_of(item), "must be a list of tables ([[sites]])"});
        }
        const TableReader reader(*item.as_table(), std::string(file_name), "sites");
        auto site = read_site(reader, service_ids);
        if (!site) {
            return std::unexpected(site.error());
        }
        if (std::ranges::find(sites, site->id, &Site::id) != sites.end()) {
            return std::unexpected(reader.error(ConfigErrorCode::bad_value, "id", line_of(*reader.find("id")),
                                                "\"" + site->id + "\" is defined twice"));
        }
        sites.push_back(std::move(*site));
    }
    return ServiceCatalog(std::move(services), std::move(sites));
}

Parsed<ServiceCatalog> load_service_catalog(const std::filesystem::path& path) {
    auto text = read_config_text(path);
    if (!text) {
        return std::unexpected(text.error());
    }
    return parse_service_catalog(*text, path.string());
}

}  // namespace madoguchi
