#include "usb_selection.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

namespace madoguchi::printer {
namespace {

std::optional<UsbInterfaceFacts> writable_interface(const UsbDeviceFacts& device, bool printer_class_only) {
    for (const UsbInterfaceFacts& interface : device.interfaces) {
        if (interface.bulk_out == 0) {
            continue;
        }
        if (!printer_class_only || interface.interface_class == k_usb_class_printer) {
            return interface;
        }
    }
    return std::nullopt;
}

std::string id_text(const UsbDeviceFacts& device) {
    char text[10];
    std::snprintf(text, sizeof text, "%04x:%04x", device.vendor, device.product);
    return text;
}

}  // namespace

PrinterResult<UsbChoice> choose_usb_printer(std::span<const UsbDeviceFacts> devices,
                                            std::span<const PrinterProfile> profiles) {
    for (std::size_t d = 0; d < devices.size(); ++d) {
        for (std::size_t p = 0; p < profiles.size(); ++p) {
            if (!profiles[p].matches(devices[d].vendor, devices[d].product)) {
                continue;
            }
            if (auto interface = writable_interface(devices[d], false)) {
                return UsbChoice{d, *interface, static_cast<int>(p)};
            }
        }
    }
    std::string refused;
    for (std::size_t d = 0; d < devices.size(); ++d) {
        auto interface = writable_interface(devices[d], true);
        if (!interface) {
            continue;
        }
        if (std::ranges::find(k_allowed_vendors, devices[d].vendor) != std::end(k_allowed_vendors)) {
            return UsbChoice{d, *interface, -1};
        }
        refused += (refused.empty() ? "" : ", ") + id_text(devices[d]);
    }
    if (!refused.empty()) {
        return fail(PrinterError::not_allowed, "USB printers of vendors not allowed: " + refused);
    }
    return fail(PrinterError::no_printer, "no USB printer found");
}

}  // namespace madoguchi::printer
