#include "card_rig.hpp"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "drivers/card/pcsc.hpp"

namespace madoguchi::card::testing {
namespace {

constexpr const char* k_vpcd_driver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
constexpr auto k_poll = std::chrono::milliseconds(20);
// pcscd powers a new card down after a grace period (400 ms, polled every 400 ms). A card used
// before that and then pulled is never seen again by pcscd 1.9.9 + vpcd 3.3 (reader stays
// empty), so each test starts with a card that has settled. Real readers are not the concern
// here; the removal tests are.
constexpr auto k_settle = std::chrono::milliseconds(900);

[[noreturn]] void fail_setup(const std::string& what) {
    throw std::runtime_error("card test rig: " + what + (errno != 0 ? std::string(": ") + std::strerror(errno) : ""));
}

void bring_up_loopback() {
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
        fail_setup("socket");
    }
    ifreq request{};
    std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
    if (::ioctl(fd, SIOCGIFFLAGS, &request) != 0) {
        ::close(fd);
        fail_setup("SIOCGIFFLAGS lo");
    }
    request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP);
    if (::ioctl(fd, SIOCSIFFLAGS, &request) != 0) {
        ::close(fd);
        fail_setup("SIOCSIFFLAGS lo");
    }
    ::close(fd);
}

// fork + exec with the child tied to our life: if the test dies, so do pcscd and the sim.
pid_t spawn(const std::vector<std::string>& argv, const std::filesystem::path& log) {
    std::vector<char*> args;
    for (const std::string& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
        fail_setup("fork");
    }
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (out >= 0) {
            ::dup2(out, STDOUT_FILENO);
            ::dup2(out, STDERR_FILENO);
        }
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    return pid;
}

void stop(pid_t pid) {
    if (pid <= 0) {
        return;
    }
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
}

bool reader_listed() {
    auto context = PcscContext::establish();
    if (!context) {
        return false;
    }
    auto readers = context->readers();
    if (!readers) {
        return false;
    }
    for (const std::string& name : *readers) {
        if (name == k_reader) {
            return true;
        }
    }
    return false;
}

}  // namespace

PcscRig& PcscRig::instance() {
    static PcscRig rig;
    return rig;
}

PcscRig::PcscRig() {
    errno = 0;
    if (::geteuid() != 0) {
        fail_setup("needs root for its own mount and network namespace (CI runs as root)");
    }
    if (!std::filesystem::exists(k_vpcd_driver)) {
        fail_setup(std::string(k_vpcd_driver) + " is missing: apt-get install vsmartcard-vpcd");
    }
    if (::unshare(CLONE_NEWNS | CLONE_NEWNET) != 0) {
        fail_setup("unshare(CLONE_NEWNS | CLONE_NEWNET)");
    }
    // Private propagation first, or the tmpfs below would appear in the host's /run too.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        fail_setup("making / private");
    }
    bring_up_loopback();
    if (::mkdir("/run/pcscd", 0755) != 0 && errno != EEXIST) {
        fail_setup("mkdir /run/pcscd");
    }
    if (::mount("tmpfs", "/run/pcscd", "tmpfs", 0, "mode=0755") != 0) {
        fail_setup("mounting a tmpfs on /run/pcscd");
    }
    errno = 0;

    char pattern[] = "/tmp/madoguchi-card-rig-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) {
        fail_setup("mkdtemp");
    }
    m_dir = pattern;
    std::filesystem::create_directory(m_dir / "conf");
    {
        std::ofstream conf(m_dir / "conf" / "reader.conf");
        char port[8];
        std::snprintf(port, sizeof port, "0x%04X", m_port);
        conf << "FRIENDLYNAME \"Virtual PCD\"\n"
             << "DEVICENAME   /dev/null:" << port << "\n"
             << "LIBPATH      " << k_vpcd_driver << "\n"
             << "CHANNELID    " << port << "\n";
    }
    m_pcscd = spawn({"pcscd", "-f", "-c", (m_dir / "conf" / "reader.conf").string()}, m_dir / "pcscd.log");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!reader_listed()) {
        int status = 0;
        if (::waitpid(m_pcscd, &status, WNOHANG) == m_pcscd) {
            m_pcscd = -1;
            fail_setup("pcscd exited at start; see " + (m_dir / "pcscd.log").string());
        }
        if (std::chrono::steady_clock::now() > deadline) {
            fail_setup("pcscd did not list " + std::string(k_reader) + " within 10 s");
        }
        std::this_thread::sleep_for(k_poll);
    }
}

PcscRig::~PcscRig() {
    stop(m_pcscd);
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
}

bool wait_for_card(bool present, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto context = PcscContext::establish();
        if (context) {
            auto state = context->card_present(k_reader);
            if (state && *state == present) {
                return true;
            }
        }
        std::this_thread::sleep_for(k_poll);
    }
    return false;
}

bool wait_for_settled_card() {
    if (!wait_for_card(true)) {
        return false;
    }
    std::this_thread::sleep_for(k_settle);
    return true;
}

SimCard::SimCard(const std::string& profile_toml, SimOptions options) {
    PcscRig& rig = PcscRig::instance();
    static int count = 0;
    const auto profile = rig.dir() / ("profile-" + std::to_string(++count) + ".toml");
    std::ofstream(profile) << profile_toml;
    std::vector<std::string> argv{MYNACARD_SIM, "--profile", profile.string(),           "--host",
                                  "127.0.0.1",  "--port",    std::to_string(rig.port()), "--verbose"};
    if (options.remove_after) {
        argv.insert(argv.end(), {"--remove-after", std::to_string(*options.remove_after)});
    }
    if (options.reinsert_after_ms) {
        argv.insert(argv.end(), {"--reinsert-after-ms", std::to_string(*options.reinsert_after_ms)});
    }
    m_pid = spawn(argv, rig.dir() / "sim.log");
    if (!wait_for_settled_card()) {
        pull();
        throw std::runtime_error("card test rig: the virtual card did not appear in " + std::string(k_reader));
    }
}

void SimCard::pull() {
    stop(m_pid);
    m_pid = -1;
    wait_for_card(false);
}

SimCard::~SimCard() {
    if (m_pid > 0) {
        pull();
    }
}

}  // namespace madoguchi::card::testing
