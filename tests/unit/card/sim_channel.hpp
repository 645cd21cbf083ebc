#pragma once
// Channels for driving MyNumberCard without PC/SC: the virtual card in-process, and a script of
// canned responses for card behaviour the virtual card does not have.
#include <deque>
#include <optional>
#include <vector>

#include "drivers/card/card_channel.hpp"
#include "tools/mynacard-sim/virtual_card.hpp"

namespace madoguchi::card::testing {

inline sim::Profile default_profile() {
    sim::Profile profile;
    profile.name = "番号\u3000花子";
    profile.address = "東京都千代田区永田町１丁目７番１号";
    profile.birth_date = "19850401";
    profile.sex = "2";
    profile.number = "123456789018";
    profile.pin = "1234";
    return profile;
}

class SimChannel final : public CardChannel {
public:
    explicit SimChannel(const sim::Profile& profile) : m_card(profile) {}

    CardResult<Response> transmit(const Command& command) override {
        const SecureBytes apdu = encode_command(command);
        sent.emplace_back(apdu.begin(), apdu.end());
        if (remove_after && sent.size() > *remove_after) {
            return fail(CardError::removed, "card pulled");
        }
        const auto answer = m_card.process(apdu);
        return parse_response(answer);
    }

    sim::VirtualCard& card() { return m_card; }

    std::vector<std::vector<std::uint8_t>> sent;
    std::optional<std::size_t> remove_after;

private:
    sim::VirtualCard m_card;
};

class ScriptedChannel final : public CardChannel {
public:
    CardResult<Response> transmit(const Command& command) override {
        const SecureBytes apdu = encode_command(command);
        sent.emplace_back(apdu.begin(), apdu.end());
        if (responses.empty()) {
            return fail(CardError::transport, "script ended");
        }
        auto bytes = std::move(responses.front());
        responses.pop_front();
        return parse_response(bytes);
    }

    std::deque<std::vector<std::uint8_t>> responses;
    std::vector<std::vector<std::uint8_t>> sent;
};

}  // namespace madoguchi::card::testing
