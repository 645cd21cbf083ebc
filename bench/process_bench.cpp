// Measures a whole process from outside, so that the kiosk and its baseline are measured the
// same way in the same run:
//   process_bench startup RUNS -- COMMAND...   wall time to exit (median, max) and peak RSS
//   process_bench idle WARMUP SECONDS -- COMMAND...
//                                              CPU used while it sits, as % of one core
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

pid_t spawn(char** command) {
    const pid_t pid = fork();
    if (pid == 0) {
        // The kiosk logs to stderr; keep the figures readable.
        std::freopen("/dev/null", "w", stderr);
        execvp(command[0], command);
        _exit(127);
    }
    return pid;
}

// utime + stime of a running process, in seconds.
double cpu_seconds(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string field;
    unsigned long long utime = 0;
    unsigned long long stime = 0;
    for (int index = 3; fields >> field; ++index) {
        if (index == 14) {
            utime = std::stoull(field);
        } else if (index == 15) {
            stime = std::stoull(field);
            break;
        }
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

int startup(int runs, char** command) {
    std::vector<double> walls;
    long peak_kib = 0;
    for (int run = 0; run < runs; ++run) {
        const auto begin = Clock::now();
        const pid_t pid = spawn(command);
        int status = 0;
        rusage usage{};
        wait4(pid, &status, 0, &usage);
        walls.push_back(std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
        peak_kib = std::max(peak_kib, usage.ru_maxrss);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            std::fprintf(stderr, "process_bench: %s failed\n", command[0]);
            return 1;
        }
    }
    std::sort(walls.begin(), walls.end());
    std::printf("start_to_exit_ms_median=%.0f start_to_exit_ms_max=%.0f peak_rss_mb=%.1f runs=%d\n",
                walls[walls.size() / 2], walls.back(), static_cast<double>(peak_kib) / 1024.0, runs);
    return 0;
}

int idle(double warmup, double seconds, char** command) {
    const pid_t pid = spawn(command);
    std::this_thread::sleep_for(std::chrono::duration<double>(warmup));
    const double cpu_before = cpu_seconds(pid);
    const auto begin = Clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    const double cpu_after = cpu_seconds(pid);
    const double wall = std::chrono::duration<double>(Clock::now() - begin).count();
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    std::printf("idle_cpu_percent_of_one_core=%.2f over_seconds=%.1f\n", 100.0 * (cpu_after - cpu_before) / wall, wall);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const auto separator = std::find_if(argv, argv + argc, [](const char* arg) { return std::string(arg) == "--"; });
    if (argc < 4 || separator == argv + argc || separator + 1 == argv + argc) {
        std::fprintf(stderr, "usage: process_bench startup RUNS -- CMD... | idle WARMUP SECONDS -- CMD...\n");
        return 2;
    }
    char** command = separator + 1;
    const std::string mode = argv[1];
    if (mode == "startup") {
        return startup(std::atoi(argv[2]), command);
    }
    if (mode == "idle" && argc > 4) {
        return idle(std::atof(argv[2]), std::atof(argv[3]), command);
    }
    std::fprintf(stderr, "process_bench: unknown mode %s\n", mode.c_str());
    return 2;
}
