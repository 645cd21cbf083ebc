// Issue 6 on a kiosk with an A4 printer: a citizen's session confirms the forms, the real ticket
// desk issues the ticket on the real server and prints it, the application is filed in the
// outbox, and the filled forms reach a private cupsd's queue from memory, as the citizen's copy to
// sign at the counter. A queue that does not exist, or no scheduler at all, is told on screen and
// loses nothing. The card's answers are played to the session as the card service would deliver
// them (the card flow against pcscd is tests/integration/card).
#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <array>
#include <fstream>
#include <thread>

#include "kiosk/application_desk.hpp"
#include "kiosk/config.hpp"
#include "kiosk/forms_printer.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/outbox.hpp"
#include "kiosk/session.hpp"
#include "kiosk/ticket_parts.hpp"
#include "kiosk/ticket_service.hpp"
#include "tests/integration/forms/private_cups.hpp"
#include "tests/server/support.hpp"
#include "tests/support/pdf_text.hpp"

using namespace madoguchi;
using madoguchi::server::test::Backend;
using madoguchi::server::test::ServerProcess;
using madoguchi::server::test::TempDir;

namespace {

// The session's reader: the card's answers come from the test, below.
class ReplayedCard final : public CardPort {
public:
    void check() override {}
    void read(card::Pin) override {}
    void read_individual_number() override {}
    void release() override {}
};

void write_key(const std::filesystem::path& path, char fill) {
    std::ofstream(path, std::ios::binary) << std::string(32, fill);
    ::chmod(path.c_str(), 0600);
}

// A kiosk of site chuo with a receipt printer that writes to a file and `a4_printer` as given.
std::filesystem::path kiosk_config(ServerProcess& server, const TempDir& dir, const std::string& a4_printer) {
    REQUIRE(server::test::run_server_binary("pki issue-terminal --dir " + server.pki_dir().string() +
                                            " --role kiosk --site chuo --name kiosk-a4") == 0);
    write_key(dir.path() / "terminal.key", 't');
    write_key(dir.path() / "application.key", 's');
    const auto pki = server.pki_dir();
    const auto path = dir.path() / "terminal.toml";
    std::ofstream(path) << "[terminal]\nsite = \"chuo\"\nservices = \"" MADOGUCHI_SOURCE_DIR "/assets/services.toml\"\n"
                        << "[server]\nurl = \"https://127.0.0.1:" << server.port() << "\"\nca_certificate = \""
                        << (pki / "ca.crt").string() << "\"\ncertificate = \""
                        << (pki / "terminals" / "kiosk-a4.crt").string() << "\"\nkey = \""
                        << (pki / "terminals" / "kiosk-a4.key").string() << "\"\n[storage]\noutbox = \""
                        << (dir.path() / "outbox.db").string() << "\"\nterminal_key = \""
                        << (dir.path() / "terminal.key").string() << "\"\napplication_key = \""
                        << (dir.path() / "application.key").string() << "\"\n[printer]\nconnection = \"file:"
                        << (dir.path() / "receipt.bin").string() << "\"\n[devices]\na4_printer = \"" << a4_printer
                        << "\"\n";
    return path;
}

std::shared_ptr<card::PersonalAttributes> yoshino() {
    auto person = std::make_shared<card::PersonalAttributes>();
    person->name = "𠮷野　太郎";
    person->address = "東京都中央区築地１丁目１番１号";
    person->birth_date = "19890108";
    person->sex = card::Sex::male;
    return person;
}

// Runs what the workers post, as the window's loop does, until `done` or a minute has gone.
template <typename Done>
bool pump(MainQueue& queue, Done done) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!done() && std::chrono::steady_clock::now() < give_up) {
        if (queue.drain() == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    return done();
}

struct Visit {
    std::string ticket_id;
    FormsPrint forms_print = FormsPrint::none;
};

// One citizen: the card read, 住民票 chosen, every question left for the counter, confirmed, the
// ticket printed; returns once the A4 printer has answered and the session has ended.
Visit citizen_files_forms(const TerminalConfig& config, MainQueue& queue, Session*& session_slot,
                          FormsPrintPort& forms_printer) {
    auto parts = load_ticket_parts(config);
    REQUIRE_MESSAGE(parts.has_value(), (parts ? "" : parts.error()));
    const std::array<std::string, 2> languages{"ja", "en"};
    auto translator = Translator::load(MADOGUCHI_BINARY_DIR "/share/madoguchi/locale", languages);
    REQUIRE(translator);
    auto desk = ApplicationDesk::open(config);
    REQUIRE_MESSAGE(desk.has_value(), (desk ? "" : desk.error().message));
    TicketService tickets(queue, config, std::move(*parts), *translator, [&session_slot](TicketUpdate update) {
        session_slot->on_ticket(std::move(update), Clock::now());
    });
    auto forms = load_forms(MADOGUCHI_SOURCE_DIR "/assets/forms");
    REQUIRE(forms);
    SessionSettings settings;
    settings.forms = std::make_shared<const std::vector<FormDefinition>>(std::move(*forms));
    // Open whatever the hour, so that the forms' service is issued without a choice.
    settings.ticket_menu = [] {
        return std::vector<ServiceChoice>{{"certificates", "証明書", "Certificates", true, "08:30-17:15"}};
    };
    ReplayedCard card;
    Session session(settings, Clock::now(), &card, &tickets, &*desk, &forms_printer);
    session_slot = &session;

    const auto now = Clock::now();
    session.apply(intent::Start{}, now);
    session.on_card(card_update::Inserted{}, now);
    session.apply(intent::ReadCard{}, now);
    session.on_card(card_update::Checked{3}, now);
    for (int digit : {1, 2, 3, 4}) {
        session.apply(intent::PinDigit{digit}, now);
    }
    session.apply(intent::PinSubmit{}, now);
    session.on_card(card_update::Read{yoshino()}, now);
    session.apply(intent::CardDone{}, now);
    session.apply(intent::ToggleForm{"juminhyo"}, now);
    session.apply(intent::FormsChosen{}, now);
    for (int asked = 0; session.screen() == ScreenId::forms_extras && asked < 100; ++asked) {
        session.apply(intent::AnswerSkip{}, now);
    }
    REQUIRE(session.screen() == ScreenId::forms_review);
    session.apply(intent::ConfirmForms{}, now);
    REQUIRE(session.screen() == ScreenId::ticket_printing);
    REQUIRE(pump(queue, [&] { return session.screen() != ScreenId::ticket_printing; }));
    REQUIRE(session.screen() == ScreenId::ticket_take);
    CHECK_FALSE(session.application_failed());
    // The session is not held up by the A4 printer, and keeps no filled form meanwhile.
    CHECK(session.forms_print() == FormsPrint::printing);
    CHECK_FALSE(session.forms().holds_personal_data());
    REQUIRE(pump(queue, [&] { return session.forms_print() != FormsPrint::printing; }));
    const Visit visit{session.ticket()->id, session.forms_print()};
    session.apply(intent::TicketDone{}, Clock::now());
    session.on_card(card_update::Removed{}, Clock::now());
    CHECK(session.screen() == ScreenId::attract);
    CHECK_FALSE(session.holds_personal_data());
    session_slot = nullptr;
    return visit;
}

// Nothing lost: the application is on the server already (sealed), or waits in the outbox.
bool application_kept(ServerProcess& server, const TerminalConfig& config, const std::string& ticket_id) {
    auto counter = server.client("counter", "chuo", "counter-reader");
    const auto stored = counter->Get(("/api/v1/tickets/" + ticket_id + "/application").c_str());
    if (stored && stored->status == 200) {
        return stored->body.find("𠮷野") == std::string::npos;
    }
    auto key = load_terminal_key(config.terminal_key);
    REQUIRE(key);
    auto outbox = Outbox::open(config.outbox, *key);
    REQUIRE(outbox);
    auto item = outbox->next_due(std::chrono::system_clock::now() + std::chrono::hours(1));
    return item && item->has_value() && (*item)->path == "/api/v1/applications";
}

}  // namespace

