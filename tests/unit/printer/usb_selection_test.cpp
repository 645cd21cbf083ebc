#include <doctest/doctest.h>

#include <vector>

#include "drivers/printer/usb_selection.hpp"

using namespace madoguchi::printer;

namespace {

UsbDeviceFacts device(std::uint16_t vendor, std::uint16_t product, std::uint8_t interface_class,
                      std::uint8_t out = 0x01, std::uint8_t in = 0x82) {
    UsbDeviceFacts facts;
    facts.vendor = vendor;
    facts.product = product;
    facts.interfaces.push_back(UsbInterfaceFacts{0, 0, interface_class, out, in});
    return facts;
}

PrinterProfile epson() {
    PrinterProfile profile;
    profile.name = "Epson";
    profile.usb.push_back({0x04B8, 0x0202});
    return profile;
}

}  // namespace

TEST_CASE("a device a profile names is chosen even with a vendor-specific interface class") {
    const std::vector<UsbDeviceFacts> devices{device(0x046D, 0xC52B, 3), device(0x04B8, 0x0202, 255)};
    const std::vector<PrinterProfile> profiles{epson()};
    auto choice = choose_usb_printer(devices, profiles);
    REQUIRE(choice);
    CHECK(choice->device == 1);
    CHECK(choice->profile == 0);
    CHECK(choice->interface.bulk_out == 0x01);
    CHECK(choice->interface.bulk_in == 0x82);
}

TEST_CASE("a profile's device is preferred to a printer-class device listed before it") {
    const std::vector<UsbDeviceFacts> devices{device(0x0519, 0x0003, 7), device(0x04B8, 0x0202, 255)};
    const std::vector<PrinterProfile> profiles{epson()};
    auto choice = choose_usb_printer(devices, profiles);
    REQUIRE(choice);
    CHECK(choice->device == 1);
}

TEST_CASE("without a profile match, a printer-class interface of an allowed vendor is chosen") {
    UsbDeviceFacts citizen = device(0x1D90, 0x2060, 3);
    citizen.interfaces.push_back(UsbInterfaceFacts{1, 0, 7, 0x03, 0});
    const std::vector<UsbDeviceFacts> devices{citizen};
    auto choice = choose_usb_printer(devices, {});
    REQUIRE(choice);
    CHECK(choice->profile == -1);
    CHECK(choice->interface.number == 1);
    CHECK(choice->interface.bulk_in == 0);
}

TEST_CASE("a printer of another vendor is refused by name, nothing at all is no_printer") {
    const std::vector<UsbDeviceFacts> foreign{device(0x0416, 0x5011, 7)};
    auto refused = choose_usb_printer(foreign, {});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == PrinterError::not_allowed);
    CHECK(refused.error().message.find("0416:5011") != std::string::npos);

    const std::vector<UsbDeviceFacts> none{device(0x046D, 0xC52B, 3)};
    CHECK(choose_usb_printer(none, {}).error().code == PrinterError::no_printer);
}

TEST_CASE("an interface without a bulk OUT endpoint cannot be printed to") {
    const std::vector<UsbDeviceFacts> devices{device(0x04B8, 0x0202, 255, 0, 0x82)};
    const std::vector<PrinterProfile> profiles{epson()};
    CHECK(choose_usb_printer(devices, profiles).error().code == PrinterError::no_printer);
}
