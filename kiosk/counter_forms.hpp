#pragma once
// The citizen's forms at the counter. A USB barcode scanner types the ticket's QR (the status
// URL) like a keyboard; its signature is checked against the site's key before anything about
// the ticket is asked of the server (the only request before it is GET /api/v1/keys, which
// names no ticket). Then the application is fetched with the staff session (the server audits
// each read), opened with the site's application key, listed, and printed on A4 through CUPS
// from memory. What it holds is personal data: close() drops it, and the filled values wipe
// themselves with OPENSSL_cleanse; the terminal closes it when the ticket is finished or
// transferred and at log-out.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "counter_desk.hpp"
#include "form_definition.hpp"
#include "form_fill.hpp"
#include "forms_flow.hpp"
#include "sealed_box.hpp"
#include "ticket_qr.hpp"

namespace madoguchi {

struct CounterFormsSettings {
    std::string site;
    SecretKey application_key{};
    std::shared_ptr<const std::vector<FormDefinition>> definitions;
    std::string a4_destination;  // empty: CUPS's default printer
};

class CounterForms {
public:
    // Longest scan kept; a status URL is about 200 characters.
    static constexpr std::size_t k_max_scan = 512;

    // The key in `settings` is wiped once taken.
    CounterForms(CounterDesk& desk, CounterFormsSettings settings);
    ~CounterForms();
    CounterForms(const CounterForms&) = delete;
    CounterForms& operator=(const CounterForms&) = delete;

    void open_scanned(std::string_view url);
    void print();
    // Drops the open application; its values wipe themselves.
    void close();

    bool busy() const { return m_busy; }
    FormsNotice notice() const { return m_notice; }
    // The ticket whose application is open, empty when none is.
    const std::string& ticket_id() const { return m_ticket_id; }
    std::vector<const FormDefinition*> forms() const;
    // Every field of the open forms as printed, for staff to read with the citizen.
    std::span<const ReviewForm> review() const { return m_review; }
    bool holds_personal_data() const { return m_forms != nullptr; }

private:
    using Forms = std::shared_ptr<std::vector<FilledForm>>;
    void opened(const std::string& ticket_id, FormsNotice notice, Forms forms, std::vector<SiteKey> keys);

    CounterDesk& m_desk;
    std::string m_site;
    std::shared_ptr<const SecretKey> m_key;  // wiped when the last holder lets go
    std::shared_ptr<const std::vector<FormDefinition>> m_definitions;
    std::string m_a4_destination;
    std::vector<SiteKey> m_keys;  // the server's site keys, fetched at the first scan
    bool m_busy = false;
    FormsNotice m_notice = FormsNotice::none;
    std::string m_ticket_id;
    Forms m_forms;
    std::vector<ReviewForm> m_review;  // its values wipe themselves when dropped
    // Answers find this through it, so one delivered after close() or destruction does nothing.
    std::shared_ptr<unsigned> m_opening = std::make_shared<unsigned>(0);
};

}  // namespace madoguchi