TEST_CASE("a kiosk with an A4 printer prints the citizen's filed forms through CUPS") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    madoguchi::testing::PrivateCups cups(dir.path() / "cups");
    std::string queue_name = "A4";
    FormsPrint expected = FormsPrint::printed;
    SUBCASE("the queue exists: the forms come out, the citizen takes them to the counter") {}
    SUBCASE("no such queue: the counter will print them") {
        queue_name = "NoSuchQueue";
        expected = FormsPrint::failed;
    }
    auto config = load_config(kiosk_config(server, dir, queue_name));
    REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().describe()));
    REQUIRE(config->kiosk_a4_printer == queue_name);

    MainQueue queue;
    Session* session = nullptr;
    FormsPrinter a4(queue, *config->kiosk_a4_printer, [&session](FormsPrintUpdate update) {
        session->on_forms_printed(update);
    });
    const Visit visit = citizen_files_forms(*config, queue, session, a4);
    CHECK(visit.forms_print == expected);
    CHECK(application_kept(server, *config, visit.ticket_id));
    if (expected == FormsPrint::printed) {
        REQUIRE(cups.wait_for_output());
        const std::string text = madoguchi::testing::pdf_text(cups.output());
        CHECK(text.find("住民票の写し等交付請求書") != std::string::npos);
        CHECK(text.find("𠮷野") != std::string::npos);
        CHECK(text.find("東京都中央区築地１丁目１番１号") != std::string::npos);
        // Streamed from memory: no PDF of ours next to the kiosk's files.
        for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
            CHECK(entry.path().extension() != ".pdf");
        }
    } else {
        CHECK_FALSE(std::filesystem::exists(cups.output()));
    }
}

TEST_CASE("a kiosk whose CUPS is not running says the counter will print the forms") {
    ServerProcess server(Backend::sqlite);
    TempDir dir;
    auto config = load_config(kiosk_config(server, dir, "A4"));
    REQUIRE(config.has_value());
    // A scheduler socket nobody listens on; the printer's worker thread reads it afresh.
    ::setenv("CUPS_SERVER", (dir.path() / "no-cupsd.sock").c_str(), 1);
    MainQueue queue;
    Session* session = nullptr;
    {
        FormsPrinter a4(queue, *config->kiosk_a4_printer, [&session](FormsPrintUpdate update) {
            session->on_forms_printed(update);
        });
        const Visit visit = citizen_files_forms(*config, queue, session, a4);
        CHECK(visit.forms_print == FormsPrint::failed);
        CHECK(application_kept(server, *config, visit.ticket_id));
    }
    ::unsetenv("CUPS_SERVER");
}
