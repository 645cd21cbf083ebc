#include "a4_print.hpp"

#include <cups/cups.h>

#include <memory>

namespace madoguchi::printer {
namespace {

// One connection to the scheduler per call: libcups' shared default connection outlives a
// change of server and keeps reporting a scheduler that went away.
struct Scheduler {
    http_t* http = nullptr;

    Scheduler() : http(httpConnect2(cupsServer(), ippPort(), nullptr, AF_UNSPEC, cupsEncryption(), 1, 5000, nullptr)) {}
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;
    ~Scheduler() {
        if (http != nullptr) {
            httpClose(http);
        }
    }
};

struct Destinations {
    cups_dest_t* list = nullptr;
    int count = 0;

    explicit Destinations(http_t* http) {
        if (http != nullptr) {
            count = cupsGetDests2(http, &list);
        }
    }
    Destinations(const Destinations&) = delete;
    Destinations& operator=(const Destinations&) = delete;
    ~Destinations() { cupsFreeDests(count, list); }
};

// The chosen queue of `destinations`, or why there is none.
Result<const cups_dest_t*, A4PrintError> choose(const Scheduler& scheduler, const Destinations& destinations,
                                                const std::string& name) {
    if (scheduler.http == nullptr) {
        return fail(A4PrintError::no_destination, std::string("CUPS has no printer: cannot reach the scheduler at ") +
                                                      cupsServer() + " (is cupsd running?)");
    }
    const cups_dest_t* chosen =
        cupsGetDest(name.empty() ? nullptr : name.c_str(), nullptr, destinations.count, destinations.list);
    if (chosen != nullptr) {
        return chosen;
    }
    if (destinations.count == 0) {
        return fail(A4PrintError::no_destination,
                    "CUPS has no printer: no queue has been added (lpadmin -p NAME -E -v URI …)");
    }
    std::string known;
    for (int i = 0; i < destinations.count; ++i) {
        known += std::string(known.empty() ? "" : ", ") + destinations.list[i].name;
    }
    return fail(A4PrintError::no_destination, (name.empty() ? std::string("CUPS has printers but no default")
                                                            : "CUPS has no printer named \"" + name + "\"") +
                                                  " (it has " + known + ")");
}

}  // namespace

Result<std::string, A4PrintError> a4_destination(std::string_view destination) {
    const Scheduler scheduler;
    const Destinations destinations(scheduler.http);
    auto chosen = choose(scheduler, destinations, std::string(destination));
    if (!chosen) {
        return std::unexpected(chosen.error());
    }
    return std::string((*chosen)->name);
}

Result<int, A4PrintError> print_pdf(std::string_view destination, const std::filesystem::path& pdf,
                                    std::string_view job_title) {
    const Scheduler scheduler;
    const Destinations destinations(scheduler.http);
    auto chosen = choose(scheduler, destinations, std::string(destination));
    if (!chosen) {
        return std::unexpected(chosen.error());
    }
    const std::string title(job_title);
    const int job = cupsPrintFile2(scheduler.http, (*chosen)->name, pdf.c_str(), title.c_str(), (*chosen)->num_options,
                                   (*chosen)->options);
    if (job == 0) {
        return fail(A4PrintError::rejected, std::string("CUPS refused the job: ") + cupsLastErrorString());
    }
    return job;
}

Result<int, A4PrintError> print_pdf(std::string_view destination, std::span<const std::uint8_t> pdf,
                                    std::string_view job_title) {
    const Scheduler scheduler;
    const Destinations destinations(scheduler.http);
    auto chosen = choose(scheduler, destinations, std::string(destination));
    if (!chosen) {
        return std::unexpected(chosen.error());
    }
    const std::string title(job_title);
    const int job =
        cupsCreateJob(scheduler.http, (*chosen)->name, title.c_str(), (*chosen)->num_options, (*chosen)->options);
    if (job == 0) {
        return fail(A4PrintError::rejected, std::string("CUPS refused the job: ") + cupsLastErrorString());
    }
    const bool sent = cupsStartDocument(scheduler.http, (*chosen)->name, job, title.c_str(), CUPS_FORMAT_PDF, 1) ==
                          HTTP_STATUS_CONTINUE &&
                      cupsWriteRequestData(scheduler.http, reinterpret_cast<const char*>(pdf.data()), pdf.size()) ==
                          HTTP_STATUS_CONTINUE &&
                      cupsFinishDocument(scheduler.http, (*chosen)->name) == IPP_STATUS_OK;
    if (!sent) {
        cupsCancelJob2(scheduler.http, (*chosen)->name, job, 0);
        return fail(A4PrintError::rejected, std::string("CUPS did not take the document: ") + cupsLastErrorString());
    }
    return job;
}

}  // namespace madoguchi::printer
