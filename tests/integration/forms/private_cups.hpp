#pragma once
// A cupsd of the test's own: its own configuration, spool and socket under a temp directory,
// and one raw queue whose backend copies each job to a file, so a test can compare what CUPS
// was given with what reached the "printer". It never touches a system cupsd. Needs root.
#include <cups/cups.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

namespace madoguchi::testing {

class PrivateCups {
public:
    explicit PrivateCups(const std::filesystem::path& dir, bool with_queue = true) : m_dir(dir) {
        namespace fs = std::filesystem;
        for (const char* sub : {"etc/ppd", "spool", "tmp", "cache", "state", "log", "out", "lib/backend"}) {
            fs::create_directories(m_dir / sub);
        }
        fs::permissions(m_dir / "tmp", fs::perms::all);
        for (const char* sub : {"daemon", "notifier", "filter"}) {
            if (fs::exists(fs::path("/usr/lib/cups") / sub)) {
                fs::create_directory_symlink(fs::path("/usr/lib/cups") / sub, m_dir / "lib" / sub);
            }
        }
        std::ofstream(m_dir / "lib/backend/capture")
            << "#!/bin/sh\n"
               "if [ $# -eq 0 ]; then echo 'direct capture \"Unknown\" \"Test capture\"'; exit 0; fi\n"
               "out=\"${DEVICE_URI#capture:}\"\n"
               "if [ -n \"$6\" ]; then cat \"$6\" > \"$out.part\"; else cat > \"$out.part\"; fi\n"
               "mv \"$out.part\" \"$out\"\n";
        // 0700: CUPS runs a backend only its owner can run as that owner (root), not as lp.
        fs::permissions(m_dir / "lib/backend/capture", fs::perms::owner_all);
        std::ofstream(m_dir / "etc/cupsd.conf") << "Listen " << socket().string()
                                                << "\nLogLevel warn\n<Location />\n  Order allow,deny\n  Allow all\n"
                                                   "</Location>\n<Location /admin>\n  Order allow,deny\n  Allow all\n"
                                                   "</Location>\n";
        std::ofstream(m_dir / "etc/cups-files.conf")
            << "ServerRoot " << (m_dir / "etc").string() << "\nServerBin " << (m_dir / "lib").string()
            << "\nRequestRoot " << (m_dir / "spool").string() << "\nTempDir " << (m_dir / "tmp").string()
            << "\nCacheDir " << (m_dir / "cache").string() << "\nStateDir " << (m_dir / "state").string()
            << "\nErrorLog " << (m_dir / "log/error_log").string() << "\nAccessLog "
            << (m_dir / "log/access_log").string() << "\nPageLog " << (m_dir / "log/page_log").string() << "\n";
        m_pid = ::fork();
        if (m_pid == 0) {
            const std::string conf = (m_dir / "etc/cupsd.conf").string();
            const std::string files = (m_dir / "etc/cups-files.conf").string();
            ::execl("/usr/sbin/cupsd", "cupsd", "-f", "-c", conf.c_str(), "-s", files.c_str(), nullptr);
            ::_exit(127);
        }
        for (int i = 0; i < 100 && !std::filesystem::exists(socket()); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (!std::filesystem::exists(socket())) {
            throw std::runtime_error("the private cupsd did not start (is cups-daemon installed? root?)");
        }
        // libcups remembers the server per thread: tell it, as well as the lpadmin child.
        ::setenv("CUPS_SERVER", socket().c_str(), 1);
        cupsSetServer(socket().c_str());
        const std::string add = "lpadmin -p A4 -E -v capture:" + output().string() + " -m raw 2>/dev/null";
        if (with_queue && std::system(add.c_str()) != 0) {
            throw std::runtime_error("lpadmin could not add the test queue");
        }
    }

    PrivateCups(const PrivateCups&) = delete;
    PrivateCups& operator=(const PrivateCups&) = delete;

    ~PrivateCups() {
        ::unsetenv("CUPS_SERVER");
        cupsSetServer(nullptr);
        if (m_pid > 0) {
            ::kill(m_pid, SIGTERM);
            ::waitpid(m_pid, nullptr, 0);
        }
    }

    std::filesystem::path socket() const { return m_dir / "cups.sock"; }
    // Where the queue "A4" puts each job it prints, once it has all of it.
    std::filesystem::path output() const { return m_dir / "out/job.pdf"; }

    bool wait_for_output() const {
        for (int i = 0; i < 200 && !std::filesystem::exists(output()); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return std::filesystem::exists(output());
    }

private:
    std::filesystem::path m_dir;
    pid_t m_pid = -1;
};

}  // namespace madoguchi::testing
