#include "receipt_printer.hpp"

#include <algorithm>

#include "drivers/printer/fd_transport.hpp"
#include "drivers/printer/usb_transport.hpp"

namespace madoguchi {
namespace {

template <typename T>
std::unique_ptr<printer::Transport> boxed(T&& transport) {
    return std::make_unique<std::remove_cvref_t<T>>(std::forward<T>(transport));
}

}  // namespace

std::vector<printer::PrinterProfile> usb_printer_profiles(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
        if (entry.path().extension() == ".toml") {
            files.push_back(entry.path());
        }
    }
    std::ranges::sort(files);
    std::vector<printer::PrinterProfile> profiles;
    for (const auto& file : files) {
        // A broken profile of another model must not keep this printer from working; the
        // configured model's own profile is checked by load_configured_profile.
        if (auto profile = printer::load_profile(file)) {
            profiles.push_back(std::move(*profile));
        }
    }
    return profiles;
}

printer::ProfileResult<printer::PrinterProfile> load_configured_profile(const TerminalConfig& config,
                                                                        const std::filesystem::path& profiles_dir) {
    return printer::load_profile(profiles_dir / (config.printer_profile + ".toml"));
}

printer::PrinterResult<ReceiptPrinter> open_receipt_printer(const PrinterConnection& connection,
                                                            const printer::PrinterProfile& profile,
                                                            const std::filesystem::path& profiles_dir) {
    using Kind = PrinterConnection::Kind;
    switch (connection.kind) {
        case Kind::file: {
            auto file = printer::FdTransport::open_file(connection.path_or_host);
            if (!file) {
                return std::unexpected(file.error());
            }
            return ReceiptPrinter{boxed(std::move(*file)), profile};
        }
        case Kind::device: {
            auto device = printer::FdTransport::open_device(connection.path_or_host, k_printer_write_timeout);
            if (!device) {
                return std::unexpected(device.error());
            }
            return ReceiptPrinter{boxed(std::move(*device)), profile};
        }
        case Kind::tcp: {
            auto socket = printer::FdTransport::connect_tcp(connection.path_or_host, connection.port,
                                                             k_printer_write_timeout);
            if (!socket) {
                return std::unexpected(socket.error());
            }
            return ReceiptPrinter{boxed(std::move(*socket)), profile};
        }
        case Kind::usb: break;
    }
    const auto profiles = usb_printer_profiles(profiles_dir);
    auto usb = printer::UsbTransport::open(profiles, k_printer_write_timeout);
    if (!usb) {
        return std::unexpected(usb.error());
    }
    const int matched = usb->profile();
    printer::PrinterProfile chosen = matched >= 0 ? profiles[static_cast<std::size_t>(matched)] : profile;
    return ReceiptPrinter{boxed(std::move(*usb)), std::move(chosen)};
}

}  // namespace madoguchi
