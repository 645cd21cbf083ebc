#pragma once
// Applications a kiosk prepared for the counter: an encrypted payload (the kiosk encrypts, the
// counter decrypts; the server stores ciphertext only) plus metadata, linked to a ticket. Kept
// until the ticket ends plus the retention period; every read is audited.
#include <cstdint>
#include <functional>
#include <string>

#include "server/repository.hpp"

namespace madoguchi::server {

struct Application {
    std::string id;
    std::string ticket_id;
    std::string site;
    std::string form;
    std::string payload;   // base64url ciphertext
    std::string metadata;  // a JSON object, no personal data
    std::int64_t created_at_ms = 0;
};

class ApplicationStore {
public:
    explicit ApplicationStore(Database& database) : m_database(database) {}

    // Stores an application for a ticket of `application.site` that has not ended.
    Stored<Application> add(const Application& application, TimePoint now);
    // The same under an idempotency key (keyed_transaction).
    Stored<Keyed<Application>> add(const Application& application, TimePoint now, const KeyClaim& claim,
                                   const std::function<StoredResponse(const Application&)>& respond);
    // The newest application of the ticket at `site`, with an audit entry for `actor` written in
    // the same transaction: no read without its record.
    Stored<Application> read_for_counter(const std::string& ticket_id, const std::string& site,
                                         const std::string& actor, TimePoint now);
    // Stores (or replaces) the JPEG photo of an application of `site`.
    Stored<void> attach_photo(const std::string& application_id, const std::string& site, const std::string& jpeg,
                              TimePoint now);
    // The photo of an application of `site`, audited like an application read.
    Stored<std::string> read_photo_for_counter(const std::string& application_id, const std::string& site,
                                               const std::string& actor, TimePoint now);
    // Deletes the applications (and their photos) of tickets that ended before `cutoff`; returns
    // how many applications.
    Stored<std::int64_t> purge(TimePoint cutoff);

private:
    Database& m_database;
};

}  // namespace madoguchi::server
