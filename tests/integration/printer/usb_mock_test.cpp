// The libusb transport against a USB printer stood up by umockdev: a device with an Epson id,
// vendor-specific interface class, bulk OUT and IN endpoints and usblp bound, whose usbdevfs
// ioctls are answered here. The test binary re-runs itself under umockdev-wrapper, which
// preloads the library that routes /sys, /dev and the ioctls to the testbed. Devices added and
// removed while the test runs reach libusb's hot-plug monitor as uevents through the same library.
#include <doctest/doctest.h>

#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <umockdev.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "drivers/printer/escpos_encoder.hpp"
#include "drivers/printer/printer.hpp"
#include "drivers/printer/usb_hotplug.hpp"
#include "drivers/printer/usb_transport.hpp"
#include "fake_printer.hpp"
#include "tests/support/umockdev_child.hpp"

using namespace madoguchi::printer;
using namespace std::chrono_literals;
using madoguchi::testing::under_umockdev;
using Bytes = std::vector<std::uint8_t>;

namespace {

constexpr const char* k_devnode = "/dev/bus/usb/001/002";
constexpr std::uint8_t k_out = 0x01;
constexpr std::uint8_t k_in = 0x82;

// Device, configuration, one interface (class 255, as many Epson models report) with two bulk
// endpoints: what the kernel exposes in sysfs "descriptors".
const Bytes k_descriptors{
    18, 1, 0x00, 0x02, 0, 0, 0, 64, 0xB8, 0x04, 0x02, 0x02, 0x00, 0x01, 1, 2, 3, 1,
    9, 2, 32, 0, 1, 1, 0, 0xC0, 0,
    9, 4, 0, 0, 2, 0xFF, 0, 0, 0,
    7, 5, k_out, 2, 64, 0, 0,
    7, 5, k_in, 2, 64, 0, 0,
};

// The same device as k_descriptors with other ids and interface class, as umockdev's text format
// describes it (sysfs attributes, udev properties, the node, the binary descriptors), so that one
// call adds it whole and only then sends the "add" uevent.
std::string usb_device_text(const char* name, int devnum, std::uint16_t vendor, std::uint16_t product,
                            std::uint8_t interface_class) {
    Bytes descriptors = k_descriptors;
    descriptors[8] = static_cast<std::uint8_t>(vendor & 0xFF);
    descriptors[9] = static_cast<std::uint8_t>(vendor >> 8);
    descriptors[10] = static_cast<std::uint8_t>(product & 0xFF);
    descriptors[11] = static_cast<std::uint8_t>(product >> 8);
    descriptors[18 + 9 + 5] = interface_class;
    std::string hex;
    for (const std::uint8_t byte : descriptors) {
        char two[3];
        std::snprintf(two, sizeof two, "%02x", byte);
        hex += two;
    }
    char ids[32];
    std::snprintf(ids, sizeof ids, "%04x\n%04x", vendor, product);
    const std::string vendor_text(ids, 4);
    const std::string product_text(ids + 5, 4);
    char node[32];
    std::snprintf(node, sizeof node, "bus/usb/001/%03d", devnum);
    return std::string("P: /devices/usb1/") + name + "\nN: " + node + "\nE: DEVNAME=/dev/" + node +
           "\nE: DEVTYPE=usb_device\nE: SUBSYSTEM=usb\nE: BUSNUM=001\nE: DEVNUM=" + std::string(node + 12) +
           "\nE: ID_VENDOR_ID=" + vendor_text + "\nE: ID_MODEL_ID=" + product_text + "\nA: busnum=1\nA: devnum=" +
           std::to_string(devnum) + "\nA: speed=480\nA: idVendor=" + vendor_text + "\nA: idProduct=" + product_text +
           "\nA: bConfigurationValue=1\nA: bNumConfigurations=1\nA: dev=189:" + std::to_string(devnum) +
           "\nH: descriptors=" + hex + "\n";
}

// What a hot-plug watch said, in order, for the test's thread to wait on.
struct PresenceLog {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<bool> said;

