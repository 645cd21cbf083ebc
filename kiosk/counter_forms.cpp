#include "counter_forms.hpp"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "application_payload.hpp"
#include "drivers/card/my_number_data.hpp"
#include "forms_printer.hpp"
#include "japanese_date.hpp"
#include "log.hpp"

namespace madoguchi {
namespace {

FormsNotice qr_notice(TicketQrError error) {
    switch (error) {
        case TicketQrError::unreadable: return FormsNotice::unreadable;
        case TicketQrError::offline: return FormsNotice::offline;
        case TicketQrError::other_site: return FormsNotice::other_site;
        case TicketQrError::unknown_key: return FormsNotice::unknown_key;
        case TicketQrError::forged: return FormsNotice::forged;
    }
    return FormsNotice::unreadable;
}

FormsNotice application_notice(ApplicationError error) {
    switch (error) {
        case ApplicationError::key:
        case ApplicationError::sealed: return FormsNotice::sealed;
        case ApplicationError::malformed:
        case ApplicationError::form:
        case ApplicationError::storage: return FormsNotice::unusable;
    }
    return FormsNotice::unusable;
}

FormsNotice refusal_notice(int status) {
    switch (status) {
        case 401: return FormsNotice::not_logged_in;
        case 404: return FormsNotice::no_application;
        default: return FormsNotice::server_fault;
    }
}

}  // namespace

CounterForms::CounterForms(CounterDesk& desk, CounterFormsSettings settings)
    : m_desk(desk),
      m_site(std::move(settings.site)),
      m_key(new SecretKey(settings.application_key),
            [](SecretKey* key) {
                OPENSSL_cleanse(key->data(), key->size());
                delete key;
            }),
      m_definitions(std::move(settings.definitions)),
      m_a4_destination(std::move(settings.a4_destination)) {
    OPENSSL_cleanse(settings.application_key.data(), settings.application_key.size());
}

CounterForms::~CounterForms() { close(); }

void CounterForms::open_scanned(std::string_view url) {
    if (m_busy) {
        return;
    }
    close();
    auto qr = parse_ticket_qr(url);
    if (!qr) {
        m_notice = qr_notice(qr.error().code);
        log::warn("counter_scan_refused", {{"detail", qr.error().message}});
        return;
    }
    if (m_desk.stage() != CounterStage::working) {
        m_notice = FormsNotice::not_logged_in;
        return;
    }
    // Checked here, before the worker is asked for anything about this ticket. A key this
    // terminal has not seen sends it to read the server's keys again first (a key may be new).
    std::vector<SiteKey> keys = m_keys;
    if (!keys.empty()) {
        if (auto verified = verify_ticket_qr(*qr, m_site, keys); !verified) {
            if (verified.error().code != TicketQrError::unknown_key) {
                m_notice = qr_notice(verified.error().code);
                log::warn("counter_scan_refused", {{"ticket", qr->ticket_id}, {"detail", verified.error().message}});
                return;
            }
            keys.clear();
        }
    }
    m_busy = true;
    const unsigned opening = ++*m_opening;
    m_desk.with_session([qr = *qr, keys = std::move(keys), site = m_site, key = m_key, definitions = m_definitions,
                         self = std::weak_ptr(m_opening), opening, this](ServerClient* client) mutable -> MainQueue::Task {
        const auto answer = [&](FormsNotice notice, Forms forms = {}) -> MainQueue::Task {
            return [self, opening, this, ticket = qr.ticket_id, notice, forms, keys] {
                if (auto current = self.lock(); current && *current == opening) {
                    opened(ticket, notice, forms, keys);
                }
            };
        };
        if (client == nullptr) {
            return answer(FormsNotice::server_away);
        }
        if (keys.empty()) {
            auto reply = client->ask("GET", "/api/v1/keys", {}, "");
            if (!reply) {
                return answer(FormsNotice::server_away);
            }
            keys = parse_site_keys(reply->body);
            if (auto verified = verify_ticket_qr(qr, site, keys); !verified) {
                log::warn("counter_scan_refused", {{"ticket", qr.ticket_id}, {"detail", verified.error().message}});
                return answer(qr_notice(verified.error().code));
            }
        }
        auto reply = client->ask("GET", "/api/v1/tickets/" + qr.ticket_id + "/application", {}, "");
        if (!reply) {
            return answer(FormsNotice::server_away);
        }
        if (reply->status != 200) {
            return answer(refusal_notice(reply->status));
        }
        auto application = nlohmann::json::parse(reply->body, nullptr, false);
        card::wipe_string(reply->body);
        if (!application.is_object() || !application.contains("payload") || !application["payload"].is_string()) {
            return answer(FormsNotice::server_fault);
        }
        auto filled = open_application(application["payload"].get_ref<const std::string&>(), qr.ticket_id,
                                       *definitions, *key, local_today());
        if (!filled) {
            return answer(application_notice(filled.error().code));
        }
        return answer(FormsNotice::none, std::make_shared<std::vector<FilledForm>>(std::move(*filled)));
    });
}

void CounterForms::opened(const std::string& ticket_id, FormsNotice notice, Forms forms, std::vector<SiteKey> keys) {
    m_busy = false;
    m_notice = notice;
    if (!keys.empty()) {
        m_keys = std::move(keys);
    }
    if (forms) {
        log::info("counter_application_opened", {{"ticket", ticket_id}, {"forms", std::to_string(forms->size())}});
        m_forms = std::move(forms);
        m_review = review_of(*m_forms);
        m_ticket_id = ticket_id;
    }
}

void CounterForms::print() {
    if (m_busy || !m_forms) {
        return;
    }
    m_busy = true;
    m_notice = FormsNotice::none;
    const unsigned opening = *m_opening;
    m_desk.with_session([forms = m_forms, destination = m_a4_destination, self = std::weak_ptr(m_opening),
                         opening, this](ServerClient*) -> MainQueue::Task {
        FormsNotice notice = FormsNotice::printed;
        if (auto job = print_forms(*forms, destination); !job) {
            log::warn("counter_forms_print_failed", {{"detail", job.error().message}});
            notice = job.error().code == FormsPrintError::no_printer ? FormsNotice::no_printer
                                                                     : FormsNotice::print_failed;
        }
        return [self, opening, this, notice] {
            if (auto current = self.lock(); current && *current == opening) {
                m_busy = false;
                m_notice = notice;
            }
        };
    });
}

void CounterForms::close() {
    ++*m_opening;
    m_busy = false;
    m_notice = FormsNotice::none;
    m_ticket_id.clear();
    m_review.clear();
    m_forms.reset();
}

std::vector<const FormDefinition*> CounterForms::forms() const {
    std::vector<const FormDefinition*> forms;
    if (m_forms) {
        for (const FilledForm& form : *m_forms) {
            forms.push_back(form.form);
        }
    }
    return forms;
}

}  // namespace madoguchi
