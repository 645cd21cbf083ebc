#pragma once
// What the session asks of the kiosk's A4 printer once the application is filed: the filled
// forms printed for the citizen to sign at the counter. The session only asks; FormsPrinter
// (forms_printer.hpp) draws and sends them on a worker thread and delivers a FormsPrintUpdate on
// the UI thread.
#include <cstdint>
#include <vector>

#include "form_fill.hpp"

namespace madoguchi {

class FormsPrintPort {
public:
    virtual ~FormsPrintPort() = default;
    // `request` comes back in the update, so that an answer meant for an earlier session is told
    // apart. The forms become the printer's: they wipe themselves when its job ends.
    virtual void print(std::uint64_t request, std::vector<FilledForm> forms) = 0;
};

struct FormsPrintUpdate {
    std::uint64_t request = 0;
    bool printed = false;  // false: no such queue, CUPS away or refusing; the counter prints them
};

}  // namespace madoguchi
