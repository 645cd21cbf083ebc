#pragma once
// Filled forms on an A4 printer through CUPS: drawn in wiped memory and streamed to the
// scheduler, so no file holds them. print_forms serves the counter (CounterForms) and the
// kiosk's FormsPrinter, which runs it on a worker thread of its own.
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "error.hpp"
#include "forms_print_port.hpp"
#include "main_queue.hpp"

namespace madoguchi {

enum class FormsPrintError {
    drawing,     // the PDF could not be made (fonts missing)
    no_printer,  // CUPS has no such queue, or cannot be reached
    rejected,    // CUPS refused the job
};

// `destination` is a CUPS queue, empty for CUPS's default. Returns the CUPS job id.
Result<int, FormsPrintError> print_forms(std::span<const FilledForm> forms, std::string_view destination);

class FormsPrinter final : public FormsPrintPort {
public:
    using Deliver = std::function<void(FormsPrintUpdate)>;

    // `deliver` runs on the UI thread.
    FormsPrinter(MainQueue& queue, std::string destination, Deliver deliver);
    FormsPrinter(const FormsPrinter&) = delete;
    FormsPrinter& operator=(const FormsPrinter&) = delete;

    void print(std::uint64_t request, std::vector<FilledForm> forms) override;

private:
    std::string m_destination;
    Deliver m_deliver;
    Worker m_worker;  // last: its thread stops before the rest goes
};

}  // namespace madoguchi
