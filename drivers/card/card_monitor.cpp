#include "card_monitor.hpp"

#include <PCSC/winscard.h>

#include <chrono>
#include <map>
#include <vector>

#include "pcsc.hpp"

namespace madoguchi::card {
namespace {

constexpr auto k_reconnect_delay = std::chrono::seconds(1);
// SCardCancel is lost when it lands just before the wait starts; a bounded wait keeps the
// destructor from hanging on that race at the cost of one idle wake-up a second.
constexpr DWORD k_wait_ms = 1000;
constexpr const char* k_pnp_reader = "\\\\?PnP?\\Notification";

struct Watched {
    bool present = false;
    DWORD state = SCARD_STATE_UNAWARE;
};

}  // namespace

CardMonitor::CardMonitor(Callback callback)
    : m_callback(std::move(callback)), m_thread([this](std::stop_token stop) { run(stop); }) {}

CardMonitor::~CardMonitor() {
    m_thread.request_stop();
    {
        std::lock_guard lock(m_mutex);
        if (m_has_context) {
            SCardCancel(m_context);
        }
    }
    m_wake.notify_all();
}

void CardMonitor::run(std::stop_token stop) {
    bool reported_loss = false;
    while (!stop.stop_requested()) {
        SCARDCONTEXT context = 0;
        if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context) == SCARD_S_SUCCESS) {
            {
                std::lock_guard lock(m_mutex);
                m_context = context;
                m_has_context = true;
            }
            // The destructor may have asked to stop before the context existed to cancel.
            if (!stop.stop_requested()) {
                watch(stop, context);
            }
            {
                std::lock_guard lock(m_mutex);
                m_has_context = false;
            }
            SCardReleaseContext(context);
            if (stop.stop_requested()) {
                return;
            }
            reported_loss = false;
        }
        if (!reported_loss) {
            m_callback(CardEvent{CardEvent::Kind::service_lost, {}});
            reported_loss = true;
        }
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, stop, k_reconnect_delay, [] { return false; });
    }
}

void CardMonitor::watch(std::stop_token stop, long context) {
    std::map<std::string, Watched> readers;
    DWORD pnp_state = SCARD_STATE_UNAWARE;
    bool list_changed = true;
    while (!stop.stop_requested()) {
        if (list_changed) {
            list_changed = false;
            auto names = list_readers(context);
            if (!names) {
                return;
            }
            std::map<std::string, Watched> next;
            for (const std::string& name : *names) {
                auto known = readers.find(name);
                if (known == readers.end()) {
                    m_callback(CardEvent{CardEvent::Kind::reader_added, name});
                    next.emplace(name, Watched{});
                } else {
                    next.emplace(name, known->second);
                }
            }
            for (const auto& [name, watched] : readers) {
                if (!next.contains(name)) {
                    if (watched.present) {
                        m_callback(CardEvent{CardEvent::Kind::card_removed, name});
                    }
                    m_callback(CardEvent{CardEvent::Kind::reader_removed, name});
                }
            }
            readers = std::move(next);
        }

        std::vector<SCARD_READERSTATE> states;
        states.reserve(readers.size() + 1);
        SCARD_READERSTATE pnp{};
        pnp.szReader = k_pnp_reader;
        pnp.dwCurrentState = pnp_state;
        states.push_back(pnp);
        for (const auto& [name, watched] : readers) {
            SCARD_READERSTATE state{};
            state.szReader = name.c_str();
            state.dwCurrentState = watched.state;
            states.push_back(state);
        }
        const LONG rc = SCardGetStatusChange(context, k_wait_ms, states.data(), static_cast<DWORD>(states.size()));
        if (rc == SCARD_E_TIMEOUT) {
            continue;
        }
        if (rc != SCARD_S_SUCCESS) {
            return;
        }
        if ((states[0].dwEventState & SCARD_STATE_CHANGED) != 0) {
            pnp_state = states[0].dwEventState & ~SCARD_STATE_CHANGED;
            list_changed = true;
        }
        std::size_t index = 1;
        for (auto& [name, watched] : readers) {
            const SCARD_READERSTATE& state = states[index++];
            if ((state.dwEventState & SCARD_STATE_CHANGED) == 0) {
                continue;
            }
            watched.state = state.dwEventState & ~SCARD_STATE_CHANGED;
            if ((state.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE)) != 0) {
                list_changed = true;
                continue;
            }
            const bool present = (state.dwEventState & SCARD_STATE_PRESENT) != 0;
            if (present != watched.present) {
                watched.present = present;
                m_callback(CardEvent{present ? CardEvent::Kind::card_inserted : CardEvent::Kind::card_removed, name});
            }
        }
    }
}

}  // namespace madoguchi::card
