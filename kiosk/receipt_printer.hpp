#pragma once
// The terminal's receipt printer as its configuration describes it: the profile of its model
// and a transport to it. Opened for each job, so a printer plugged in or fixed later is found.
#include <chrono>
#include <filesystem>
#include <memory>
#include <vector>

#include "config.hpp"
#include "drivers/printer/printer_profile.hpp"
#include "drivers/printer/transport.hpp"

namespace madoguchi {

inline constexpr std::chrono::milliseconds k_printer_write_timeout{5000};

inline std::filesystem::path printer_profiles_dir(const std::filesystem::path& data) { return data / "printers"; }

struct ReceiptPrinter {
    std::unique_ptr<printer::Transport> transport;
    printer::PrinterProfile profile;
};

// The configured model's profile, from `profiles_dir`.
printer::ProfileResult<printer::PrinterProfile> load_configured_profile(const TerminalConfig& config,
                                                                        const std::filesystem::path& profiles_dir);

// Every readable profile in `dir`, in file name order: the models a USB device may be.
std::vector<printer::PrinterProfile> usb_printer_profiles(const std::filesystem::path& dir);

// Connects to the configured printer. A USB printer that a profile names by its ids gets that
// profile; any other printer gets `profile`.
printer::PrinterResult<ReceiptPrinter> open_receipt_printer(const PrinterConnection& connection,
                                                            const printer::PrinterProfile& profile,
                                                            const std::filesystem::path& profiles_dir);

}  // namespace madoguchi