    void note(bool present) {
        {
            const std::lock_guard lock(mutex);
            said.push_back(present);
        }
        changed.notify_all();
    }
    // What was said once there are `count` changes, or after a minute without them.
    std::vector<bool> wait_for(std::size_t count) {
        std::unique_lock lock(mutex);
        changed.wait_for(lock, std::chrono::minutes(1), [&] { return said.size() >= count; });
        return said;
    }
};

struct Submitted {
    UMockdevIoctlData* urb;
    bool discarded = false;
};

// The printer's side of usbdevfs: URBs submitted by libusb are answered when reaped.
struct MockPrinter {
    std::mutex mutex;
    std::deque<Submitted> urbs;
    Bytes received;
    Bytes replies;
    madoguchi::printer::testing::StatusResponder responder{madoguchi::printer::testing::FakeOptions{}};
    bool silent = false;                 // never answers a status query
    std::size_t fail_out_after = 0;      // OUT transfers fail once this many bytes arrived; 0 never
    bool claimed = false;
    bool detached = false;
    bool reattached = false;
    std::vector<unsigned long> unknown;
};

usbdevfs_urb* urb_of(UMockdevIoctlData* data) { return reinterpret_cast<usbdevfs_urb*>(data->data); }

// The first URB that can complete now: any OUT, an IN only once there is a reply to give.
bool reap(MockPrinter& printer, UMockdevIoctlClient* client, UMockdevIoctlData* arg) {
    for (auto it = printer.urbs.begin(); it != printer.urbs.end(); ++it) {
        usbdevfs_urb urb = *urb_of(it->urb);
        const bool in = (urb.endpoint & 0x80) != 0;
        if (!it->discarded && in && (printer.replies.empty() || printer.silent)) {
            continue;
        }
        GError* error = nullptr;
        UMockdevIoctlData* buffer = umockdev_ioctl_data_resolve(it->urb, offsetof(usbdevfs_urb, buffer),
                                                                static_cast<gsize>(urb.buffer_length), &error);
        if (buffer == nullptr) {
            g_clear_error(&error);
            return false;
        }
        if (it->discarded) {
            urb.status = -ENOENT;
            urb.actual_length = 0;
        } else if (in) {
            const auto count = std::min(printer.replies.size(), static_cast<std::size_t>(urb.buffer_length));
            umockdev_ioctl_data_update(buffer, 0, printer.replies.data(), static_cast<gint>(count));
            printer.replies.erase(printer.replies.begin(), printer.replies.begin() + static_cast<std::ptrdiff_t>(count));
            urb.status = 0;
            urb.actual_length = static_cast<int>(count);
        } else if (printer.fail_out_after != 0 && printer.received.size() >= printer.fail_out_after) {
            urb.status = -EPROTO;  // what the host controller reports for a broken link
            urb.actual_length = 0;
        } else {
            printer.received.insert(printer.received.end(), buffer->data, buffer->data + urb.buffer_length);
            const Bytes answer = printer.responder.feed(buffer->data, static_cast<std::size_t>(urb.buffer_length));
            printer.replies.insert(printer.replies.end(), answer.begin(), answer.end());
            urb.status = 0;
            urb.actual_length = urb.buffer_length;
        }
        umockdev_ioctl_data_update(it->urb, 0, reinterpret_cast<guint8*>(&urb), sizeof urb);
        // The argument is the address of the caller's pointer, which receives the URB's address.
        UMockdevIoctlData* slot = umockdev_ioctl_data_resolve(arg, 0, sizeof(void*), &error);
        if (slot == nullptr) {
            g_clear_error(&error);
            g_object_unref(buffer);
            return false;
        }
        umockdev_ioctl_data_set_ptr(slot, 0, it->urb);
        g_object_unref(slot);
        g_object_unref(buffer);
        g_object_unref(it->urb);
        printer.urbs.erase(it);
        umockdev_ioctl_client_complete(client, 0, 0);
        return true;
    }
    umockdev_ioctl_client_complete(client, -1, EAGAIN);
    return true;
}

gboolean handle_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer user) {
    auto& printer = *static_cast<MockPrinter*>(user);
    const std::lock_guard lock(printer.mutex);
    const unsigned long request = umockdev_ioctl_client_get_request(client);
    UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
    GError* error = nullptr;
    switch (request) {
        case USBDEVFS_GET_CAPABILITIES: {
            UMockdevIoctlData* caps = umockdev_ioctl_data_resolve(arg, 0, sizeof(std::uint32_t), &error);
            if (caps != nullptr) {
                std::uint32_t none = 0;
                umockdev_ioctl_data_update(caps, 0, reinterpret_cast<guint8*>(&none), sizeof none);
                g_object_unref(caps);
            }
            g_clear_error(&error);
            umockdev_ioctl_client_complete(client, 0, 0);
            return TRUE;
        }
        case USBDEVFS_GETDRIVER: {
            UMockdevIoctlData* query = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_getdriver), &error);
            g_clear_error(&error);
            if (query == nullptr || printer.detached) {
                umockdev_ioctl_client_complete(client, -1, ENODATA);
            } else {
                usbdevfs_getdriver driver{};
                std::memcpy(&driver, query->data, sizeof driver);
                std::strcpy(driver.driver, "usblp");
                umockdev_ioctl_data_update(query, 0, reinterpret_cast<guint8*>(&driver), sizeof driver);
                umockdev_ioctl_client_complete(client, 0, 0);
            }
            if (query != nullptr) {
                g_object_unref(query);
            }
            return TRUE;
        }
        case USBDEVFS_IOCTL: {
            UMockdevIoctlData* command = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_ioctl), &error);
            g_clear_error(&error);
            if (command != nullptr) {
                const int code = reinterpret_cast<usbdevfs_ioctl*>(command->data)->ioctl_code;
                if (code == static_cast<int>(USBDEVFS_DISCONNECT)) {
                    printer.detached = true;
                } else if (code == static_cast<int>(USBDEVFS_CONNECT)) {
                    printer.reattached = true;
                }
                g_object_unref(command);
            }
            umockdev_ioctl_client_complete(client, 0, 0);
            return TRUE;
        }
        case USBDEVFS_CLAIMINTERFACE:
            printer.claimed = true;
            umockdev_ioctl_client_complete(client, 0, 0);
            return TRUE;
        case USBDEVFS_RELEASEINTERFACE:
        case USBDEVFS_CLEAR_HALT:
        case USBDEVFS_SETINTERFACE:
        case USBDEVFS_RESETEP:
            umockdev_ioctl_client_complete(client, 0, 0);
            return TRUE;
        case USBDEVFS_SUBMITURB: {
            UMockdevIoctlData* urb = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), &error);
            g_clear_error(&error);
            if (urb == nullptr) {
                umockdev_ioctl_client_complete(client, -1, EFAULT);
                return TRUE;
            }
            printer.urbs.push_back({urb});
            umockdev_ioctl_client_complete(client, 0, 0);
            return TRUE;
        }
        case USBDEVFS_DISCARDURB: {
            gulong address = 0;  // the argument is the URB's address itself
            std::memcpy(&address, arg->data, sizeof address);
            for (Submitted& submitted : printer.urbs) {
                if (submitted.urb->client_addr == address) {
                    submitted.discarded = true;
                }
            }
            umockdev_ioctl_client_complete(client, 0, 0);
            return TRUE;
        }
        case USBDEVFS_REAPURB:
        case USBDEVFS_REAPURBNDELAY:
            return reap(printer, client, arg) ? TRUE : FALSE;
        default:
            printer.unknown.push_back(request);
            umockdev_ioctl_client_complete(client, -1, ENOTTY);
            return TRUE;
    }
}

