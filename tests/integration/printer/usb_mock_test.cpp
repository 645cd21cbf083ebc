// The libusb transport against a USB printer stood up by umockdev: a device with an Epson id,
// vendor-specific interface class, bulk OUT and IN endpoints and usblp bound, whose usbdevfs
// ioctls are answered here. The test binary re-runs itself under umockdev-wrapper, which
// preloads the library that routes /sys, /dev and the ioctls to the testbed.
#include <doctest/doctest.h>

#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <umockdev.h>

#include <cerrno>
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
#include "drivers/printer/usb_transport.hpp"
#include "fake_printer.hpp"

using namespace madoguchi::printer;
using namespace std::chrono_literals;
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

std::string self_path() {
    char path[4096];
    const ssize_t length = ::readlink("/proc/self/exe", path, sizeof path - 1);
    REQUIRE(length > 0);
    return std::string(path, static_cast<std::size_t>(length));
}

// True when this process is the one under umockdev; otherwise runs the current test case in a
// child under umockdev-wrapper and checks that it passed.
bool under_umockdev(const char* test_case) {
    // umockdev_in_mock_environment() answers false even under the wrapper (0.17), so the child
    // is marked by its own variable.
    if (std::getenv("MADOGUCHI_UNDER_UMOCKDEV") != nullptr) {
        return true;
    }
    const std::string command =
        "MADOGUCHI_UNDER_UMOCKDEV=1 umockdev-wrapper '" + self_path() + "' --test-case='" + test_case + "'";
    CHECK(std::system(command.c_str()) == 0);
    return false;
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
