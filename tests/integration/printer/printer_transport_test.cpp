#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "drivers/printer/escpos_encoder.hpp"
#include "drivers/printer/fd_transport.hpp"
#include "drivers/printer/printer.hpp"
#include "fake_printer.hpp"

using namespace madoguchi::printer;
using namespace madoguchi::printer::testing;
using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes small_job() {
    EscPosEncoder encoder(576);
    encoder.initialize().align(Alignment::center);
    REQUIRE(encoder.qr_native("https://example.jp/t/42", QrOptions{}));
    encoder.feed_lines(4).cut(Cut::partial);
    return encoder.bytes();
}

// 12 bytes: DLE EOT 1..4, what Printer::print sends before any job.
Bytes status_queries() {
    Bytes queries;
    for (std::uint8_t n = 1; n <= 4; ++n) {
        const auto query = status_query(n);
        queries.insert(queries.end(), query.begin(), query.end());
    }
    return queries;
}

FakeOptions answering(std::array<std::uint8_t, 4> status) {
    FakeOptions options;
    options.status = status;
    return options;
}

FdTransport connect(const FakeTcpPrinter& fake) {
    auto transport = FdTransport::connect_tcp("127.0.0.1", fake.port(), 2s);
    REQUIRE_MESSAGE(transport, (transport ? "" : transport.error().message));
    return std::move(*transport);
}

}  // namespace

TEST_CASE("TCP: the printer's status is read from its DLE EOT answers") {
    FakeTcpPrinter fake(answering(k_paper_near_end));
    FdTransport transport = connect(fake);
    Printer printer(transport);
    auto status = printer.status();
    REQUIRE_MESSAGE(status, (status ? "" : status.error().message));
    CHECK(status->paper_near_end);
    CHECK_FALSE(status->paper_out);
}

TEST_CASE("TCP: a job reaches the printer byte for byte after the status check") {
    FakeTcpPrinter fake;
    const Bytes job = small_job();
    {
        FdTransport transport = connect(fake);
        Printer printer(transport);
        auto printed = printer.print(job);
        REQUIRE_MESSAGE(printed, (printed ? "" : printed.error().message));
    }
    REQUIRE(fake.wait_finished());
    Bytes expected = status_queries();
    expected.insert(expected.end(), job.begin(), job.end());
    const Bytes confirmation = status_queries();
    expected.insert(expected.end(), confirmation.begin(), confirmation.end());
    CHECK(fake.received() == expected);
}

TEST_CASE("TCP: a printer that hangs up right after taking the job fails it, though every write went out") {
    const Bytes job = small_job();
    FakeOptions hang_up;
    hang_up.hang_up_after = status_queries().size() + job.size();
    FakeTcpPrinter fake(hang_up);
    FdTransport transport = connect(fake);
    Printer printer(transport);
    auto printed = printer.print(job);
    REQUIRE_FALSE(printed);
    CHECK(printed.error().message.find("did not confirm the job") != std::string::npos);
}

TEST_CASE("TCP: paper that runs out during the job fails it as paper_out") {
    const Bytes job = small_job();
    FakeOptions runs_out;
    runs_out.paper_out_after = status_queries().size() + job.size() / 2;
    FakeTcpPrinter fake(runs_out);
    FdTransport transport = connect(fake);
    Printer printer(transport);
    auto printed = printer.print(job);
    REQUIRE_FALSE(printed);
    CHECK(printed.error().code == PrinterError::paper_out);
    CHECK(printed.error().message.find("after the job") != std::string::npos);
}

TEST_CASE("TCP: paper out before printing is paper_out and not one byte of the job is sent") {
    FakeTcpPrinter fake(answering(k_paper_out));
    {
        FdTransport transport = connect(fake);
        Printer printer(transport);
        auto printed = printer.print(small_job());
        REQUIRE_FALSE(printed);
        CHECK(printed.error().code == PrinterError::paper_out);
    }
    REQUIRE(fake.wait_finished());
    CHECK(fake.received() == status_queries());
}

TEST_CASE("TCP: a printer that hangs up mid-job is a transport error saying how far the job got") {
    FakeOptions hang_up;
    hang_up.hang_up_after = 64 * 1024;
    FakeTcpPrinter fake(hang_up);
    // Far more than loopback's socket buffers hold, so the reset must surface during the job.
    EscPosEncoder encoder(576);
    encoder.initialize();
    for (int i = 0; i < 3'000'000; ++i) {
        encoder.feed_dots(1);
    }
    FdTransport transport = connect(fake);
    Printer printer(transport);
    auto printed = printer.print(encoder.bytes());
    REQUIRE_FALSE(printed);
    CHECK(printed.error().code == PrinterError::transport);
    CHECK(printed.error().message.find("job stopped after") != std::string::npos);
    CHECK(printed.error().message.find(" of " + std::to_string(encoder.bytes().size()) + " bytes") != std::string::npos);
}

TEST_CASE("TCP: a printer that never answers is a timeout, and no job is sent") {
    FakeOptions silent;
    silent.silent = true;
    FakeTcpPrinter fake(silent);
    FdTransport transport = connect(fake);
    Printer printer(transport);
    auto status = printer.status(200ms);
    REQUIRE_FALSE(status);
    CHECK(status.error().code == PrinterError::timeout);
}

TEST_CASE("TCP: nobody listening is no_printer") {
    auto transport = FdTransport::connect_tcp("127.0.0.1", closed_port(), 1s);
    REQUIRE_FALSE(transport);
    CHECK(transport.error().code == PrinterError::no_printer);
    CHECK(transport.error().message.find("127.0.0.1:") != std::string::npos);
}

TEST_CASE("file: the job is written as is, with no status check and no status to ask") {
    const auto path = std::filesystem::temp_directory_path() / ("printer-job-" + std::to_string(::getpid()) + ".bin");
    const Bytes job = small_job();
    {
        auto transport = FdTransport::open_file(path);
        REQUIRE(transport);
        CHECK_FALSE(transport->answers());
        Printer printer(*transport);
        CHECK(printer.print(job));
        CHECK(printer.status().error().code == PrinterError::transport);
    }
    std::ifstream file(path, std::ios::binary);
    const Bytes written{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    std::filesystem::remove(path);
    CHECK(written == job);
}

TEST_CASE("device node: status and job go through the node like /dev/usb/lp0") {
    FakeDeviceNode node(answering(k_ready));
    const Bytes job = small_job();
    auto transport = FdTransport::open_device(node.path(), 2s);
    REQUIRE_MESSAGE(transport, (transport ? "" : transport.error().message));
    Printer printer(*transport);
    auto printed = printer.print(job);
    REQUIRE_MESSAGE(printed, (printed ? "" : printed.error().message));
    Bytes expected = status_queries();
    expected.insert(expected.end(), job.begin(), job.end());
    const Bytes confirmation = status_queries();
    expected.insert(expected.end(), confirmation.begin(), confirmation.end());
    REQUIRE(node.wait_for_bytes(expected.size()));
    CHECK(node.received() == expected);
}

TEST_CASE("device node: paper out is refused before the job") {
    FakeDeviceNode node(answering(k_paper_out));
    auto transport = FdTransport::open_device(node.path(), 2s);
    REQUIRE(transport);
    Printer printer(*transport);
    CHECK(printer.print(small_job()).error().code == PrinterError::paper_out);
}

TEST_CASE("device node: a missing node is no_printer") {
    auto transport = FdTransport::open_device("/dev/usb/lp-madoguchi-absent", 1s);
    REQUIRE_FALSE(transport);
    CHECK(transport.error().code == PrinterError::no_printer);
}
