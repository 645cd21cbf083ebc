// card_read: how long a My Number card read takes and how many APDUs it needs, over pcscd +
// vpcd + mynacard-sim, next to baselines measured in the same run on the same virtual card:
//   raw PC/SC   the same APDUs through SCardTransmit with no parsing (the rig's floor)
//   opensc-tool the same APDUs sent by `opensc-tool -c default -s ...`, one process per read.
//               opensc-tool leaves the card powered (and verified!), which would spare its next
//               run the power-up the others pay, so the card is unpowered between runs, untimed.
// The time runs from "card present" (connect) to the attributes parsed in memory; unpowering
// the card afterwards is reported separately. Needs root (its own pcscd, see card_rig.hpp).
//
//   card_read_bench [--reads N]
#include <PCSC/winscard.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "drivers/card/my_number_card.hpp"
#include "drivers/card/pcsc.hpp"
#include "tests/integration/card/card_rig.hpp"

namespace {

using namespace madoguchi::card;
using Clock = std::chrono::steady_clock;

const char* const k_profile = R"(
[card]
name = "番号　𠮷子"
address = "東京都千代田区永田町１丁目７番１号"
birth_date = "19850401"
sex = "2"
pin = "1234"
)";
const char* const k_select = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08";
const char* const k_verify = "00 20 00 91 04 31 32 33 34";
const char* const k_read = "00 B0 82 00 00";

struct Figures {
    std::vector<double> read_ms;
    std::vector<double> unpower_ms;
    double apdus = 0;
};

double percentile(std::vector<double> values, double p) {
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// APDUs the simulator has answered so far, from its log.
std::size_t sim_apdus() {
    std::ifstream log(testing::PcscRig::instance().dir() / "sim.log");
    std::size_t count = 0;
    for (std::string line; std::getline(log, line);) {
        count += line.find(" ins ") != std::string::npos ? 1 : 0;
    }
    return count;
}

Figures bench_driver(int reads) {
    Figures figures;
    std::size_t apdus = 0;
    for (int i = 0; i < reads; ++i) {
        auto context = PcscContext::establish();
        const auto start = Clock::now();
        auto connection = context->connect(testing::k_reader);
        MyNumberCard card(*connection);
        if (!card.select() || card.verify_pin(*Pin::from_digits("1234"))->state != PinState::verified) {
            std::fprintf(stderr, "card_read: driver read failed\n");
            std::exit(1);
        }
        auto attributes = card.read_attributes();
        figures.read_ms.push_back(ms_since(start));
        if (!attributes) {
            std::fprintf(stderr, "card_read: %s\n", attributes.error().message.c_str());
            std::exit(1);
        }
        apdus += connection->apdu_count();
        const auto unpower = Clock::now();
        (void)connection->disconnect();
        figures.unpower_ms.push_back(ms_since(unpower));
    }
    figures.apdus = static_cast<double>(apdus) / reads;
    return figures;
}

std::vector<BYTE> hex_bytes(const char* text) {
    std::vector<BYTE> bytes;
    std::istringstream in(text);
    for (std::string pair; in >> pair;) {
        unsigned value = 0;
        std::from_chars(pair.data(), pair.data() + pair.size(), value, 16);
        bytes.push_back(static_cast<BYTE>(value));
    }
    return bytes;
}

Figures bench_raw(int reads) {
    Figures figures;
    const std::vector<std::vector<BYTE>> apdus{hex_bytes(k_select), hex_bytes(k_verify), hex_bytes(k_read)};
    SCARDCONTEXT context = 0;
    SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context);
    for (int i = 0; i < reads; ++i) {
        const auto start = Clock::now();
        SCARDHANDLE handle = 0;
        DWORD protocol = 0;
        if (SCardConnect(context, testing::k_reader, SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T1, &handle, &protocol) !=
            SCARD_S_SUCCESS) {
            std::fprintf(stderr, "card_read: raw connect failed\n");
            std::exit(1);
        }
        for (const auto& apdu : apdus) {
            BYTE response[258];
            DWORD size = sizeof response;
            SCardTransmit(handle, SCARD_PCI_T1, apdu.data(), static_cast<DWORD>(apdu.size()), nullptr, response, &size);
        }
        figures.read_ms.push_back(ms_since(start));
        const auto unpower = Clock::now();
        SCardDisconnect(handle, SCARD_UNPOWER_CARD);
        figures.unpower_ms.push_back(ms_since(unpower));
    }
    SCardReleaseContext(context);
    figures.apdus = static_cast<double>(apdus.size());
    return figures;
}

void unpower_card() {
    auto context = PcscContext::establish();
    if (context) {
        (void)context->connect(testing::k_reader);
    }
}

Figures bench_opensc_tool(int reads) {
    Figures figures;
    std::size_t apdus = 0;
    for (int i = 0; i < reads; ++i) {
        unpower_card();
        const std::size_t before = sim_apdus();
        const auto start = Clock::now();
        const pid_t pid = ::fork();
        if (pid == 0) {
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, STDOUT_FILENO);
            ::dup2(null, STDERR_FILENO);
            ::execlp("opensc-tool", "opensc-tool", "-c", "default", "-r", testing::k_reader, "-s", k_select, "-s",
                     k_verify, "-s", k_read, static_cast<char*>(nullptr));
            ::_exit(127);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        figures.read_ms.push_back(ms_since(start));
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            std::fprintf(stderr, "card_read: opensc-tool failed (is the opensc package installed?)\n");
            std::exit(1);
        }
        apdus += sim_apdus() - before;
    }
    figures.apdus = static_cast<double>(apdus) / reads;
    return figures;
}

void print(const char* name, const Figures& figures) {
    std::printf("%-28s %6.1f %9.1f %9.1f", name, figures.apdus, percentile(figures.read_ms, 0.50),
                percentile(figures.read_ms, 0.99));
    if (figures.unpower_ms.empty()) {
        std::printf(" %11s\n", "-");
    } else {
        std::printf(" %11.1f\n", percentile(figures.unpower_ms, 0.50));
    }
}

}  // namespace

int main(int argc, char** argv) {
    int reads = 100;
    if (argc == 3 && std::string_view(argv[1]) == "--reads") {
        std::from_chars(argv[2], argv[2] + std::string_view(argv[2]).size(), reads);
    } else if (argc != 1) {
        std::fprintf(stderr, "usage: card_read_bench [--reads N]\n");
        return 2;
    }
    try {
        testing::SimCard sim(k_profile);
        bench_driver(3);  // warm-up: first connections pay for pcscd's thread start-up
        const Figures driver = bench_driver(reads);
        const Figures raw = bench_raw(reads);
        const Figures opensc = bench_opensc_tool(reads);
        std::printf("card_read over pcscd + vpcd + mynacard-sim, %d reads each\n", reads);
        std::printf("%-28s %6s %9s %9s %11s\n", "", "APDUs", "p50 ms", "p99 ms", "unpower ms");
        print("madoguchi driver", driver);
        print("raw PC/SC, same APDUs", raw);
        print("opensc-tool, same APDUs", opensc);
        std::printf("driver / opensc-tool (p50): %.2fx   driver / raw PC/SC (p50): %.2fx\n",
                    percentile(driver.read_ms, 0.5) / percentile(opensc.read_ms, 0.5),
                    percentile(driver.read_ms, 0.5) / percentile(raw.read_ms, 0.5));
    } catch (const std::exception& error) {
        std::fprintf(stderr, "card_read: %s\n", error.what());
        return 1;
    }
    return 0;
}
