#include "ticket_parts.hpp"

#include <array>

#include "paths.hpp"
#include "receipt_printer.hpp"

namespace madoguchi {

std::expected<TicketParts, std::string> load_ticket_parts(const TerminalConfig& config) {
    const std::filesystem::path services =
        config.services_catalog.empty() ? data_dir() / "services.toml" : config.services_catalog;
    auto catalog = load_service_catalog(services);
    if (!catalog) {
        return std::unexpected(catalog.error().describe());
    }
    if (catalog->site(config.site) == nullptr) {
        return std::unexpected(services.string() + " has no site \"" + config.site + "\" (terminal.site)");
    }
    auto profile = load_configured_profile(config, printer_profiles_dir(data_dir()));
    if (!profile) {
        return std::unexpected(profile.error().describe());
    }
    const std::array<std::filesystem::path, 2> fonts{config.font_regular, config.font_fallback};
    auto rasterizer = text::TextRasterizer::open(fonts);
    if (!rasterizer) {
        return std::unexpected(rasterizer.error().message);
    }
    return TicketParts{std::move(*catalog), std::move(*profile), std::move(*rasterizer)};
}

}  // namespace madoguchi
