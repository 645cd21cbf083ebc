#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "kiosk/application_payload.hpp"

using namespace madoguchi;

namespace {

const std::vector<FormDefinition>& shipped() {
    static const std::vector<FormDefinition> forms = *load_forms(MADOGUCHI_SOURCE_DIR "/assets/forms");
    return forms;
}

const FormDefinition& juminhyo() {
    return *std::ranges::find_if(shipped(), [](const FormDefinition& f) { return f.id == "juminhyo"; });
}

SecretKey key_of(std::uint8_t fill) {
    SecretKey key{};
    key.fill(fill);
    return key;
}

constexpr CalendarDate k_today{2026, 11, 26};

std::vector<FilledForm> filled_juminhyo(const card::PersonalAttributes& card) {
    Profile profile;
    profile.card = &card;
    profile.today = k_today;
    auto answers = parse_answers(R"(
phone = "03-1234-5678"
relationship = "本人"
certificate_kind = "住民票の写し（世帯全員）"
copies = 2
included_items = ["世帯主・続柄", "本籍・筆頭者"]
purpose = "年金"
)",
                                 "answers.toml");
    const FormDefinition* chosen[] = {&juminhyo()};
    return *fill_forms(chosen, *answers, profile);
}

card::PersonalAttributes yoshino() {
    card::PersonalAttributes card;
    card.name = "𠮷野　太郎";
    card.address = "東京都中央区築地１丁目１番１号";
    card.birth_date = "19890108";
    card.sex = card::Sex::male;
    return card;
}

std::string payload_of(const card::SecureBytes& request) {
    return nlohmann::json::parse(request.begin(), request.end())["payload"].get<std::string>();
}

// A payload sealed like the kiosk's, around any JSON a test wants to try.
std::string sealed_json(const std::string& plain, std::string_view ticket) {
    const auto box = seal(key_of(7), {reinterpret_cast<const std::uint8_t*>(plain.data()), plain.size()},
                          "madoguchi-application-v1\n" + std::string(ticket));
    return base64url_encode(*box);
}

}  // namespace

TEST_CASE("base64url round-trips every length and refuses other alphabets") {
    for (std::size_t size = 0; size < 40; ++size) {
        std::vector<std::uint8_t> bytes(size);
        for (std::size_t i = 0; i < size; ++i) {
            bytes[i] = static_cast<std::uint8_t>(i * 37 + 11);
        }
        const std::string text = base64url_encode(bytes);
        CHECK(text.find_first_of("+/=") == std::string::npos);
        const auto back = base64url_decode(text);
        REQUIRE(back.has_value());
        CHECK(std::vector<std::uint8_t>(back->begin(), back->end()) == bytes);
    }
    CHECK(base64url_encode(std::vector<std::uint8_t>{'M', 'a', 'n'}) == "TWFu");
    CHECK_FALSE(base64url_decode("TW+u").has_value());
    CHECK_FALSE(base64url_decode("TWFuT").has_value());
}

TEST_CASE("the request carries no personal data outside the sealed payload, and opens to the same forms") {
    const auto card = yoshino();
    const auto filled = filled_juminhyo(card);
    const auto request = application_request("ticket-1", filled, key_of(7), "ja");
    REQUIRE(request.has_value());
    const std::string body(request->begin(), request->end());
    CHECK(body.find("𠮷野") == std::string::npos);
    CHECK(body.find("築地") == std::string::npos);
    CHECK(body.find("03-1234") == std::string::npos);
    const auto json = nlohmann::json::parse(body);
    CHECK(json["ticket_id"] == "ticket-1");
    CHECK(json["form"] == "juminhyo");
    CHECK(json["metadata"]["versions"]["juminhyo"] == 1);
    CHECK(json["metadata"]["language"] == "ja");

    const auto opened = open_application(payload_of(*request), "ticket-1", shipped(), key_of(7), k_today);
    REQUIRE_MESSAGE(opened.has_value(), (opened ? "" : opened.error().message));
    REQUIRE(opened->size() == 1);
    const FilledForm& form = opened->front();
    CHECK(form.form->id == "juminhyo");
    CHECK(form.value("name")->printed() == "𠮷野　太郎");
    CHECK(form.value("name")->from_card);
    CHECK_FALSE(form.value("phone")->from_card);
    CHECK(form.value("birth_date")->printed() == "平成元年1月8日");
    CHECK(form.value("included_items")->values == std::vector<std::string>{"世帯主・続柄", "本籍・筆頭者"});
    CHECK(form.values.size() == filled.front().values.size());
}

TEST_CASE("a payload opens only with the site's key, for its own ticket, unaltered") {
    const auto card = yoshino();
    const auto request = application_request("ticket-1", filled_juminhyo(card), key_of(7), "ja");
    const std::string payload = payload_of(*request);
    CHECK(open_application(payload, "ticket-1", shipped(), key_of(8), k_today).error().code ==
          ApplicationError::sealed);
    CHECK(open_application(payload, "ticket-2", shipped(), key_of(7), k_today).error().code ==
          ApplicationError::sealed);
    std::string altered = payload;
    altered[20] = altered[20] == 'A' ? 'B' : 'A';
    CHECK(open_application(altered, "ticket-1", shipped(), key_of(7), k_today).error().code ==
          ApplicationError::sealed);
    CHECK(open_application("not base64url!", "ticket-1", shipped(), key_of(7), k_today).error().code ==
          ApplicationError::malformed);
    CHECK(open_application("", "ticket-1", shipped(), key_of(7), k_today).error().code == ApplicationError::sealed);
}

TEST_CASE("what opens is checked again: wrong format, unknown forms and fields, bad values") {
    const auto open = [](const std::string& plain) {
        return open_application(sealed_json(plain, "t"), "t", shipped(), key_of(7), k_today);
    };
    CHECK(open("[]").error().code == ApplicationError::malformed);
    CHECK(open(R"({"format": 2, "forms": []})").error().code == ApplicationError::malformed);
    CHECK(open(R"({"format": 1, "forms": [{"id": "juminhyo"}]})").error().code == ApplicationError::malformed);
    CHECK(open(R"({"format": 1, "forms": [{"id": "nosuch", "values": {}}]})").error().code == ApplicationError::form);
    CHECK(open(R"({"format": 1, "forms": [{"id": "juminhyo", "values": {"colour": {"values": ["red"]}}}]})")
              .error()
              .code == ApplicationError::form);
    const auto bad_date =
        open(R"({"format": 1, "forms": [{"id": "juminhyo", "values": {"birth_date": {"values": ["1989-02-30"]}}}]})");
    CHECK(bad_date.error().code == ApplicationError::form);
    CHECK(bad_date.error().message.find("1989") == std::string::npos);
    CHECK(open(R"({"format": 1, "forms": [{"id": "juminhyo", "values": {"copies": {"values": [2]}}}]})").error().code ==
          ApplicationError::malformed);
    CHECK(open(R"({"format": 1, "forms": []})")->empty());
}