struct Testbed {
    UMockdevTestbed* testbed = umockdev_testbed_new();
    UMockdevIoctlBase* handler = umockdev_ioctl_base_new();
    MockPrinter printer;

    Testbed() {
        gchar* syspath = umockdev_testbed_add_device(
            testbed, "usb", "1-1", nullptr,
            // sysfs attributes
            "busnum", "1\n", "devnum", "2\n", "speed", "480\n", "idVendor", "04b8\n", "idProduct", "0202\n",
            "bConfigurationValue", "1\n", "bNumConfigurations", "1\n", "dev", "189:1\n", nullptr,
            // udev properties
            "DEVNAME", k_devnode + 5, "DEVTYPE", "usb_device", "BUSNUM", "001", "DEVNUM", "002", "ID_VENDOR_ID", "04b8",
            "ID_MODEL_ID", "0202", nullptr);
        REQUIRE(syspath != nullptr);
        umockdev_testbed_set_attribute_binary(testbed, syspath, "descriptors", const_cast<guint8*>(k_descriptors.data()),
                                              static_cast<gint>(k_descriptors.size()));
        g_free(syspath);
        // add_device() makes no /dev node (only umockdev's text descriptions do); USB nodes are
        // plain files whose ioctls go to the handler attached below.
        gchar* root = umockdev_testbed_get_root_dir(testbed);
        const std::filesystem::path node = std::filesystem::path(root) / (k_devnode + 1);
        g_free(root);
        std::filesystem::create_directories(node.parent_path());
        std::ofstream{node};
        g_signal_connect(handler, "handle-ioctl", G_CALLBACK(handle_ioctl), &printer);
        GError* error = nullptr;
        const bool attached = umockdev_testbed_attach_ioctl(testbed, k_devnode, handler, &error);
        INFO((error != nullptr ? error->message : ""));
        REQUIRE(attached);
    }
    ~Testbed() {
        g_object_unref(handler);
        g_object_unref(testbed);
    }
};

