#pragma once
// What issuing tickets needs from files, loaded once at start: the city's services, the
// printer model's profile and the fonts for the receipt's raster text.
#include <expected>
#include <string>

#include "catalog.hpp"
#include "config.hpp"
#include "drivers/printer/printer_profile.hpp"
#include "drivers/text/text_rasterizer.hpp"

namespace madoguchi {

struct TicketParts {
    ServiceCatalog catalog;
    printer::PrinterProfile profile;
    text::TextRasterizer rasterizer;
};

// The error names the file and what is wrong with it.
std::expected<TicketParts, std::string> load_ticket_parts(const TerminalConfig& config);

}  // namespace madoguchi
