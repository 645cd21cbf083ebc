#pragma once
// The real madoguchi-server for benchmarks: its own PKI, configuration and database in a
// directory, on a loopback port the system chose, stopped with SIGTERM.
#include <httplib.h>
#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace madoguchi::bench {

struct Terminal {
    std::string role;  // kiosk, counter, floor, display
    std::string name;
};

class Server {
public:
    // Issues a certificate for each terminal; the staff member "load-staff" (password
    // "load-password") may log in on counters. Throws std::runtime_error when it cannot start.
    Server(const std::filesystem::path& dir, const std::string& storage_url, int workers,
           const std::vector<Terminal>& terminals);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // A keep-alive client presenting the named terminal's certificate.
    std::unique_ptr<httplib::SSLClient> client(const std::string& terminal) const;
    int port() const { return m_port; }
    std::filesystem::path ca_certificate() const { return m_dir / "pki" / "ca.crt"; }
    std::filesystem::path certificate(const std::string& terminal) const;
    std::filesystem::path key(const std::string& terminal) const;

private:
    void start(const std::string& binary);

    std::filesystem::path m_dir;
    pid_t m_pid = -1;
    int m_port = 0;
};

// Runs `measure` in a fresh temporary directory (with a "server" folder for Server) and removes
// it afterwards; an exception is reported under `program`'s name. Returns what `measure` does,
// 1 when it threw or no directory could be made.
int in_scratch_directory(const char* program, const std::function<int(const std::filesystem::path&)>& measure);

}  // namespace madoguchi::bench
