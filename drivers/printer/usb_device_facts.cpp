#include "usb_device_facts.hpp"

#include <libusb.h>

namespace madoguchi::printer {

UsbDeviceFacts usb_device_facts(libusb_device* device) {
    UsbDeviceFacts facts;
    libusb_device_descriptor descriptor{};
    if (libusb_get_device_descriptor(device, &descriptor) != 0) {
        return facts;
    }
    facts.vendor = descriptor.idVendor;
    facts.product = descriptor.idProduct;
    facts.bus = libusb_get_bus_number(device);
    facts.address = libusb_get_device_address(device);
    libusb_config_descriptor* config = nullptr;
    if (libusb_get_active_config_descriptor(device, &config) != 0 &&
        libusb_get_config_descriptor(device, 0, &config) != 0) {
        return facts;
    }
    for (int i = 0; i < config->bNumInterfaces; ++i) {
        const libusb_interface& interface = config->interface[i];
        for (int a = 0; a < interface.num_altsetting; ++a) {
            const libusb_interface_descriptor& setting = interface.altsetting[a];
            UsbInterfaceFacts item;
            item.number = setting.bInterfaceNumber;
            item.alternate = setting.bAlternateSetting;
            item.interface_class = setting.bInterfaceClass;
            for (int e = 0; e < setting.bNumEndpoints; ++e) {
                const libusb_endpoint_descriptor& endpoint = setting.endpoint[e];
                if ((endpoint.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) != LIBUSB_TRANSFER_TYPE_BULK) {
                    continue;
                }
                std::uint8_t& slot =
                    (endpoint.bEndpointAddress & LIBUSB_ENDPOINT_IN) != 0 ? item.bulk_in : item.bulk_out;
                if (slot == 0) {
                    slot = endpoint.bEndpointAddress;
                }
            }
            facts.interfaces.push_back(item);
        }
    }
    libusb_free_config_descriptor(config);
    return facts;
}

}  // namespace madoguchi::printer
