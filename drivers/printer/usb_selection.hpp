#pragma once
// Which USB device and interface to print to, decided on plain descriptor facts so the policy is
// testable without a bus: a device a profile names (whatever its interface class: many Epson
// models say 255, vendor specific), else a printer-class (7) interface of an allowed vendor.
#include <cstdint>
#include <span>
#include <vector>

#include "printer_error.hpp"
#include "printer_profile.hpp"

namespace madoguchi::printer {

inline constexpr std::uint8_t k_usb_class_printer = 7;

struct UsbInterfaceFacts {
    std::uint8_t number = 0;
    std::uint8_t alternate = 0;
    std::uint8_t interface_class = 0;
    std::uint8_t bulk_out = 0;  // endpoint address, 0 when the interface has none
    std::uint8_t bulk_in = 0;   // 0 when the printer cannot answer
};

struct UsbDeviceFacts {
    std::uint16_t vendor = 0;
    std::uint16_t product = 0;
    std::uint8_t bus = 0;
    std::uint8_t address = 0;
    std::vector<UsbInterfaceFacts> interfaces;
};

struct UsbChoice {
    std::size_t device = 0;  // index into the candidates
    UsbInterfaceFacts interface;
    int profile = -1;  // index of the matching profile, -1 when chosen by class
};

PrinterResult<UsbChoice> choose_usb_printer(std::span<const UsbDeviceFacts> devices,
                                            std::span<const PrinterProfile> profiles);

}  // namespace madoguchi::printer
