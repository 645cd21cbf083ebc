#pragma once
// A USB receipt printer through libusb: bulk OUT for the job, bulk IN (when the interface has
// one) for status replies. usblp is detached while we hold the interface and given back after.
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "printer_profile.hpp"
#include "transport.hpp"
#include "usb_selection.hpp"

struct libusb_context;
struct libusb_device_handle;

namespace madoguchi::printer {

class UsbTransport final : public Transport {
public:
    // The first device a profile names, else a printer-class interface of an allowed vendor.
    static PrinterResult<UsbTransport> open(std::span<const PrinterProfile> profiles,
                                            std::chrono::milliseconds write_timeout);

    UsbTransport(UsbTransport&&) noexcept;
    UsbTransport& operator=(UsbTransport&&) noexcept;
    ~UsbTransport() override;

    PrinterResult<void> write(std::span<const std::uint8_t> bytes) override;
    PrinterResult<std::size_t> read(std::span<std::uint8_t> into, std::chrono::milliseconds timeout) override;
    bool answers() const override;

    // The profile the device matched, -1 when it was chosen by its interface class.
    int profile() const;

private:
    struct Handle;
    explicit UsbTransport(std::unique_ptr<Handle> handle);
    std::unique_ptr<Handle> m_handle;
};

}  // namespace madoguchi::printer
