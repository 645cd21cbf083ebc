#include "usb_transport.hpp"

#include <libusb.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "usb_device_facts.hpp"

namespace madoguchi::printer {
namespace {

// A bulk IN read must offer whole packets or the host controller reports an overflow.
constexpr int k_read_buffer = 512;

PrinterError error_from_libusb(int code) {
    switch (code) {
        case LIBUSB_ERROR_NO_DEVICE:
        case LIBUSB_ERROR_NOT_FOUND:
            return PrinterError::no_printer;
        case LIBUSB_ERROR_TIMEOUT:
            return PrinterError::timeout;
        default:
            return PrinterError::transport;
    }
}

std::string libusb_text(int code) { return libusb_error_name(code); }

unsigned timeout_ms(std::chrono::milliseconds timeout) {
    // libusb reads 0 as "wait for ever", which a kiosk must never do.
    return static_cast<unsigned>(std::max<std::chrono::milliseconds::rep>(timeout.count(), 1));
}

}  // namespace

struct UsbTransport::Handle {
    libusb_context* context = nullptr;
    libusb_device_handle* device = nullptr;
    UsbInterfaceFacts interface;
    int profile = -1;
    bool claimed = false;
    bool reattach = false;
    std::chrono::milliseconds write_timeout{0};
    std::vector<std::uint8_t> pending;  // bytes read in a whole packet beyond what was asked

    ~Handle() {
        if (claimed) {
            libusb_release_interface(device, interface.number);
        }
        if (reattach) {
            libusb_attach_kernel_driver(device, interface.number);
        }
        if (device != nullptr) {
            libusb_close(device);
        }
        if (context != nullptr) {
            libusb_exit(context);
        }
    }
};

UsbTransport::UsbTransport(std::unique_ptr<Handle> handle) : m_handle(std::move(handle)) {}
UsbTransport::UsbTransport(UsbTransport&&) noexcept = default;
UsbTransport& UsbTransport::operator=(UsbTransport&&) noexcept = default;
UsbTransport::~UsbTransport() = default;

bool UsbTransport::answers() const { return m_handle->interface.bulk_in != 0; }
int UsbTransport::profile() const { return m_handle->profile; }

PrinterResult<UsbTransport> UsbTransport::open(std::span<const PrinterProfile> profiles,
                                               std::chrono::milliseconds write_timeout) {
    auto handle = std::make_unique<Handle>();
    handle->write_timeout = write_timeout;
    if (const int status = libusb_init(&handle->context); status != 0) {
        return fail(PrinterError::transport, "libusb_init: " + libusb_text(status));
    }
    libusb_device** list = nullptr;
    const ssize_t count = libusb_get_device_list(handle->context, &list);
    if (count < 0) {
        return fail(PrinterError::transport, "listing USB devices: " + libusb_text(static_cast<int>(count)));
    }
    std::vector<UsbDeviceFacts> facts;
    std::vector<libusb_device*> devices;
    for (ssize_t i = 0; i < count; ++i) {
        libusb_device_descriptor descriptor{};
        if (libusb_get_device_descriptor(list[i], &descriptor) != 0) {
            continue;
        }
        facts.push_back(usb_device_facts(list[i]));
        devices.push_back(list[i]);
    }
    auto choice = choose_usb_printer(facts, profiles);
    int status = LIBUSB_SUCCESS;
    if (choice) {
        status = libusb_open(devices[choice->device], &handle->device);
    }
    libusb_free_device_list(list, 1);
    if (!choice) {
        return std::unexpected(choice.error());
    }
    if (status != 0) {
        return fail(error_from_libusb(status), "opening the USB printer: " + libusb_text(status) +
                                                   (status == LIBUSB_ERROR_ACCESS ? " (is the udev rule installed?)" : ""));
    }
    handle->interface = choice->interface;
    handle->profile = choice->profile;
    const int number = handle->interface.number;
    if (libusb_kernel_driver_active(handle->device, number) == 1) {
        if (const int detached = libusb_detach_kernel_driver(handle->device, number); detached != 0) {
            return fail(PrinterError::transport, "detaching usblp: " + libusb_text(detached));
        }
        handle->reattach = true;
    }
    if (const int claimed = libusb_claim_interface(handle->device, number); claimed != 0) {
        return fail(error_from_libusb(claimed), "claiming the printer interface: " + libusb_text(claimed));
    }
    handle->claimed = true;
    if (handle->interface.alternate != 0) {
        if (const int set = libusb_set_interface_alt_setting(handle->device, number, handle->interface.alternate);
            set != 0) {
            return fail(error_from_libusb(set), "selecting the printer's alternate setting: " + libusb_text(set));
        }
    }
    return UsbTransport(std::move(handle));
}

PrinterResult<void> UsbTransport::write(std::span<const std::uint8_t> bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        int transferred = 0;
        // libusb takes one non-const buffer for both directions; an OUT transfer only reads it.
        const int status = libusb_bulk_transfer(
            m_handle->device, m_handle->interface.bulk_out, const_cast<std::uint8_t*>(bytes.data() + sent),
            static_cast<int>(std::min<std::size_t>(bytes.size() - sent, 1U << 16)), &transferred,
            timeout_ms(m_handle->write_timeout));
        sent += static_cast<std::size_t>(std::max(transferred, 0));
        if (status != 0) {
            return fail(error_from_libusb(status), "USB write stopped after " + std::to_string(sent) + " of " +
                                                       std::to_string(bytes.size()) + " bytes: " + libusb_text(status));
        }
    }
    return {};
}

PrinterResult<std::size_t> UsbTransport::read(std::span<std::uint8_t> into, std::chrono::milliseconds timeout) {
    if (!answers()) {
        return fail(PrinterError::transport, "the printer's USB interface has no IN endpoint");
    }
    if (m_handle->pending.empty()) {
        std::uint8_t buffer[k_read_buffer];
        int transferred = 0;
        // A printer answers an empty packet when it has nothing yet; wait on until the deadline.
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (transferred == 0) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                return fail(PrinterError::timeout, "the USB printer did not answer in time");
            }
            const int status = libusb_bulk_transfer(m_handle->device, m_handle->interface.bulk_in, buffer,
                                                    k_read_buffer, &transferred, timeout_ms(left));
            if (status != 0) {
                return fail(error_from_libusb(status), "USB read: " + libusb_text(status));
            }
        }
        m_handle->pending.assign(buffer, buffer + transferred);
    }
    const std::size_t taken = std::min(into.size(), m_handle->pending.size());
    std::memcpy(into.data(), m_handle->pending.data(), taken);
    m_handle->pending.erase(m_handle->pending.begin(), m_handle->pending.begin() + static_cast<std::ptrdiff_t>(taken));
    return taken;
}

}  // namespace madoguchi::printer
