#include <doctest/doctest.h>

#include <algorithm>

#include "kiosk/catalog.hpp"

using namespace madoguchi;

namespace {

constexpr const char* k_services = R"(
[services.certificates]
band = "A"
ja = "証明書"
en = "Certificates"
)";

ConfigError catalog_error(const std::string& sites) {
    const auto catalog = parse_service_catalog(std::string(k_services) + sites, "services.toml");
    REQUIRE_FALSE(catalog.has_value());
    return catalog.error();
}

}  // namespace

TEST_CASE("the shipped city has seven ward offices and the satellite corner") {
    const auto catalog = load_service_catalog(MADOGUCHI_SOURCE_DIR "/assets/services.toml");
    REQUIRE_MESSAGE(catalog.has_value(), (catalog ? "" : catalog.error().describe()));
    CHECK(catalog->services().size() == 7);
    const auto& sites = catalog->sites();
    CHECK(std::ranges::count(sites, SiteKind::ward_office, &Site::kind) == 7);
    REQUIRE(std::ranges::count(sites, SiteKind::satellite, &Site::kind) == 1);
    const Site* mall = catalog->site("eki_mall");
    REQUIRE(mall != nullptr);
    CHECK(mall->saturday_hours != "closed");
    CHECK(mall->sunday_hours != "closed");
    CHECK(mall->weekday_hours.starts_with("17:"));
    const Site* chuo = catalog->site("chuo");
    REQUIRE(chuo != nullptr);
    CHECK(catalog->offers(*chuo, "family_register"));
    CHECK_FALSE(catalog->offers(*mall, "family_register"));
    CHECK(catalog->service("certificates")->band == "A");
}

TEST_CASE("a site naming an undefined service is reported with its line") {
    const ConfigError error = catalog_error(R"(
[[sites]]
id = "chuo"
ja = "中央"
en = "Chuo"
weekday_hours = "08:30-17:15"
services = ["certificates", "fishing"]
)");
    CHECK(error.code == ConfigErrorCode::bad_value);
    CHECK(error.key == "sites.services");
    CHECK(error.line == 12);
    CHECK(error.reason.find("fishing") != std::string::npos);
}

TEST_CASE("bad opening hours are refused") {
    const ConfigError error = catalog_error(R"(
[[sites]]
id = "chuo"
ja = "中央"
en = "Chuo"
weekday_hours = "17:15-08:30"
services = ["certificates"]
)");
    CHECK(error.key == "sites.weekday_hours");
}

TEST_CASE("Sunday openings need Sunday hours") {
    const ConfigError error = catalog_error(R"(
[[sites]]
id = "chuo"
ja = "中央"
en = "Chuo"
weekday_hours = "08:30-17:15"
sunday_openings = [2]
services = ["certificates"]
)");
    CHECK(error.key == "sites.sunday_openings");
}

TEST_CASE("unknown keys and duplicate sites are errors") {
    CHECK(catalog_error(R"(
[[sites]]
id = "chuo"
ja = "中央"
en = "Chuo"
weekday_hours = "08:30-17:15"
services = ["certificates"]
colour = "blue"
)")
              .code == ConfigErrorCode::unknown_key);
    const std::string site = R"(
[[sites]]
id = "chuo"
ja = "中央"
en = "Chuo"
weekday_hours = "08:30-17:15"
services = ["certificates"]
)";
    CHECK(catalog_error(site + site).reason.find("twice") != std::string::npos);
}

TEST_CASE("ids are restricted to what fits a URL and a key") {
    CHECK(is_valid_id("eki_mall"));
    CHECK(is_valid_id("c1"));
    CHECK_FALSE(is_valid_id(""));
    CHECK_FALSE(is_valid_id("Chuo"));
    CHECK_FALSE(is_valid_id("a/b"));
}