PrinterProfile epson() {
    PrinterProfile profile;
    profile.name = "Epson TM-T88";
    profile.usb.push_back({0x04B8, 0x0202});
    return profile;
}

}  // namespace

TEST_CASE("USB: the allowed printer is found, usblp detached, status read and the job sent by bulk OUT") {
    if (!under_umockdev("USB: the allowed printer*")) {
        return;
    }
    Testbed bed;
    const std::vector<PrinterProfile> profiles{epson()};
    EscPosEncoder encoder(576);
    encoder.initialize().align(Alignment::center);
    REQUIRE(encoder.qr_native("https://example.jp/t/7", QrOptions{}));
    encoder.feed_lines(3).cut(Cut::partial);
    {
        auto transport = UsbTransport::open(profiles, 1s);
        REQUIRE_MESSAGE(transport, (transport ? "" : transport.error().message));
        CHECK(transport->profile() == 0);
        CHECK(transport->answers());
        Printer printer(*transport);
        auto printed = printer.print(encoder.bytes());
        REQUIRE_MESSAGE(printed, (printed ? "" : printed.error().message));
    }
    const std::lock_guard lock(bed.printer.mutex);
    CHECK(bed.printer.unknown.empty());  // every ioctl libusb sent was one a kernel would take
    CHECK(bed.printer.claimed);
    CHECK(bed.printer.detached);
    CHECK(bed.printer.reattached);
    const Bytes status_queries{0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x03, 0x10, 0x04, 0x04};
    Bytes expected = status_queries;
    expected.insert(expected.end(), encoder.bytes().begin(), encoder.bytes().end());
    expected.insert(expected.end(), status_queries.begin(), status_queries.end());
    CHECK(bed.printer.received == expected);
}

TEST_CASE("USB: no allowed printer on the bus is no_printer") {
    if (!under_umockdev("USB: no allowed printer*")) {
        return;
    }
    UMockdevTestbed* testbed = umockdev_testbed_new();
    auto transport = UsbTransport::open({}, 1s);
    g_object_unref(testbed);
    REQUIRE_FALSE(transport);
    CHECK(transport.error().code == PrinterError::no_printer);
}

TEST_CASE("USB: a printer that never answers its status is a timeout, and no job is sent") {
    if (!under_umockdev("USB: a printer that never answers*")) {
        return;
    }
    Testbed bed;
    bed.printer.silent = true;
    const std::vector<PrinterProfile> profiles{epson()};
    auto transport = UsbTransport::open(profiles, 1s);
    REQUIRE(transport);
    Printer printer(*transport);
    const std::uint8_t job[] = {0x1B, 0x40};
    auto printed = printer.print(job);
    REQUIRE_FALSE(printed);
    CHECK(printed.error().code == PrinterError::timeout);
    const std::lock_guard lock(bed.printer.mutex);
    CHECK(bed.printer.received == Bytes{0x10, 0x04, 0x01});
}

