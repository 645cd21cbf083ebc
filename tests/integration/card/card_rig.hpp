#pragma once
// The real stack for card tests: pcscd + vsmartcard's vpcd + mynacard-sim.
//
// pcsc-lite 1.9.9's pcscd always listens on /run/pcscd/pcscd.comm, so the test process moves
// itself into a private mount namespace with a tmpfs on /run/pcscd (and a private network
// namespace, so vpcd's TCP port cannot clash with another rig or a real vpcd) and starts its own
// pcscd there. It never talks to, reuses or stops a pcscd it did not start. Needs root.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace madoguchi::card::testing {

inline constexpr const char* k_reader = "Virtual PCD 00 00";

class PcscRig {
public:
    // The rig of this process, set up on first use; throws std::runtime_error with the reason
    // when it cannot be (not root, pcscd or the vpcd driver missing).
    static PcscRig& instance();

    std::uint16_t port() const { return m_port; }
    const std::filesystem::path& dir() const { return m_dir; }

    PcscRig(const PcscRig&) = delete;
    PcscRig& operator=(const PcscRig&) = delete;
    ~PcscRig();

private:
    PcscRig();

    std::filesystem::path m_dir;
    std::uint16_t m_port = 35963;
    pid_t m_pcscd = -1;
};

struct SimOptions {
    std::optional<int> remove_after;
    std::optional<int> reinsert_after_ms;
};

// A running mynacard-sim with a profile (TOML text); the card is in the reader once the
// constructor returns. The destructor pulls it and waits until pcscd has seen that.
class SimCard {
public:
    explicit SimCard(const std::string& profile_toml, SimOptions options = {});
    SimCard(const SimCard&) = delete;
    SimCard& operator=(const SimCard&) = delete;
    ~SimCard();

    // Ends the simulator now: the card leaves the reader.
    void pull();

private:
    pid_t m_pid = -1;
};

// Polls PC/SC until the reader does (or does not) hold a card.
bool wait_for_card(bool present, std::chrono::milliseconds timeout = std::chrono::seconds(10));
// Waits for a (re)inserted card and then for pcscd to finish bringing it up: a connection made
// in the same instant can fail with "protocol mismatch" on this rig.
bool wait_for_settled_card();

}  // namespace madoguchi::card::testing
