#include "usb_hotplug.hpp"

#include <libusb.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "usb_device_facts.hpp"
#include "usb_selection.hpp"

namespace madoguchi::printer {
namespace {

// How long one wait for events lasts; a stop interrupts it anyway, so this only bounds how long a
// missed wake-up could keep the thread.
constexpr timeval k_event_wait{1, 0};

}  // namespace

struct UsbHotplug::State {
    libusb_context* context = nullptr;
    std::vector<PrinterProfile> profiles;
    OnChange on_change;
    std::vector<libusb_hotplug_callback_handle> callbacks;
    std::atomic<bool> stopping{false};
    std::thread events;
    mutable std::mutex mutex;
    // Bus and address of each plugged-in device that counts as the printer.
    std::set<std::pair<std::uint8_t, std::uint8_t>> printers;

    ~State() {
        if (context == nullptr) {
            return;
        }
        stopping = true;
        for (const libusb_hotplug_callback_handle callback : callbacks) {
            libusb_hotplug_deregister_callback(context, callback);
        }
        libusb_interrupt_event_handler(context);
        if (events.joinable()) {
            events.join();
        }
        libusb_exit(context);
    }

    void arrived(libusb_device* device) {
        const UsbDeviceFacts facts = usb_device_facts(device);
        if (!choose_usb_printer(std::span(&facts, 1), profiles)) {
            return;
        }
        changed([&] { printers.emplace(facts.bus, facts.address); });
    }

    void left(libusb_device* device) {
        const std::pair key{libusb_get_bus_number(device), libusb_get_device_address(device)};
        changed([&] { printers.erase(key); });
    }

    template <typename Edit>
    void changed(Edit edit) {
        bool before = false;
        bool after = false;
        {
            const std::lock_guard lock(mutex);
            before = !printers.empty();
            edit();
            after = !printers.empty();
        }
        if (before != after && on_change) {
            on_change(after);
        }
    }
};

bool usb_hotplug_supported() {
    return libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) != 0;
}

UsbHotplug::UsbHotplug(std::unique_ptr<State> state) : m_state(std::move(state)) {}
UsbHotplug::~UsbHotplug() = default;

bool UsbHotplug::present() const {
    const std::lock_guard lock(m_state->mutex);
    return !m_state->printers.empty();
}

PrinterResult<std::unique_ptr<UsbHotplug>> UsbHotplug::start(std::span<const PrinterProfile> profiles,
                                                           OnChange on_change) {
    auto state = std::make_unique<State>();
    state->profiles.assign(profiles.begin(), profiles.end());
    state->on_change = std::move(on_change);
    if (const int status = libusb_init(&state->context); status != 0) {
        return fail(PrinterError::transport, std::string("libusb_init: ") + libusb_error_name(status));
    }
    if (!usb_hotplug_supported()) {
        return fail(PrinterError::transport, "this libusb cannot report USB devices coming and going");
    }
    constexpr libusb_hotplug_callback_fn on_hotplug = [](libusb_context*, libusb_device* device,
                                                         libusb_hotplug_event event, void* user) {
        auto& watched = *static_cast<State*>(user);
        if (event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED) {
            watched.arrived(device);
        } else {
            watched.left(device);
        }
        return 0;  // stay registered
    };
    // Every profile's vendor is an allowed one, so these callbacks see every device that could be
    // the printer; ENUMERATE reports the ones plugged in already, before register returns.
    for (const std::uint16_t vendor : k_allowed_vendors) {
        libusb_hotplug_callback_handle callback = 0;
        const int status = libusb_hotplug_register_callback(
            state->context,
            static_cast<libusb_hotplug_event>(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT),
            LIBUSB_HOTPLUG_ENUMERATE, vendor, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, on_hotplug,
            state.get(), &callback);
        if (status != LIBUSB_SUCCESS) {
            return fail(PrinterError::transport, std::string("registering for USB hot-plug: ") + libusb_error_name(status));
        }
        state->callbacks.push_back(callback);
    }
    State* events = state.get();
    state->events = std::thread([events] {
        while (!events->stopping) {
            timeval wait = k_event_wait;
            libusb_handle_events_timeout_completed(events->context, &wait, nullptr);
        }
    });
    return std::unique_ptr<UsbHotplug>(new UsbHotplug(std::move(state)));
}

}  // namespace madoguchi::printer