TEST_CASE("USB: a link that fails mid-job is a transport error saying how far the job got") {
    if (!under_umockdev("USB: a link that fails mid-job*")) {
        return;
    }
    Testbed bed;
    bed.printer.fail_out_after = 20000;
    const std::vector<PrinterProfile> profiles{epson()};
    auto transport = UsbTransport::open(profiles, 1s);
    REQUIRE(transport);
    Printer printer(*transport);
    const Bytes job(100000, 0x0A);
    auto printed = printer.print(job);
    REQUIRE_FALSE(printed);
    CHECK(printed.error().code == PrinterError::transport);
    CHECK(printed.error().message.find("job stopped after") != std::string::npos);
    CHECK(printed.error().message.find("of 100000 bytes") != std::string::npos);
}

TEST_CASE("USB hot-plug: the printer plugged in and pulled out while the kiosk runs is seen at once") {
    if (!under_umockdev("USB hot-plug: the printer plugged in*")) {
        return;
    }
    REQUIRE(usb_hotplug_supported());
    UMockdevTestbed* testbed = umockdev_testbed_new();
    const std::vector<PrinterProfile> profiles{epson()};
    PresenceLog changes;
    auto watch = UsbHotplug::start(profiles, [&changes](bool present) { changes.note(present); });
    REQUIRE_MESSAGE(watch, (watch ? "" : watch.error().message));
    CHECK_FALSE((*watch)->present());

    GError* error = nullptr;
    // An Epson device no profile names, vendor specific like a scanner: not the printer. It is
    // added first, so by the time the printer's change is heard its own event has been handled.
    REQUIRE(umockdev_testbed_add_from_string(testbed, usb_device_text("1-3", 4, 0x04B8, 0x0142, 0xFF).c_str(), &error));
    REQUIRE(umockdev_testbed_add_from_string(testbed, usb_device_text("1-1", 2, 0x04B8, 0x0202, 0xFF).c_str(), &error));
    CHECK(changes.wait_for(1) == std::vector<bool>{true});
    CHECK((*watch)->present());

    // The printer that arrived is the one the transport opens, and it answers.
    UMockdevIoctlBase* handler = umockdev_ioctl_base_new();
    MockPrinter mock;
    g_signal_connect(handler, "handle-ioctl", G_CALLBACK(handle_ioctl), &mock);
    REQUIRE(umockdev_testbed_attach_ioctl(testbed, k_devnode, handler, &error));
    {
        auto transport = UsbTransport::open(profiles, 1s);
        REQUIRE_MESSAGE(transport, (transport ? "" : transport.error().message));
        auto status = Printer(*transport).status();
        REQUIRE_MESSAGE(status, (status ? "" : status.error().message));
        CHECK(ready_to_print(*status));
    }

    // Pulled out: the kernel's "remove" uevent, then the device is gone from sysfs and /dev.
    umockdev_testbed_uevent(testbed, "/sys/devices/usb1/1-1", "remove");
    umockdev_testbed_remove_device(testbed, "/sys/devices/usb1/1-1");
    CHECK(changes.wait_for(2) == std::vector<bool>{true, false});
    CHECK_FALSE((*watch)->present());
    auto gone = UsbTransport::open(profiles, 1s);
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == PrinterError::no_printer);

    // A printer-class device of an allowed vendor that no profile names (a Star) is a printer too.
    REQUIRE(umockdev_testbed_add_from_string(testbed, usb_device_text("1-2", 3, 0x0519, 0x0003, 7).c_str(), &error));
    CHECK(changes.wait_for(3) == std::vector<bool>{true, false, true});

    // A watch started while it is plugged in knows it from the start.
    PresenceLog second_changes;
    auto second = UsbHotplug::start(profiles, [&second_changes](bool present) { second_changes.note(present); });
    REQUIRE(second);
    CHECK((*second)->present());
    CHECK(second_changes.wait_for(1) == std::vector<bool>{true});

    watch->reset();
    second->reset();
    g_object_unref(handler);
    g_object_unref(testbed);
}
