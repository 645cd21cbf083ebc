#pragma once
// The receipt printer plugged in and pulled out, as the kernel tells libusb (hot-plug), so the
// kiosk knows at once instead of at its next job or status check. One callback per allowed
// vendor; a device counts as the printer by the same rule the transport opens it by
// (choose_usb_printer: a profile's ids, else a printer-class interface). libusb's events are
// handled on a small thread of this object's own; the destructor deregisters the callbacks,
// interrupts that thread and joins it.
#include <functional>
#include <memory>
#include <span>

#include "printer_error.hpp"
#include "printer_profile.hpp"

namespace madoguchi::printer {

// Whether this libusb can tell of devices coming and going (Linux: udev or netlink).
bool usb_hotplug_supported();

class UsbHotplug {
public:
    // `on_change` runs on the event thread (and, for printers already plugged in, inside start)
    // each time the answer to "is a printer plugged in?" changes.
    using OnChange = std::function<void(bool present)>;

    static PrinterResult<std::unique_ptr<UsbHotplug>> start(std::span<const PrinterProfile> profiles, OnChange on_change);
    ~UsbHotplug();
    UsbHotplug(const UsbHotplug&) = delete;
    UsbHotplug& operator=(const UsbHotplug&) = delete;

    bool present() const;

private:
    struct State;
    explicit UsbHotplug(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

}  // namespace madoguchi::printer
