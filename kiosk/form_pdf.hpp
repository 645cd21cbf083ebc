#pragma once
// Filled forms drawn on A4 as the ward's paper forms look: title, addressee, one boxed row per
// field (label left, value right), ticked options shown as ■ among □, signature and seal boxes
// left empty, the notes at the foot. Each form starts on a new page.
#include <cstddef>
#include <filesystem>
#include <span>

#include "drivers/printer/a4_document.hpp"
#include "error.hpp"
#include "form_fill.hpp"

namespace madoguchi {

struct FormsPdfReport {
    std::size_t pages = 0;
    std::size_t missing_characters = 0;  // printed as 〓; each form's count is logged, not the text
};

Result<FormsPdfReport, printer::A4Error> write_forms_pdf(std::span<const FilledForm> forms,
                                                         const std::filesystem::path& pdf,
                                                         const printer::A4Fonts& fonts);
// The same PDF kept in memory (wiped when freed), for printing without a copy on disk.
Result<FormsPdfReport, printer::A4Error> write_forms_pdf(std::span<const FilledForm> forms, card::SecureBytes& pdf,
                                                         const printer::A4Fonts& fonts);

}  // namespace madoguchi
