#include "forms_printer.hpp"

#include <memory>

#include "drivers/printer/a4_print.hpp"
#include "form_pdf.hpp"
#include "log.hpp"

namespace madoguchi {

Result<int, FormsPrintError> print_forms(std::span<const FilledForm> forms, std::string_view destination) {
    card::SecureBytes pdf;
    if (auto drawn = write_forms_pdf(forms, pdf, printer::A4Fonts{}); !drawn) {
        return fail(FormsPrintError::drawing, drawn.error().message);
    }
    auto job = printer::print_pdf(destination, pdf, "madoguchi forms");
    if (!job) {
        return fail(job.error().code == printer::A4PrintError::no_destination ? FormsPrintError::no_printer
                                                                               : FormsPrintError::rejected,
                    job.error().message);
    }
    return *job;
}

FormsPrinter::FormsPrinter(MainQueue& queue, std::string destination, Deliver deliver)
    : m_destination(std::move(destination)), m_deliver(std::move(deliver)), m_worker(queue) {}

void FormsPrinter::print(std::uint64_t request, std::vector<FilledForm> forms) {
    // A Job must be copyable; the forms are moved, never copied, into the one it holds.
    auto held = std::make_shared<std::vector<FilledForm>>(std::move(forms));
    m_worker.submit([held = std::move(held), request, destination = m_destination,
                     deliver = m_deliver]() mutable -> MainQueue::Task {
        auto job = print_forms(*held, destination);
        // Wiped now, not whenever the job itself is dropped.
        held.reset();
        if (job) {
            log::info("kiosk_forms_printed", {{"job", std::to_string(*job)}});
        } else {
            log::warn("kiosk_forms_print_failed", {{"detail", job.error().message}});
        }
        return [deliver, update = FormsPrintUpdate{request, job.has_value()}] { deliver(update); };
    });
}

}  // namespace madoguchi
