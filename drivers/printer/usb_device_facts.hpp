#pragma once
// A USB device's descriptor facts as libusb reports them, for choose_usb_printer. Shared by the
// transport, which lists the bus, and the hot-plug watch, which is told of one device at a time.
#include "usb_selection.hpp"

struct libusb_device;

namespace madoguchi::printer {

// Every interface of the active configuration (else the first one) with its bulk endpoints;
// no interfaces when the configuration cannot be read.
UsbDeviceFacts usb_device_facts(libusb_device* device);

}  // namespace madoguchi::printer
